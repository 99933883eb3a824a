package org.toolboxai.sparc.command;

import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.toolboxai.sparc.model.CatSimulation;
import org.toolboxai.sparc.model.PolicySimulation;

/**
 * {@code toolbox:sparc-simulate}: the seeded CAT simulation (300-item 2PL bank, fixed and variable
 * length, max-information and random selection) and the policy simulation, as tables.
 */
@Service
@Command(scope = "toolbox", name = "sparc-simulate", description = "Run SPARC's seeded simulations and print their tables")
public class SparcSimulateCommand implements Action {

    @Option(name = "--students", description = "simulated students (100-5000; default 2000, about 20 s)")
    int students = 2000;

    @Option(name = "--seed", description = "the random seed (default 2026)")
    long seed = 2026;

    @Override
    public Object execute() {
        if (students < 100 || students > 5000) {
            throw new IllegalArgumentException("--students must be from 100 to 5000");
        }
        System.out.println("CAT: 300-item 2PL bank (a ~ N(1.2, 0.25), b ~ N(0, 1)), " + students + " students (θ ~ N(0, 1)), EAP,"
                + " randomesque top 5, content balanced over 5 objectives; seed " + seed);
        System.out.print(CatSimulation.table(CatSimulation.run(seed, students)));
        System.out.println();
        System.out.println("Policy: mean true mastery after 12 steps (" + students + " students)");
        for (String fixed : PolicySimulation.ACTIONS) {
            PolicySimulation.Result r = PolicySimulation.run(seed, students, 12, fixed);
            System.out.println(String.format(Locale.ROOT, "  Thompson bandit %.3f   always %-15s %.3f", r.bandit(), fixed, r.fixed()));
        }
        return null;
    }
}
