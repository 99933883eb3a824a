package org.toolboxai.web.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.toolboxai.api.security.ApiToken;
import org.toolboxai.api.security.ApiTokenService;

/** Lists API tokens, never their secrets. */
@Service
@Command(scope = "toolbox", name = "token-list", description = "List API tokens")
public class TokenListCommand implements Action {

    @Reference
    ApiTokenService tokens;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Id");
        table.column("Role");
        table.column("Created");
        table.column("Last used");
        for (ApiToken token : tokens.list()) {
            table.addRow().addContent(token.name(), token.id(), token.role().id(), token.createdAt(),
                    token.lastUsedAt() == null ? "never" : token.lastUsedAt());
        }
        table.print(System.out);
        return null;
    }
}
