package org.toolboxai.sparc.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.http.ApiEndpoint;
import org.toolboxai.api.http.ApiRequest;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.security.Role;
import org.toolboxai.sparc.model.CatSimulation;

/**
 * SPARC's routes under {@code /api/v1/sparc}: adaptive sessions and their answers, student
 * profiles and reports, item banks and classes. Served while this bundle runs; authentication,
 * JSON and problem details come from the web bundle.
 */
@Component(service = ApiEndpoint.class)
public class SparcEndpoint implements ApiEndpoint {

    static final String SVG = "image/svg+xml";
    /** Students in the simulation behind {@code simulation.svg}: enough for a smooth curve in a few seconds. */
    static final int PICTURE_STUDENTS = 500;

    private final SparcService sparc;
    private volatile String simulationSvg;

    @Activate
    public SparcEndpoint(@Reference SparcService sparc) {
        this.sparc = sparc;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.post("/sparc/sessions", Role.VIEWER, r -> {
                    Wire.SessionView s = sparc.start(r.requireCaller(), r.body(Wire.StartRequest.class));
                    return ApiResponse.created("/api/v1/sparc/sessions/" + s.id(), s);
                }).described("Start an adaptive session (assessment or practice) and get its first item", Wire.StartRequest.class,
                        Wire.SessionView.class).withStatus(201),
                ApiRoute.get("/sparc/sessions/{id}", Role.VIEWER, r -> ApiResponse.ok(sparc.session(r.requireCaller(), r.pathParam("id"))))
                        .described("A session: the item to answer now, or its result", null, Wire.SessionView.class),
                ApiRoute.delete("/sparc/sessions/{id}", Role.VIEWER, r -> ApiResponse.ok(sparc.abandon(r.requireCaller(), r.pathParam("id"))))
                        .described("Abandon an unfinished session (it ends where it is)", null, Wire.SessionView.class),
                ApiRoute.post("/sparc/sessions/{id}/answers", Role.VIEWER,
                        r -> ApiResponse.ok(sparc.answer(r.requireCaller(), r.pathParam("id"), r.body(Wire.AnswerRequest.class))))
                        .described("Answer the item presented now; get feedback and the next item or the result",
                                Wire.AnswerRequest.class, Wire.AnswerView.class),
                ApiRoute.get("/sparc/students/{id}", Role.VIEWER, r -> ApiResponse.ok(sparc.profile(r.requireCaller(), r.pathParam("id"))))
                        .described("A student's profile: ability per domain, mastery and reviews per skill, sessions, decisions", null,
                                Wire.Profile.class),
                new ApiRoute("GET", "/sparc/students/{id}/report.svg", Role.VIEWER, SVG, this::report)
                        .described("A student's report as SVG: ability with its 95% band over time, mastery per skill", null, null),
                ApiRoute.get("/sparc/banks", Role.TEACHER, r -> ApiResponse.ok(sparc.banks()))
                        .described("The item banks and their sizes", null, Wire.Banks.class),
                ApiRoute.get("/sparc/banks/{bank}/items", Role.TEACHER, r -> ApiResponse.ok(sparc.bank(r.pathParam("bank"))))
                        .described("A bank's items with keys, exposure, calibration and fit", null, Wire.BankStats.class),
                ApiRoute.post("/sparc/classes", Role.ADMIN, r -> {
                    Wire.ClassView k = sparc.createClass(r.requireCaller(), r.body(Wire.ClassRequest.class));
                    return ApiResponse.created("/api/v1/sparc/classes/" + k.id(), k);
                }).described("Create a class with its teacher and students", Wire.ClassRequest.class, Wire.ClassView.class)
                        .withStatus(201),
                ApiRoute.get("/sparc/classes", Role.TEACHER, r -> ApiResponse.ok(sparc.classes(r.requireCaller())))
                        .described("Your classes (admins: all)", null, Wire.Classes.class),
                ApiRoute.post("/sparc/classes/{id}/students", Role.ADMIN,
                        r -> ApiResponse.ok(sparc.enrol(r.requireCaller(), r.pathParam("id"), r.body(Wire.EnrolRequest.class))))
                        .described("Enrol more students in a class", Wire.EnrolRequest.class, Wire.ClassView.class),
                new ApiRoute("GET", "/sparc/decisions.csv", Role.ADMIN, "text/csv", r -> ApiResponse.stream("text/csv; charset=utf-8",
                        "sparc-decisions.csv", out -> sparc.exportDecisions(out)))
                        .described("Every decision of the policy with its context and reward, as CSV, for offline evaluation", null, null),
                new ApiRoute("GET", "/sparc/simulation.svg", Role.VIEWER, SVG, r -> svg(simulation()))
                        .described("The CAT simulation's RMSE and mean SE against test length, as SVG", null, null));
    }

    private ApiResponse report(ApiRequest r) throws Exception {
        String student = r.pathParam("id");
        Wire.Profile profile = sparc.profile(r.requireCaller(), student);
        // the domain with the most answers (the first by name among equals)
        String domain = profile.abilities().stream().max(java.util.Comparator.comparingInt(Wire.AbilityView::answers)
                .thenComparing(Wire.AbilityView::domain, java.util.Comparator.reverseOrder())).map(Wire.AbilityView::domain).orElse(null);
        return svg(Svg.report(student, domain, domain == null ? List.of() : sparc.abilityHistory(r.requireCaller(), student, domain),
                profile.skills()));
    }

    private String simulation() {
        String svg = simulationSvg;
        if (svg == null) {
            svg = Svg.simulation(CatSimulation.run(2026, PICTURE_STUDENTS), PICTURE_STUDENTS);
            simulationSvg = svg;
        }
        return svg;
    }

    private static ApiResponse svg(String svg) {
        byte[] bytes = svg.getBytes(StandardCharsets.UTF_8);
        return ApiResponse.stream(SVG, null, out -> out.write(bytes));
    }
}
