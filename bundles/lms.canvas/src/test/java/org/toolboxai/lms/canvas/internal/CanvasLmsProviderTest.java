package org.toolboxai.lms.canvas.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.CourseContent;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.error.RemoteCall;
import org.toolboxai.api.error.UndoableCall;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.health.HealthStatus;
import org.toolboxai.api.lms.LmsConnection;
import org.toolboxai.api.lms.LmsCourse;
import org.toolboxai.api.lms.LmsDelivery;
import org.toolboxai.api.lms.LmsFile;
import org.toolboxai.api.lms.LmsIssue;
import org.toolboxai.api.lms.LmsObject;
import org.toolboxai.api.lms.LmsPushResult;
import org.toolboxai.api.lms.LmsTarget;
import org.toolboxai.testing.lms.FakeCanvas;

/** The canvas provider against a loopback Canvas: what lands there, pushing twice, a push cut short, refusals. */
class CanvasLmsProviderTest {

    static final String TOKEN = "teacher-token-1";

    FakeCanvas canvas;
    CanvasLmsProvider provider;

    /** The LMS bundle's connection, reduced: the stored token, no limits, and a roll-back when an undoable call fails, as the error coordinator does. */
    static class Connection implements LmsConnection {
        final String token;
        final List<String> operations = new ArrayList<>();

        Connection(String token) {
            this.token = token;
        }

        @Override
        public String user() {
            return "tom";
        }

        @Override
        public Optional<String> credential(String field) {
            return field.equals("token") ? Optional.ofNullable(token) : Optional.empty();
        }

        @Override
        public <T> T call(String operation, RemoteCall<T> call) throws Exception {
            operations.add(operation);
            try {
                return call.call("canvas", 1);
            } catch (Exception e) {
                if (call instanceof UndoableCall<T> undoable) {
                    undoable.rollBack("canvas", 1);
                }
                throw e;
            }
        }

        @Override
        public void progress(int done, int total, String doing) {
        }
    }

    static CanvasConfig config(String url, String mode) {
        return new CanvasConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return CanvasConfig.class;
            }

            @Override
            public String base_url() {
                return url;
            }

            @Override
            public String _token() {
                return "";
            }

            @Override
            public String mode() {
                return mode;
            }

            @Override
            public boolean publish() {
                return false;
            }

            @Override
            public int timeout_seconds() {
                return 3;
            }

            @Override
            public int migration_wait_seconds() {
                return 10;
            }
        };
    }

    static final List<Quiz.Question> EVERY_TYPE = List.of(
            new Quiz.Question("q1", "multiple_choice", "o1", "What do plants make?", List.of("Salt", "Sugar", "Rock"), List.of("Sugar"), 2, "Sugar."),
            new Quiz.Question("q2", "true_false", "o1", "Roots make food.", List.of(), List.of("false"), 1, null),
            new Quiz.Question("q3", "short_answer", "o2", "Name the green pigment.", List.of(), List.of("chlorophyll", "chlorophyl"), 1, null),
            new Quiz.Question("q4", "fill_blank", "o2", "Plants need ___ to grow.", List.of(), List.of("light"), 1, null),
            new Quiz.Question("q5", "matching", "o1", "Match each part.", List.of("leaf => food", "root => water"),
                    List.of("leaf => food", "root => water"), 2, null),
            new Quiz.Question("q6", "ordering", "o2", "Order the steps.", List.of("B", "A", "C"), List.of("A", "B", "C"), 1, null));

    static ContentPackage lesson(String id, String title, List<Quiz.Question> questions) {
        LessonPlan plan = new LessonPlan(title, "science", "7", "About " + title + " & more", List.of(new LessonPlan.Objective("o1", "Explain")),
                List.of(new LessonPlan.Activity("Lab", "o1", 20, "Look at leaves")), List.of(), List.of());
        return new ContentPackage(id, plan, null, new Quiz(title + " quiz", questions), List.of(), null, null);
    }

    static List<LmsFile> files() {
        return List.of(new LmsFile("place.rbxlx", "application/xml", "<roblox version=\"4\"/>".getBytes(StandardCharsets.UTF_8)),
                new LmsFile("rojo.zip", "application/zip", new byte[] {80, 75, 3, 4, 0, 1, 2}));
    }

    @BeforeEach
    void start() throws Exception {
        canvas = new FakeCanvas().token(TOKEN).course("12", "Science 7", "Period 1", "Period 2");
        provider = new CanvasLmsProvider(config(canvas.url(), "modules"), Map.of());
    }

    @AfterEach
    void stop() {
        canvas.close();
    }

    @Test
    void aLessonBecomesAModuleWithItsPageQuizAndFilesWithEveryKeyWeighted100() throws Exception {
        LmsDelivery delivery = new LmsDelivery(CourseContent.ofLesson("lesson-1", lesson("lesson-1", "Photosynthesis", EVERY_TYPE)),
                new LmsTarget("12", null), files());

        LmsPushResult result = provider.push(delivery, new Connection(TOKEN));

        assertThat(canvas.modulesOf("12")).singleElement().satisfies(m -> {
            assertThat(m.name()).isEqualTo("Photosynthesis");
            assertThat(m.items()).extracting(i -> i.path("type").asText()).containsExactly("Page", "Quiz", "File", "File");
        });
        ObjectNode page = canvas.pages.get("12").get("photosynthesis-lesson-plan");
        assertThat(page.path("body").asText()).contains("<h1>Photosynthesis</h1>").contains("About Photosynthesis &amp; more");
        ObjectNode quiz = canvas.quizzesOf("12").get(0);
        assertThat(quiz.path("title").asText()).isEqualTo("Photosynthesis quiz");
        List<ObjectNode> questions = canvas.questions.get(quiz.path("id").asLong());
        assertThat(questions).extracting(q -> q.path("question_type").asText()).containsExactly("multiple_choice_question",
                "true_false_question", "short_answer_question", "short_answer_question", "matching_question", "matching_question");
        assertThat(weighted(questions.get(0))).containsExactly("Sugar");
        assertThat(weighted(questions.get(1))).containsExactly("False");
        assertThat(weighted(questions.get(2))).containsExactly("chlorophyll", "chlorophyl");
        assertThat(weighted(questions.get(3))).containsExactly("light");
        assertThat(pairs(questions.get(4))).containsExactly("leaf => food", "root => water");
        assertThat(pairs(questions.get(5))).containsExactly("B => 2nd", "A => 1st", "C => 3rd");
        assertThat(canvas.fileBytes.values()).anySatisfy(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("<roblox version=\"4\"/>"));
        assertThat(canvas.files.values()).extracting(f -> f.path("folder_path").asText()).containsOnly("Toolbox/lesson-1");
        assertThat(result.objects()).extracting(LmsObject::kind).containsExactly("module", "page", "quiz", "file", "file");
        assertThat(result.objects()).allSatisfy(o -> assertThat(o.url()).startsWith(canvas.url()));
        assertThat(result.issues()).extracting(LmsIssue::part).containsExactly("lesson-1/quiz/q6");
        // the token went to Canvas, never to the upload address
        assertThat(canvas.requests).filteredOn(r -> r.startsWith("POST /upload/")).allMatch(r -> r.endsWith(" -"));
    }

    @Test
    void pushingTheSameLessonAgainUpdatesItAndMakesNothingTwice() throws Exception {
        ContentPackage pkg = lesson("lesson-1", "Photosynthesis", EVERY_TYPE);
        LmsDelivery first = new LmsDelivery(CourseContent.ofLesson("lesson-1", pkg), new LmsTarget("12", null), files());
        provider.push(first, new Connection(TOKEN));
        long quizId = canvas.quizzesOf("12").get(0).path("id").asLong();

        // the teacher edited the quiz: one question fewer
        ContentPackage edited = lesson("lesson-1", "Photosynthesis", EVERY_TYPE.subList(0, 5));
        LmsPushResult again = provider.push(new LmsDelivery(CourseContent.ofLesson("lesson-1", edited), new LmsTarget("12", null), files()),
                new Connection(TOKEN));

        assertThat(canvas.modulesOf("12")).hasSize(1);
        assertThat(canvas.modulesOf("12").get(0).items()).hasSize(4);
        assertThat(canvas.pages.get("12")).hasSize(1);
        assertThat(canvas.quizzesOf("12")).singleElement().satisfies(q -> assertThat(q.path("id").asLong()).isEqualTo(quizId));
        assertThat(canvas.questions.get(quizId)).hasSize(5);
        assertThat(canvas.files).hasSize(2);
        assertThat(again.objects()).extracting(LmsObject::action).containsExactly("existing", "updated", "updated", "uploaded", "uploaded");
    }

    @Test
    void aPushCutShortThenMadeAgainLeavesOneOfEverything() throws Exception {
        LmsDelivery delivery = new LmsDelivery(CourseContent.ofLesson("lesson-1", lesson("lesson-1", "Photosynthesis", EVERY_TYPE)),
                new LmsTarget("12", null), files());
        // course, modules, module create, page search, page create, items list, item create: then Canvas fails
        canvas.fail();
        Connection cut = new Connection(TOKEN) {
            int calls;

            @Override
            public <T> T call(String operation, RemoteCall<T> call) throws Exception {
                if (++calls == 8) {
                    throw new FailureException(org.toolboxai.api.failure.Failure.of(FailureKind.TRANSIENT, "the server stopped"));
                }
                return super.call(operation, call);
            }
        };
        assertThatThrownBy(() -> provider.push(delivery, cut)).isInstanceOf(FailureException.class);
        assertThat(canvas.modulesOf("12")).hasSize(1);

        provider.push(delivery, new Connection(TOKEN));

        assertThat(canvas.modulesOf("12")).singleElement().satisfies(m -> assertThat(m.items()).extracting(i -> i.path("type").asText())
                .containsExactly("Page", "Quiz", "File", "File"));
        assertThat(canvas.pages.get("12")).hasSize(1);
        assertThat(canvas.quizzesOf("12")).hasSize(1);
    }

    @Test
    void aCreateWhoseAnswerWasLostIsFoundOnTheRetryNotMadeTwice() throws Exception {
        LmsDelivery delivery = new LmsDelivery(CourseContent.ofLesson("lesson-1", lesson("lesson-1", "Photosynthesis", EVERY_TYPE)),
                new LmsTarget("12", null), files());
        List<String> lost = new ArrayList<>();
        // every create reaches Canvas, then its answer is lost once; the error coordinator would try again
        Connection lossy = new Connection(TOKEN) {
            @Override
            public <T> T call(String operation, RemoteCall<T> call) throws Exception {
                if (operation.startsWith("create_")) {
                    call.call("canvas", 1);
                    lost.add(operation);
                    return call.call("canvas", 2);
                }
                return super.call(operation, call);
            }
        };

        provider.push(delivery, lossy);

        assertThat(lost).contains("create_module", "create_page", "create_quiz", "create_question", "create_module_item");
        assertThat(canvas.modulesOf("12")).singleElement().satisfies(m -> assertThat(m.items()).extracting(i -> i.path("type").asText())
                .containsExactly("Page", "Quiz", "File", "File"));
        assertThat(canvas.pages.get("12")).hasSize(1);
        assertThat(canvas.quizzesOf("12")).singleElement()
                .satisfies(q -> assertThat(canvas.questions.get(q.path("id").asLong())).hasSize(EVERY_TYPE.size()));
    }

    @Test
    void aTeachersOwnPageAndQuizOfTheSameTitleAreLeftAlone() throws Exception {
        Connection teacher = new Connection(TOKEN);
        CanvasClient own = new CanvasClient(java.net.http.HttpClient.newHttpClient(), java.net.URI.create(canvas.url()), TOKEN,
                java.time.Duration.ofSeconds(3));
        own.post("courses/12/pages", Map.of("wiki_page", Map.of("title", "Photosynthesis: lesson plan", "body", "<p>my notes</p>")));
        own.post("courses/12/quizzes", Map.of("quiz", Map.of("title", "Photosynthesis quiz", "description", "my quiz")));
        long mine = canvas.quizzesOf("12").get(0).path("id").asLong();
        own.post("courses/12/quizzes/" + mine + "/questions", Map.of("question", Map.of("question_name", "mine",
                "question_type", "essay_question", "question_text", "Why?")));

        LmsDelivery delivery = new LmsDelivery(CourseContent.ofLesson("lesson-1", lesson("lesson-1", "Photosynthesis", EVERY_TYPE)),
                new LmsTarget("12", null), List.of());
        provider.push(delivery, teacher);
        provider.push(delivery, teacher);

        assertThat(canvas.quizzes.get(mine).path("description").asText()).isEqualTo("my quiz");
        assertThat(canvas.questions.get(mine)).extracting(q -> q.path("question_name").asText()).containsExactly("mine");
        assertThat(canvas.quizzesOf("12")).hasSize(2);
        assertThat(canvas.pages.get("12").values()).extracting(p -> p.path("body").asText()).contains("<p>my notes</p>");
        assertThat(canvas.pages.get("12")).hasSize(2);
    }

    @Test
    void aQuizWhoseQuestionIsRefusedIsRolledBackNotLeftHalfMade() throws Exception {
        LmsDelivery delivery = new LmsDelivery(CourseContent.ofLesson("lesson-1", lesson("lesson-1", "Photosynthesis", EVERY_TYPE)),
                new LmsTarget("12", null), List.of());
        Connection refusing = new Connection(TOKEN) {
            @Override
            public <T> T call(String operation, RemoteCall<T> call) throws Exception {
                if (operation.equals("create_quiz")) {
                    canvas.fail("pass", "pass", "404"); // the quiz and its first question are made, the second is refused
                }
                return super.call(operation, call);
            }
        };

        assertThatThrownBy(() -> provider.push(delivery, refusing)).isInstanceOfSatisfying(FailureException.class,
                e -> assertThat(e.failure().kind()).isEqualTo(FailureKind.PERMANENT));

        assertThat(canvas.quizzes).as("the half-made quiz was deleted again").isEmpty();
        assertThat(canvas.requests).anyMatch(r -> r.startsWith("DELETE /api/v1/courses/12/quizzes/"));
        assertThat(canvas.modulesOf("12").get(0).items()).extracting(i -> i.path("type").asText()).containsExactly("Page");
    }

    @Test
    void aCourseIsAModulePerLessonThenTheFinalAssessmentAndThePlace() throws Exception {
        List<CourseContent.Lesson> lessons = new ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            lessons.add(new CourseContent.Lesson(n, "Unit " + n, lesson("c-lesson" + n, "Unit " + n, EVERY_TYPE.subList(0, 3))));
        }
        Quiz last = new Quiz("Final assessment", List.of(new Quiz.Question("F-L1-q1", "multiple_choice", "o1", "What do plants make?",
                List.of("Salt", "Sugar"), List.of("Sugar"), 1, null)));
        CourseContent course = new CourseContent("course-9", true, "Plants", "science", "7", lessons, last, lessons.get(0).content());
        LmsPushResult result = provider.push(new LmsDelivery(course, new LmsTarget("12", null), files()), new Connection(TOKEN));

        assertThat(canvas.modulesOf("12")).extracting(FakeCanvas.Module::name).containsExactly("Lesson 1: Unit 1", "Lesson 2: Unit 2",
                "Lesson 3: Unit 3", "Lesson 4: Unit 4", "Lesson 5: Unit 5", "Lesson 6: Unit 6", "Plants: final assessment", "Plants: play in Roblox");
        assertThat(canvas.quizzesOf("12")).hasSize(7);
        assertThat(canvas.pages.get("12")).hasSize(6);
        assertThat(result.issues()).isEmpty();
        List<LmsObject> back = provider.readBack(new LmsDelivery(course, new LmsTarget("12", null), List.of()), new Connection(TOKEN));
        assertThat(back).filteredOn(o -> o.kind().equals("module")).hasSize(8);
        assertThat(back).filteredOn(o -> o.kind().equals("quiz")).hasSize(7);
    }

    @Test
    void inCartridgeModeTheCartridgeIsImportedThroughAContentMigrationAndItsIssuesReported() throws Exception {
        CanvasLmsProvider importing = new CanvasLmsProvider(config(canvas.url(), "cartridge"), Map.of());
        byte[] cartridge = {80, 75, 5, 6, 0, 0, 0, 0};
        LmsDelivery delivery = new LmsDelivery(CourseContent.ofLesson("lesson-1", lesson("lesson-1", "Photosynthesis", EVERY_TYPE)),
                new LmsTarget("12", null), List.of(new LmsFile("cartridge.imscc", "application/zip", cartridge)));

        LmsPushResult result = importing.push(delivery, new Connection(TOKEN));

        assertThat(result.objects()).singleElement().satisfies(o -> {
            assertThat(o.kind()).isEqualTo("migration");
            assertThat(o.action()).isEqualTo("completed");
        });
        assertThat(result.issues()).extracting(LmsIssue::message).containsExactly("Import Error: the fake reads no cartridge content");
        assertThat(canvas.migrations).hasSize(1);
        assertThat(canvas.fileBytes.values()).anySatisfy(b -> assertThat(b).isEqualTo(cartridge));
        assertThat(canvas.modulesOf("12")).as("no modules of its own in cartridge mode").isEmpty();

        assertThatThrownBy(() -> importing.push(new LmsDelivery(delivery.content(), delivery.target(), List.of()), new Connection(TOKEN)))
                .isInstanceOfSatisfying(FailureException.class, e -> assertThat(e.failure().message()).contains("install toolbox-lms-files"));
    }

    @Test
    void refusalsAreTypedAndListsArePaged() throws Exception {
        for (int i = 0; i < 60; i++) {
            canvas.course(String.valueOf(1000 + i), "Course " + i);
        }
        List<LmsCourse> courses = provider.courses(new Connection(TOKEN));
        assertThat(courses).hasSize(61);
        assertThat(courses).filteredOn(c -> c.id().equals("12")).singleElement()
                .satisfies(c -> assertThat(c.sections()).extracting(LmsCourse.Section::name).containsExactly("Period 1", "Period 2"));
        assertThat(canvas.requests).filteredOn(r -> r.startsWith("GET /api/v1/courses ")).hasSize(2);

        assertThatThrownBy(() -> provider.courses(new Connection("wrong"))).isInstanceOfSatisfying(FailureException.class, e -> {
            assertThat(e.failure().kind()).isEqualTo(FailureKind.AUTHENTICATION);
            assertThat(e.failure().message()).contains("401").contains("Invalid access token.").doesNotContain("wrong");
        });
        canvas.fail("throttle");
        assertThatThrownBy(() -> provider.courses(new Connection(TOKEN))).isInstanceOfSatisfying(FailureException.class, e -> {
            assertThat(e.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
            assertThat(e.failure().retryAfter()).isEqualTo(CanvasClient.THROTTLE_WAIT);
        });
        canvas.fail("500");
        assertThatThrownBy(() -> provider.courses(new Connection(TOKEN)))
                .isInstanceOfSatisfying(FailureException.class, e -> assertThat(e.failure().kind()).isEqualTo(FailureKind.TRANSIENT));
        assertThatThrownBy(() -> provider.push(new LmsDelivery(CourseContent.ofLesson("l", lesson("l", "L", EVERY_TYPE)),
                new LmsTarget("999", null), List.of()), new Connection(TOKEN))).isInstanceOfSatisfying(FailureException.class, e -> {
                    assertThat(e.failure().kind()).isEqualTo(FailureKind.PERMANENT);
                    assertThat(e.failure().message()).contains("404").contains("The specified resource does not exist.");
                });
        assertThatThrownBy(() -> provider.courses(new Connection(null)))
                .isInstanceOfSatisfying(FailureException.class, e -> assertThat(e.failure().message()).isEqualTo(CanvasLmsProvider.NO_TOKEN));
        canvas.remaining(42.5);
        provider.courses(new Connection(TOKEN));
        assertThat(provider.health().details()).containsEntry("rate_limit_remaining", 42.5);
    }

    @Test
    void withoutABaseUrlOrOverPlainHttpElsewhereItSaysWhatIsWrong() {
        CanvasLmsProvider unset = new CanvasLmsProvider(config("", "modules"), Map.of());
        assertThat(unset.health().status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(unset.health().message()).contains("base.url is not set");
        CanvasLmsProvider plain = new CanvasLmsProvider(config("http://canvas.school.example", "modules"), Map.of());
        assertThat(plain.health().message()).contains("plain http");
        assertThatThrownBy(() -> plain.courses(new Connection(TOKEN))).isInstanceOfSatisfying(FailureException.class,
                e -> assertThat(e.failure().message()).startsWith("canvas is not configured"));
    }

    /** The answers Canvas would mark right (weight 100), by their text. */
    static List<String> weighted(JsonNode question) {
        List<String> right = new ArrayList<>();
        question.path("answers").forEach(a -> {
            if (a.path("weight").asDouble() == 100) {
                right.add(a.path("text").asText());
            }
        });
        return right;
    }

    static List<String> pairs(JsonNode question) {
        List<String> pairs = new ArrayList<>();
        question.path("answers").forEach(a -> pairs.add(a.path("left").asText() + " => " + a.path("right").asText()));
        return pairs;
    }
}
