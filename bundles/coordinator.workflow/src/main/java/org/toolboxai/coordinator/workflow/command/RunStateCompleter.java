package org.toolboxai.coordinator.workflow.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.toolboxai.api.workflow.RunState;

/** Completes workflow run states. */
@Service
public class RunStateCompleter implements Completer {

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter states = new StringsCompleter();
        for (RunState state : RunState.values()) {
            states.getStrings().add(state.name());
        }
        return states.complete(session, commandLine, candidates);
    }
}
