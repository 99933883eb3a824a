package org.toolboxai.web.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.toolboxai.api.security.ApiTokenService;
import org.toolboxai.api.security.IssuedToken;
import org.toolboxai.api.security.Role;

/** Issues an API token and prints its secret once. */
@Service
@Command(scope = "toolbox", name = "token-create", description = "Issue an API token (its secret is shown only now)")
public class TokenCreateCommand implements Action {

    @Reference
    ApiTokenService tokens;

    @Option(name = "--role", aliases = "-r", description = "admin, teacher or viewer", required = true)
    @Completion(RoleCompleter.class)
    String role;

    @Argument(index = 0, name = "name", description = "unique token name, e.g. the client it is for", required = true)
    String name;

    @Override
    public Object execute() {
        Role parsed = Role.parse(role).orElseThrow(() ->
                new IllegalArgumentException("Unknown role '" + role + "'; use admin, teacher or viewer."));
        IssuedToken issued = tokens.issue(name, parsed);
        System.out.println("Token '" + issued.token().name() + "' (id " + issued.token().id() + ", role "
                + parsed.id() + ") issued. Its secret, shown only this once:");
        System.out.println(issued.secret());
        return null;
    }
}
