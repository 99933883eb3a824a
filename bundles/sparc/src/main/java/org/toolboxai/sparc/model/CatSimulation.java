package org.toolboxai.sparc.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The seeded simulation of the adaptive test (no external data): a 300-item 2PL bank with
 * a ~ N(1.2, 0.25) (sd 0.25, kept above 0.3) and b ~ N(0, 1) over 5 objectives, 2,000 students
 * with θ ~ N(0, 1); fixed-length tests of 5, 10, 20 and 30 items by maximum information (with
 * randomesque exposure control among the best 5) and by random selection; and variable-length
 * tests stopping at SE <= 0.3. Each row: RMSE, bias and correlation of the EAP estimate with the
 * true θ, the mean reported SE, the mean length, and the largest share of tests an item was in.
 */
public final class CatSimulation {

    /** One row of the table. */
    public record Row(String design, double meanLength, double rmse, double bias, double correlation, double meanSe, double maxExposure) {

        String format() {
            return String.format(Locale.ROOT, "| %s | %.1f | %.3f | %+.3f | %.3f | %.3f | %.2f |", design, meanLength, rmse, bias,
                    correlation, meanSe, maxExposure);
        }
    }

    private CatSimulation() {
    }

    /** The bank of the simulation. */
    public static List<Cat.BankItem> bank(Random random) {
        List<Cat.BankItem> bank = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double a = Math.max(0.3, 1.2 + 0.25 * random.nextGaussian());
            bank.add(new Cat.BankItem("i" + i, Irt.Item.twoPl(a, random.nextGaussian()), "obj" + (i % 5)));
        }
        return bank;
    }

    /** Runs every design with {@code students} simulated students; seeded, so the table is the same each time. */
    public static List<Row> run(long seed, int students) {
        Random random = new Random(seed);
        List<Cat.BankItem> bank = bank(random);
        double[] thetas = new double[students];
        for (int s = 0; s < students; s++) {
            thetas[s] = random.nextGaussian();
        }
        List<Row> rows = new ArrayList<>();
        for (int length : new int[] {5, 10, 20, 30}) {
            rows.add(design("max information, " + length + " items", bank, thetas, new Cat.StopRule(length, length, 0, null), 5, seed));
            rows.add(design("random, " + length + " items", bank, thetas, new Cat.StopRule(length, length, 0, null), bank.size(), seed));
        }
        rows.add(design("max information, until SE <= 0.3 (5-40 items)", bank, thetas, new Cat.StopRule(5, 40, 0.3, null), 5, seed));
        return rows;
    }

    private static Row design(String name, List<Cat.BankItem> bank, double[] thetas, Cat.StopRule rule, int randomesque, long seed) {
        Random random = new Random(seed * 31 + name.hashCode());
        double sq = 0;
        double sum = 0;
        double se = 0;
        double length = 0;
        double[] estimates = new double[thetas.length];
        Map<String, Integer> exposure = new HashMap<>();
        for (int s = 0; s < thetas.length; s++) {
            Set<String> given = new HashSet<>();
            Map<String, Integer> perObjective = new HashMap<>();
            List<Irt.Response> responses = new ArrayList<>();
            Irt.Estimate e = Irt.eap(responses, 0, 1);
            while (Cat.stop(rule, responses.size(), e, given.size() < bank.size()) == null) {
                Cat.BankItem item = Cat.next(bank, given, perObjective, e.theta(), randomesque, random);
                given.add(item.id());
                perObjective.merge(String.valueOf(item.objective()), 1, Integer::sum);
                exposure.merge(item.id(), 1, Integer::sum);
                responses.add(new Irt.Response(item.item(), random.nextDouble() < Irt.p(thetas[s], item.item())));
                e = Irt.eap(responses, 0, 1);
            }
            estimates[s] = e.theta();
            double d = e.theta() - thetas[s];
            sq += d * d;
            sum += d;
            se += e.se();
            length += responses.size();
        }
        int n = thetas.length;
        int maxExposed = exposure.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return new Row(name, length / n, Math.sqrt(sq / n), sum / n, pearson(thetas, estimates), se / n, (double) maxExposed / n);
    }

    static double pearson(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= x.length;
        my /= y.length;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** The table as Markdown. */
    public static String table(List<Row> rows) {
        StringBuilder out = new StringBuilder("| design | mean length | RMSE | bias | r(θ̂, θ) | mean SE | max exposure |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            out.append(r.format()).append('\n');
        }
        return out.toString();
    }
}
