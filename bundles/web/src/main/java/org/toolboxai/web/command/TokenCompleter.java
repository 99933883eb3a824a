package org.toolboxai.web.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.toolboxai.api.security.ApiToken;
import org.toolboxai.api.security.ApiTokenService;

/** Completes token names. */
@Service
public class TokenCompleter implements Completer {

    @Reference
    ApiTokenService tokens;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        for (ApiToken token : tokens.list()) {
            names.getStrings().add(token.name());
        }
        return names.complete(session, commandLine, candidates);
    }
}
