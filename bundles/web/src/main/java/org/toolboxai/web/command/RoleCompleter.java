package org.toolboxai.web.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.toolboxai.api.security.Role;

/** Completes role names. */
@Service
public class RoleCompleter implements Completer {

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter roles = new StringsCompleter();
        for (Role role : Role.values()) {
            roles.getStrings().add(role.id());
        }
        return roles.complete(session, commandLine, candidates);
    }
}
