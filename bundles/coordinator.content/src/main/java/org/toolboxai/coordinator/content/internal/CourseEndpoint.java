package org.toolboxai.coordinator.content.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.toolboxai.api.content.ExportFormat;
import org.toolboxai.api.http.ApiEndpoint;
import org.toolboxai.api.http.ApiRequest;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;
import org.toolboxai.api.workflow.StepState;
import org.toolboxai.api.workflow.StepView;
import org.toolboxai.api.workflow.WorkflowRun;
import org.toolboxai.api.workflow.WorkflowException;
import org.toolboxai.api.workflow.WorkflowService;

/**
 * {@code POST /api/v1/courses} (a course: a {@code complete_course} run) and
 * {@code GET /api/v1/courses/{id}} (progress per lesson while it is made, the course when done),
 * {@code POST /api/v1/courses/{id}/lessons/{n}/retry} (a lesson made again: a lesson that fails
 * fails only its own branch of the run) and the course's place as exports.
 * A course is its run: its id, owner and access are the run's.
 */
@Component(service = ApiEndpoint.class)
public class CourseEndpoint implements ApiEndpoint {

    public static final String TEMPLATE = "complete_course";
    private static final Pattern LESSON_STEP = Pattern.compile("lesson_(\\d+)\\.(.+)");

    /**
     * {@code POST /api/v1/courses}: what the template takes.
     *
     * @param lessonCount     lessons, 1-20 (default 4)
     * @param durationMinutes minutes per lesson, 5-180 (default 45)
     */
    public record CourseRequest(String subject, Integer gradeLevel, List<String> learningObjectives, Integer lessonCount,
            Integer durationMinutes, String environmentType, String difficulty, List<String> standards, Map<String, Object> quiz) {
    }

    /** A lesson's progress: how many of its steps are done, and why it failed if it did. */
    public record LessonProgress(int number, String state, int stepsDone, int steps, String failure) {
    }

    /** {@code GET /api/v1/courses/{id}}. */
    public record CourseView(String id, String state, double progress, String owner, List<LessonProgress> lessons,
            Map<String, Object> course, String error) {
    }

    private final WorkflowService workflows;
    private final ExportFormats formats = new ExportFormats();

    /** An export format appeared (the roblox bundle's, for instance). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addFormat(ExportFormat format) {
        formats.add(format);
    }

    void removeFormat(ExportFormat format) {
        formats.remove(format);
    }

    @Activate
    public CourseEndpoint(@Reference WorkflowService workflows) {
        this.workflows = workflows;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.post("/courses", Role.TEACHER, this::create)
                        .described("Make a course: an outline, its lessons, the assessment strategy, navigation and the package",
                                CourseRequest.class, CourseView.class).withStatus(202),
                ApiRoute.get("/courses/{id}", Role.VIEWER, this::show)
                        .described("A course: progress per lesson while it is made, the course when done", null, CourseView.class),
                ApiRoute.post("/courses/{id}/lessons/{n}/retry", Role.TEACHER, this::retry)
                        .described("Make lesson n of a finished course again (a failed one, or one to redo), then the "
                                + "assessment, navigation and package; the other lessons are kept", null, CourseView.class)
                        .withStatus(202),
                ApiRoute.get("/courses/{id}/exports", Role.VIEWER, this::exports)
                        .described("The files the course's one place can be downloaded as (one per installed export format)", null,
                                ContentEndpoint.Export[].class),
                new ApiRoute("GET", "/courses/{id}/export/{file}", Role.VIEWER, "*/*", this::export)
                        .described("The course in an installed export format, by file name or id: as one place (hub, an area "
                                + "per lesson, portals opened in order, the final assessment: place.rbxlx, rojo.zip), or for an LMS "
                                + "(qti.zip, cartridge.imscc: every lesson and the final assessment)", null, null));
    }

    /** The fields a course request may have. */
    static final java.util.Set<String> FIELDS = java.util.Set.of("subject", "grade_level", "learning_objectives", "lesson_count",
            "duration_minutes", "environment_type", "difficulty", "standards", "quiz");

    private ApiResponse create(ApiRequest request) throws Exception {
        Caller caller = request.requireCaller();
        // read as JSON values and checked here, so that one wrong type does not hide the other problems
        @SuppressWarnings("unchecked")
        Map<String, Object> body = request.body(Map.class);
        List<FieldError> problems = new ArrayList<>();
        Map<String, Object> parameters = new LinkedHashMap<>();
        body.forEach((name, value) -> {
            if (!FIELDS.contains(name)) {
                problems.add(new FieldError(name, "unknown field; allowed: " + new java.util.TreeSet<>(FIELDS)));
            } else if (value != null) {
                parameters.put(name, value);
            }
        });
        problems.addAll(contentProblems(parameters));
        try {
            for (FieldError e : workflows.check(TEMPLATE, parameters)) {
                String field = e.field().replaceFirst("^parameters\\.", "");
                if (problems.stream().noneMatch(p -> p.field().equals(field))) {
                    problems.add(new FieldError(field, e.message()));
                }
            }
            if (!problems.isEmpty()) {
                throw ProblemException.invalid(problems);
            }
            WorkflowRun run = workflows.create(TEMPLATE, parameters, caller.name());
            return ApiResponse.accepted("/api/v1/courses/" + run.id(), view(run));
        } catch (WorkflowException e) {
            throw e.toProblem(RETRY_AFTER_SECONDS);
        }
    }

    /** When the engine refuses a course for now (queue full, stopping), when to try again. */
    static final long RETRY_AFTER_SECONDS = 30;

    /**
     * What the template's types cannot say: objectives that are text, not blank, not twice; a
     * lesson that can teach its share of them (a question and five minutes per objective).
     */
    static List<FieldError> contentProblems(Map<String, Object> p) {
        List<FieldError> problems = new ArrayList<>();
        List<String> objectives = new ArrayList<>();
        if (p.get("learning_objectives") instanceof List<?> list) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                Object o = list.get(i);
                if (!(o instanceof String text) || text.isBlank() || text.length() > 300) {
                    problems.add(new FieldError("learning_objectives[" + i + "]", "an objective in words (1-300 characters)"));
                } else if (!seen.add(text.trim().toLowerCase(java.util.Locale.ROOT))) {
                    problems.add(new FieldError("learning_objectives[" + i + "]", "\"" + text + "\" is there twice"));
                } else {
                    objectives.add(text);
                }
            }
        }
        if (p.get("standards") instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String s) || s.isBlank()) {
                    problems.add(new FieldError("standards[" + i + "]", "a standard's code as text"));
                }
            }
        }
        int questions = 5;
        if (p.get("quiz") instanceof Map<?, ?> quiz && quiz.containsKey("question_count")) {
            if (quiz.get("question_count") instanceof Integer n && n >= 1 && n <= 50) {
                questions = n;
            } else {
                problems.add(new FieldError("quiz.question_count", "a whole number, 1-50"));
            }
        }
        int lessons = p.get("lesson_count") instanceof Integer n && n >= 1 ? n : 4;
        int minutes = p.get("duration_minutes") instanceof Integer n && n >= 5 ? n : 45;
        int perLesson = objectives.isEmpty() ? 0 : (objectives.size() + lessons - 1) / lessons;
        if (perLesson > questions) {
            problems.add(new FieldError("quiz.question_count", "a lesson teaches up to " + perLesson + " objectives and asks at least one"
                    + " question on each: " + perLesson + " or more, or more lessons"));
        }
        if (perLesson * 5 > minutes) {
            problems.add(new FieldError("duration_minutes", "a lesson teaches up to " + perLesson + " objectives, at least 5 minutes each: "
                    + perLesson * 5 + " or more, or more lessons"));
        }
        return problems;
    }

    private ApiResponse show(ApiRequest request) {
        return ApiResponse.ok(view(visible(request)));
    }

    private ApiResponse retry(ApiRequest request) {
        WorkflowRun run = visible(request);
        Object count = run.parameters() == null ? null : run.parameters().get("lesson_count");
        int lessons = count instanceof Number c ? c.intValue() : 0;
        String n = request.pathParam("n");
        int number;
        try {
            number = Integer.parseInt(n);
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number < 1 || number > lessons) {
            throw ProblemException.notFound("Course " + run.id() + " has no lesson " + n + "; its lessons are 1-" + lessons + ".");
        }
        try {
            WorkflowRun again = workflows.retryBranch(run.id(), "lesson_" + number);
            return ApiResponse.accepted("/api/v1/courses/" + run.id(), view(again));
        } catch (WorkflowException e) {
            throw e.toProblem(RETRY_AFTER_SECONDS);
        }
    }

    private ApiResponse exports(ApiRequest request) {
        WorkflowRun run = completed(visible(request));
        String base = "/api/v1/courses/" + run.id() + "/export/";
        return ApiResponse.ok(formats.list(base));
    }

    private ApiResponse export(ApiRequest request) {
        WorkflowRun run = completed(visible(request)); // someone else's course is not found, whatever the file
        ExportFormat format = formats.find(request.pathParam("file"));
        org.toolboxai.api.content.CourseContent course = Deliverables.course(run);
        // made before it is sent, so that a format that cannot write this course answers a problem, not half a file
        java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
        try {
            format.exportCourse(course, file);
        } catch (java.io.IOException | RuntimeException e) {
            if (course.place() == null) {
                throw ProblemException.conflict("Course " + run.id() + " has no Roblox place to write as " + format.fileName()
                        + ": it was made before courses had one, or without the roblox bundle; make it again.");
            }
            org.slf4j.LoggerFactory.getLogger(CourseEndpoint.class).warn("Course {} could not be written as {}", run.id(), format.fileName(), e);
            throw new ProblemException(org.toolboxai.api.http.Problem.of(500, "Internal Server Error", "Course " + run.id()
                    + " could not be written as " + format.fileName() + "; the server log says why."));
        }
        byte[] bytes = file.toByteArray();
        return ApiResponse.stream(format.contentType(), format.fileName(), out -> out.write(bytes));
    }

    private static WorkflowRun completed(WorkflowRun run) {
        if (run.state() != org.toolboxai.api.workflow.RunState.COMPLETED) {
            throw ProblemException.conflict("Course " + run.id() + " is " + run.state() + "; exports exist once it is COMPLETED.");
        }
        return run;
    }

    /** The caller's course (any course for an admin), else 404. */
    private WorkflowRun visible(ApiRequest request) {
        Caller caller = request.requireCaller();
        String id = request.pathParam("id");
        try {
            return workflows.find(id).filter(r -> r.template().equals(TEMPLATE))
                    .filter(r -> caller.role() == Role.ADMIN || r.owner().equals(caller.name()))
                    .orElseThrow(() -> ProblemException.notFound("No course " + id + "."));
        } catch (WorkflowException e) {
            throw e.toProblem(RETRY_AFTER_SECONDS);
        }
    }

    /** The run as a course: each lesson's steps counted, the final package's course once there. */
    public static CourseView view(WorkflowRun run) {
        Map<Integer, int[]> counts = new java.util.TreeMap<>();
        Map<Integer, String> failures = new LinkedHashMap<>();
        Map<Integer, Boolean> running = new LinkedHashMap<>();
        Map<String, Object> course = null;
        for (StepView s : run.steps() == null ? List.<StepView>of() : run.steps()) {
            Matcher m = LESSON_STEP.matcher(s.id());
            if (m.matches()) {
                int n = Integer.parseInt(m.group(1));
                int[] c = counts.computeIfAbsent(n, k -> new int[2]);
                c[1]++;
                if (s.state() == StepState.COMPLETED) {
                    c[0]++;
                }
                if (s.state() == StepState.FAILED) {
                    failures.put(n, m.group(2) + ": " + (s.error() == null ? "failed" : s.error()));
                }
                if (s.state() == StepState.RUNNING) {
                    running.put(n, true);
                }
            } else if (s.id().equals("final_package") && s.output() != null && s.output().get("course") instanceof Map<?, ?> c) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) c;
                course = typed;
            }
        }
        List<LessonProgress> lessons = new ArrayList<>();
        counts.forEach((n, c) -> lessons.add(new LessonProgress(n, failures.containsKey(n) ? "failed" : c[0] == c[1] ? "done"
                : running.containsKey(n) || c[0] > 0 ? "in_progress" : "waiting", c[0], c[1], failures.get(n))));
        return new CourseView(run.id(), run.state().name(), run.progress(), run.owner(), lessons, course, run.error());
    }
}
