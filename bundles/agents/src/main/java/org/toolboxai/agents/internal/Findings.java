package org.toolboxai.agents.internal;

import java.util.ArrayList;
import java.util.List;

import org.toolboxai.api.content.QualityReport;
import org.toolboxai.api.content.Severity;

/** Collects check findings. */
final class Findings {

    private final List<QualityReport.Finding> all = new ArrayList<>();

    void error(String check, String part, String message) {
        all.add(new QualityReport.Finding(check, Severity.ERROR, part, message));
    }

    void warning(String check, String part, String message) {
        all.add(new QualityReport.Finding(check, Severity.WARNING, part, message));
    }

    void addAll(Findings other) {
        all.addAll(other.all);
    }

    List<QualityReport.Finding> list() {
        return List.copyOf(all);
    }

    /** A count with its noun, singular for one: "1 question", "3 questions". */
    static String count(long n, String noun) {
        return n + " " + (n == 1 ? noun : noun + "s");
    }

    /** The errors as sentences, to feed back to a model. */
    List<String> errors() {
        return all.stream().filter(QualityReport.Finding::fails).map(f -> f.part() + ": " + f.message()).toList();
    }
}
