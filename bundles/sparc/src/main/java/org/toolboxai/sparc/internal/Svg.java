package org.toolboxai.sparc.internal;

import java.util.List;
import java.util.Locale;

import org.toolboxai.sparc.model.CatSimulation;

/** SPARC's pictures, as standalone SVG documents (no script, text escaped). */
final class Svg {

    private static final int W = 640;
    private static final int H = 260;
    private static final int LEFT = 50;
    private static final int TOP = 30;
    private static final int PLOT_W = W - LEFT - 20;
    private static final int PLOT_H = H - TOP - 40;

    private Svg() {
    }

    /**
     * A student's report: the ability after each answer with its 95% band (top), and the mastery of
     * each skill with the mastered line at 0.95 (bottom).
     *
     * @param history {answer day, θ, SE} after each answer of the student's main domain
     */
    static String report(String student, String domain, List<double[]> history, List<Wire.SkillView> skills) {
        int barH = 22;
        int height = H + 50 + Math.max(1, skills.size()) * barH + 20;
        StringBuilder s = header(W, height);
        s.append(text(LEFT, 20, "Ability of " + student + (domain == null ? "" : " in " + domain)
                + " after each answer, with its 95% band", 14, "start"));
        frame(s, TOP, -4, 4, "θ");
        int n = history.size();
        if (n > 0) {
            StringBuilder band = new StringBuilder();
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < n; i++) {
                double[] h = history.get(i);
                band.append(i == 0 ? "M" : "L").append(x(i, n)).append(',').append(y(h[1] + 1.96 * h[2], -4, 4, TOP)).append(' ');
                line.append(i == 0 ? "M" : "L").append(x(i, n)).append(',').append(y(h[1], -4, 4, TOP)).append(' ');
            }
            for (int i = n - 1; i >= 0; i--) {
                double[] h = history.get(i);
                band.append('L').append(x(i, n)).append(',').append(y(h[1] - 1.96 * h[2], -4, 4, TOP)).append(' ');
            }
            s.append("<path d=\"").append(band).append("Z\" fill=\"#9ecae1\" fill-opacity=\"0.5\" stroke=\"none\"/>\n");
            s.append("<path d=\"").append(line).append("\" fill=\"none\" stroke=\"#08519c\" stroke-width=\"2\"/>\n");
            double[] last = history.get(n - 1);
            s.append(text(LEFT + PLOT_W, TOP + PLOT_H + 30, String.format(Locale.ROOT, "%d answers; now θ = %.2f ± %.2f", n, last[1],
                    last[2]), 12, "end"));
        } else {
            s.append(text(LEFT + PLOT_W / 2, TOP + PLOT_H / 2, "no answers yet", 12, "middle"));
        }
        int top = H + 30;
        s.append(text(LEFT, top, "Mastery per skill (BKT); mastered at 0.95", 14, "start"));
        int labelW = 200;
        int barW = W - labelW - 40;
        int i = 0;
        for (Wire.SkillView k : skills) {
            int yy = top + 12 + i * barH;
            s.append(text(labelW - 6, yy + 14, shorten(k.skill()), 11, "end"));
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" fill=\"#eeeeee\"/>\n", labelW, yy, barW));
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"%s\"/>\n", labelW, yy,
                    barW * k.mastery(), k.mastered() ? "#31a354" : "#fd8d3c"));
            s.append(text(labelW + barW + 4, yy + 13, String.format(Locale.ROOT, "%.2f", k.mastery()), 10, "start"));
            i++;
        }
        if (!skills.isEmpty()) {
            int mx = labelW + (int) Math.round(barW * 0.95);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\" stroke-dasharray=\"4 3\"/>\n",
                    mx, top + 8, mx, top + 12 + skills.size() * barH));
        }
        return s.append("</svg>\n").toString();
    }

    /** The simulation's RMSE and mean reported SE against test length, for max-information and random selection. */
    static String simulation(List<CatSimulation.Row> rows, int students) {
        StringBuilder s = header(W, H + 60);
        s.append(text(LEFT, 20, "CAT simulation (" + students + " students, 300-item 2PL bank): error against test length", 14,
                "start"));
        frame(s, TOP, 0, 1, "");
        int maxLength = 30;
        String[][] series = {{"max information", "rmse", "#08519c", ""}, {"max information", "se", "#08519c", "6 4"},
            {"random", "rmse", "#de2d26", ""}, {"random", "se", "#de2d26", "6 4"}};
        for (String[] serie : series) {
            StringBuilder d = new StringBuilder();
            for (CatSimulation.Row r : rows) {
                if (!r.design().startsWith(serie[0] + ", ") || r.design().contains("until")) {
                    continue;
                }
                double v = serie[1].equals("rmse") ? r.rmse() : r.meanSe();
                double px = LEFT + PLOT_W * r.meanLength() / maxLength;
                d.append(d.length() == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f,%.1f ", px, y(v, 0, 1, TOP)));
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", px, y(v, 0, 1, TOP), serie[2]));
            }
            s.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(serie[2]).append("\" stroke-width=\"2\"")
                    .append(serie[3].isEmpty() ? "" : " stroke-dasharray=\"" + serie[3] + "\"").append("/>\n");
        }
        for (int len = 0; len <= maxLength; len += 5) {
            s.append(text(LEFT + PLOT_W * len / maxLength, TOP + PLOT_H + 16, Integer.toString(len), 11, "middle"));
        }
        s.append(text(LEFT + PLOT_W / 2, TOP + PLOT_H + 32, "items given", 12, "middle"));
        int ly = H + 25;
        s.append(legend(LEFT, ly, "#08519c", "", "max-information RMSE"));
        s.append(legend(LEFT + 300, ly, "#08519c", "6 4", "max-information mean SE"));
        s.append(legend(LEFT, ly + 20, "#de2d26", "", "random RMSE"));
        s.append(legend(LEFT + 300, ly + 20, "#de2d26", "6 4", "random mean SE"));
        return s.append("</svg>\n").toString();
    }

    private static String legend(int x, int y, String colour, String dash, String label) {
        return String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>\n", x, y - 4,
                x + 30, y - 4, colour, dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"") + text(x + 36, y, label, 12, "start");
    }

    private static StringBuilder header(int width, int height) {
        return new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">\n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
                width, height, width, height));
    }

    private static void frame(StringBuilder s, int top, double min, double max, String label) {
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>\n", LEFT,
                top, PLOT_W, PLOT_H));
        for (int k = 0; k <= 4; k++) {
            double v = min + (max - min) * k / 4;
            double yy = y(v, min, max, top);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>\n", LEFT, yy,
                    LEFT + PLOT_W, yy));
            s.append(text(LEFT - 6, (int) yy + 4, trim(v), 11, "end"));
        }
        s.append(text(14, top + PLOT_H / 2, label, 12, "middle"));
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String x(int i, int n) {
        return String.format(Locale.ROOT, "%.1f", LEFT + (n == 1 ? PLOT_W / 2.0 : PLOT_W * (double) i / (n - 1)));
    }

    private static double y(double v, double min, double max, int top) {
        double clamped = Math.max(min, Math.min(max, v));
        return top + PLOT_H * (max - clamped) / (max - min);
    }

    private static String text(int x, int y, String value, int size, String anchor) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" text-anchor=\"%s\">%s</text>\n", x, y, size, anchor,
                escape(value));
    }

    private static String shorten(String s) {
        return s.length() <= 32 ? s : s.substring(0, 31) + "…";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
