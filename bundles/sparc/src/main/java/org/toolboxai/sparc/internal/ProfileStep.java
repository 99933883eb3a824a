package org.toolboxai.sparc.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.workflow.StepContext;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepResult;

/**
 * {@code sparc.profile} (student profile analysis): the ability of the students the teacher named
 * in {@code student_profile} ({@code student} or {@code students}) in the subject's domain, from
 * their answers so far, and the ability the assessment is centred on (their mean; 0, the prior's
 * mean, when none has answered yet). Only students of the run owner's classes are read; the others
 * are listed as not in them. Output: {@code bank}, {@code students},
 * {@code not_in_your_classes}, {@code target_theta}.
 */
@Component(service = StepHandler.class)
public class ProfileStep implements StepHandler {

    static final String TYPE = "sparc.profile";

    private final SparcService sparc;

    @Activate
    public ProfileStep(@Reference SparcService sparc) {
        this.sparc = sparc;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StepResult execute(StepContext context) throws Exception {
        String bank = SparcService.bankOf(String.valueOf(context.parameters().get("subject")));
        List<String> names = new ArrayList<>();
        if (context.parameters().get("student_profile") instanceof Map<?, ?> profile) {
            if (profile.get("student") instanceof String one) {
                names.add(one);
            }
            if (profile.get("students") instanceof List<?> many) {
                many.stream().filter(String.class::isInstance).map(String.class::cast).limit(500).forEach(names::add);
            }
        }
        List<Map<String, Object>> students = new ArrayList<>();
        double sum = 0;
        int measured = 0;
        List<String> unknown = new ArrayList<>();
        for (String name : names.stream().distinct().toList()) {
            // only the students the run's owner teaches: a run's owner is a name, its role is not known here
            if (!sparc.maySee(context.owner(), name)) {
                unknown.add(name);
                continue;
            }
            Wire.AbilityView a = sparc.ability(name, bank);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("student", name);
            row.put("theta", a.theta());
            row.put("se", a.se());
            row.put("answers", a.answers());
            students.add(row);
            if (a.answers() > 0) {
                sum += a.theta();
                measured++;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bank", bank);
        out.put("students", students);
        out.put("not_in_your_classes", unknown);
        out.put("target_theta", measured == 0 ? 0.0 : sum / measured);
        return StepResult.of(out);
    }
}
