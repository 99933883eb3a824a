package org.toolboxai.coordinator.sync.command;

import java.time.Duration;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.toolboxai.coordinator.sync.internal.SyncEvents;

/** The end of the event log, and with --follow the events as they come (a tail -f, bounded in time). */
@Service
@Command(scope = "toolbox", name = "events", description = "Show the newest events of the log; --follow shows new ones as they come")
public class EventsCommand implements Action {

    @Reference
    SyncEvents events;

    @Argument(index = 0, name = "topic", description = "a topic (workflow/run/<id>, state/<name>) or a prefix (workflow/*); all when absent")
    String topic;

    @Option(name = "--limit", description = "How many of the newest events to show first")
    int limit = 20;

    @Option(name = "--follow", aliases = "-f", description = "Then show new events for this many seconds (Ctrl-C ends it)")
    int follow = 0;

    @Override
    public Object execute() throws Exception {
        try {
            for (SyncEvents.EventLine line : events.recent(topic, Math.max(1, Math.min(limit, 1000)))) {
                print(line);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a topic: " + topic + " (" + e.getMessage() + ")");
        }
        if (follow > 0) {
            events.follow(topic, Duration.ofSeconds(Math.min(follow, 3600)), EventsCommand::print);
        }
        return null;
    }

    private static void print(SyncEvents.EventLine line) {
        String payload = line.payload().length() > 160 ? line.payload().substring(0, 157) + "..." : line.payload();
        System.out.println(line.seq() + "  " + line.at() + "  " + line.topic() + "  p" + line.priority() + "  " + payload);
        System.out.flush();
    }
}
