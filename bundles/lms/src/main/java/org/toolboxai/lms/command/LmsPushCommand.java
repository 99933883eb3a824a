package org.toolboxai.lms.command;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.toolboxai.api.lms.LmsTarget;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;
import org.toolboxai.lms.internal.LmsService;
import org.toolboxai.lms.internal.PushView;

/** {@code toolbox:lms-push}: pushes a lesson or course to an LMS as a user, and prints what it made. */
@Service
@Command(scope = "toolbox", name = "lms-push", description = "Push a finished lesson or course to an installed LMS and wait for the result")
public class LmsPushCommand implements Action {

    @Reference
    LmsService lms;

    @Argument(index = 0, name = "provider", required = true, description = "The LMS: files, canvas, schoology (see toolbox:lms-list)")
    String provider;

    @Argument(index = 1, name = "id", required = true, description = "A lesson's content id or a course id")
    String id;

    @Option(name = "--course", description = "The LMS course id (Canvas)")
    String course;

    @Option(name = "--section", description = "The LMS section id (Schoology)")
    String section;

    @Option(name = "--user", description = "Push as this user, with their stored credentials (default: admin, who sees every content)")
    String user = "admin";

    @Option(name = "--wait", description = "Seconds to wait for the result (default 120)")
    int wait = 120;

    @Override
    public Object execute() throws Exception {
        Caller caller = new Caller(user, user.equals("admin") ? Role.ADMIN : Role.TEACHER, "shell");
        PushView push = lms.push(provider, id, new LmsTarget(course, section), caller, null);
        System.out.println("Push " + push.id() + " of " + push.kind() + " " + id + " to " + provider + " ...");
        PushView done = lms.await(push.id(), Duration.ofSeconds(Math.max(1, wait))).toCompletableFuture().get(wait + 5L, TimeUnit.SECONDS);
        System.out.println("State: " + done.state() + (done.error() == null ? "" : " (" + done.failureKind() + "): " + done.error()));
        if (!done.ended()) {
            System.out.println("Still " + done.progress().doing() + " (" + done.progress().done() + "/" + done.progress().total()
                    + "); follow it at /api/v1/lms/pushes/" + done.id());
        }
        ShellTable table = new ShellTable();
        for (String column : new String[] {"Kind", "Holds", "Action", "Id", "Link"}) {
            table.column(column);
        }
        done.objects().forEach(o -> table.addRow().addContent(o.kind(), o.key(), o.action(), o.remoteId(), o.url() == null ? "" : o.url()));
        table.print(System.out);
        done.issues().forEach(i -> System.out.println(i.severity() + " " + i.part() + ": " + i.message()));
        return null;
    }
}
