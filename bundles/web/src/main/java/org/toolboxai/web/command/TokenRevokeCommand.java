package org.toolboxai.web.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.toolboxai.api.security.ApiTokenService;

/** Revokes an API token at once. */
@Service
@Command(scope = "toolbox", name = "token-revoke", description = "Revoke an API token by name or id")
public class TokenRevokeCommand implements Action {

    @Reference
    ApiTokenService tokens;

    @Argument(index = 0, name = "token", description = "token name or id", required = true)
    @Completion(TokenCompleter.class)
    String token;

    @Override
    public Object execute() {
        if (!tokens.revoke(token)) {
            throw new IllegalArgumentException("No token has the name or id '" + token + "'.");
        }
        System.out.println("Token '" + token + "' revoked.");
        return null;
    }
}
