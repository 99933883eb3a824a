package org.toolboxai.sparc.command;

import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;
import org.toolboxai.sparc.internal.SparcService;
import org.toolboxai.sparc.internal.Wire;

/** {@code toolbox:sparc-student ID}: a student's abilities, skills, reviews and the policy's recent decisions. */
@Service
@Command(scope = "toolbox", name = "sparc-student", description = "Show a student's SPARC profile: ability, mastery, reviews, decisions")
public class SparcStudentCommand implements Action {

    @Reference
    SparcService sparc;

    @Argument(index = 0, name = "student", description = "the student's user or token name", required = true)
    String student;

    @Override
    public Object execute() throws Exception {
        Wire.Profile p = sparc.profile(new Caller("shell", Role.ADMIN, "shell"), student);
        System.out.println("Student " + p.student());
        ShellTable abilities = new ShellTable();
        abilities.column("Domain");
        abilities.column("θ");
        abilities.column("SE");
        abilities.column("Answers");
        p.abilities().forEach(a -> abilities.addRow().addContent(a.domain(), f(a.theta()), f(a.se()), a.answers()));
        abilities.print(System.out);
        ShellTable skills = new ShellTable();
        skills.column("Skill").maxSize(50);
        skills.column("Mastery");
        skills.column("Answers");
        skills.column("Mastered");
        skills.column("Next review");
        p.skills().forEach(k -> skills.addRow().addContent(k.skill(), f(k.mastery()), k.answers(), k.mastered() ? "yes" : "no",
                k.nextReview() == null ? "-" : k.nextReview()));
        skills.print(System.out);
        if (!p.decisions().isEmpty()) {
            ShellTable decisions = new ShellTable();
            decisions.column("Session");
            decisions.column("Pos");
            decisions.column("Context");
            decisions.column("Action");
            decisions.column("Reward");
            p.decisions().stream().limit(20).forEach(d -> decisions.addRow().addContent(d.sessionId().substring(0, 8), d.position(),
                    d.context(), d.action(), d.reward() == null ? "-" : f(d.reward())));
            decisions.print(System.out);
        }
        return null;
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
