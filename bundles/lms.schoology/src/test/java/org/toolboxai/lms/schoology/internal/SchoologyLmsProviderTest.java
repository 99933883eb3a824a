package org.toolboxai.lms.schoology.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.CourseContent;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.error.RemoteCall;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.lms.LmsConnection;
import org.toolboxai.api.lms.LmsCourse;
import org.toolboxai.api.lms.LmsDelivery;
import org.toolboxai.api.lms.LmsObject;
import org.toolboxai.api.lms.LmsPushResult;
import org.toolboxai.api.lms.LmsTarget;
import org.toolboxai.testing.lms.FakeSchoology;

/** The schoology provider against a loopback Schoology that checks every OAuth signature. */
class SchoologyLmsProviderTest {

    FakeSchoology schoology;
    SchoologyLmsProvider provider;

    static class Connection implements LmsConnection {
        final String key;
        final String secret;

        Connection(String key, String secret) {
            this.key = key;
            this.secret = secret;
        }

        @Override
        public String user() {
            return "tom";
        }

        @Override
        public Optional<String> credential(String field) {
            return Optional.ofNullable(field.equals("consumer_key") ? key : field.equals("consumer_secret") ? secret : null);
        }

        @Override
        public <T> T call(String operation, RemoteCall<T> call) throws Exception {
            return call.call("schoology", 1);
        }

        @Override
        public void progress(int done, int total, String doing) {
        }
    }

    static SchoologyConfig config(String api) {
        return new SchoologyConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SchoologyConfig.class;
            }

            @Override
            public String api_url() {
                return api;
            }

            @Override
            public String web_url() {
                return "https://school.schoology.test";
            }

            @Override
            public String consumer_key() {
                return "";
            }

            @Override
            public String _consumer_secret() {
                return "";
            }

            @Override
            public boolean publish() {
                return false;
            }

            @Override
            public int timeout_seconds() {
                return 3;
            }
        };
    }

    static ContentPackage lesson(String title) {
        LessonPlan plan = new LessonPlan(title, "science", "7", "About " + title, List.of(new LessonPlan.Objective("o1", "Explain")),
                List.of(new LessonPlan.Activity("Lab", "o1", 20, "Look")), List.of(), List.of());
        return new ContentPackage(title, plan, null, new Quiz(title + " quiz", List.of(
                new Quiz.Question("q1", "multiple_choice", "o1", "Which gas do plants take in?", List.of("Oxygen", "Carbon dioxide"),
                        List.of("Carbon dioxide"), 2, "They take in CO2."),
                new Quiz.Question("q2", "matching", "o1", "Match.", List.of("leaf => food", "root => water"), List.of("leaf => food", "root => water"),
                        1, null))), List.of(), null, null);
    }

    @BeforeEach
    void start() throws Exception {
        schoology = new FakeSchoology().user("key-tom", "secret-tom", 77).section("501", "900", "Science 7", "Period 1")
                .section("502", "900", "Science 7", "Period 2").section("601", "901", "Biology", "A");
        provider = new SchoologyLmsProvider(config(schoology.api()), Map.of());
    }

    @AfterEach
    void stop() {
        schoology.close();
    }

    @Test
    void theTeachersSectionsAreListedByCourseWithSignedRequestsFollowingTheRedirect() throws Exception {
        List<LmsCourse> courses = provider.courses(new Connection("key-tom", "secret-tom"));

        assertThat(courses).extracting(LmsCourse::id).containsExactly("900", "901");
        assertThat(courses.get(0).sections()).extracting(LmsCourse.Section::name).containsExactly("Period 1", "Period 2");
        assertThat(schoology.refused).isEmpty();
        assertThat(schoology.requests).anyMatch(r -> r.startsWith("GET /v1/users/me ")).anyMatch(r -> r.startsWith("GET /v1/users/77 "));
    }

    @Test
    void aLessonBecomesTwoAssignmentsWithoutItsKeysAndAPushMadeAgainUpdatesThem() throws Exception {
        LmsDelivery delivery = new LmsDelivery(CourseContent.ofLesson("l1", lesson("Photosynthesis")), new LmsTarget(null, "501"), List.of());
        LmsPushResult first = provider.push(delivery, new Connection("key-tom", "secret-tom"));

        List<ObjectNode> made = schoology.assignments.get("501");
        assertThat(made).extracting(a -> a.path("title").asText()).containsExactly("Photosynthesis", "Photosynthesis: quiz");
        assertThat(made.get(0).path("description").asText()).contains("<h1>Photosynthesis</h1>").doesNotContain("<html");
        String quiz = made.get(1).path("description").asText();
        assertThat(quiz).contains("Which gas do plants take in?").contains("Carbon dioxide").contains("Oxygen")
                .doesNotContain("They take in CO2.").doesNotContain("leaf =&gt; food").doesNotContain("leaf => food");
        assertThat(made.get(1).path("max_points").asText()).isEqualTo("3");
        assertThat(first.objects()).extracting(LmsObject::url).containsExactly("https://school.schoology.test/assignment/" + made.get(0).path("id").asText(),
                "https://school.schoology.test/assignment/" + made.get(1).path("id").asText());
        assertThat(first.issues()).singleElement().satisfies(i -> assertThat(i.message()).isEqualTo(SchoologyPush.NO_TESTS));

        LmsPushResult again = provider.push(delivery, new Connection("key-tom", "secret-tom"));
        assertThat(schoology.assignments.get("501")).hasSize(2);
        assertThat(again.objects()).extracting(LmsObject::action).containsExactly("updated", "updated");
        assertThat(provider.readBack(delivery, new Connection("key-tom", "secret-tom"))).hasSize(2);
        assertThat(schoology.refused).isEmpty();
    }

    @Test
    void aCourseIsPagedThroughAndCutShortThenMadeAgainWithoutDuplicates() throws Exception {
        for (int i = 0; i < 230; i++) { // more than a page of the section's own assignments
            schoology.assignments.get("601").add(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("id", 10_000 + i)
                    .put("title", "Homework " + i));
        }
        List<CourseContent.Lesson> lessons = new ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            lessons.add(new CourseContent.Lesson(n, "Unit " + n, lesson("Unit " + n)));
        }
        Quiz last = new Quiz("Final assessment", List.of(new Quiz.Question("F-L1-q1", "true_false", "o1", "Leaves make food.", List.of(),
                List.of("true"), 1, null)));
        CourseContent course = new CourseContent("c1", true, "Plants", "science", "7", lessons, last, null);
        LmsDelivery delivery = new LmsDelivery(course, new LmsTarget(null, "601"), List.of());
        schoology.fail("pass", "pass", "pass", "pass", "pass", "pass", "pass", "500"); // section, two pages, five assignments, then a 500
        assertThatThrownBy(() -> provider.push(delivery, new Connection("key-tom", "secret-tom"))).isInstanceOfSatisfying(FailureException.class,
                e -> assertThat(e.failure().kind()).isEqualTo(FailureKind.TRANSIENT));
        assertThat(schoology.assignments.get("601")).hasSize(230 + 4);

        provider.push(delivery, new Connection("key-tom", "secret-tom"));

        List<String> titles = schoology.assignments.get("601").stream().map(a -> a.path("title").asText()).filter(t -> !t.startsWith("Homework")).toList();
        assertThat(titles).containsExactlyElementsOf(SchoologyPush.titles(course));
        assertThat(titles).hasSize(13).doesNotHaveDuplicates();
    }

    @Test
    void refusalsAreTypedAndABadSignatureIsRefusedByTheServer() {
        assertThatThrownBy(() -> provider.courses(new Connection("key-tom", "not-the-secret"))).isInstanceOfSatisfying(FailureException.class, e -> {
            assertThat(e.failure().kind()).isEqualTo(FailureKind.AUTHENTICATION);
            assertThat(e.failure().message()).doesNotContain("not-the-secret");
        });
        assertThat(schoology.refused).anyMatch(r -> r.startsWith("bad signature"));
        schoology.fail("429");
        assertThatThrownBy(() -> provider.courses(new Connection("key-tom", "secret-tom"))).isInstanceOfSatisfying(FailureException.class, e -> {
            assertThat(e.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
            assertThat(e.failure().retryAfter()).hasSeconds(1);
        });
        assertThatThrownBy(() -> provider.push(new LmsDelivery(CourseContent.ofLesson("l", lesson("L")), new LmsTarget("12", null), List.of()),
                new Connection("key-tom", "secret-tom"))).isInstanceOfSatisfying(FailureException.class,
                        e -> assertThat(e.failure().message()).startsWith("target.section must be a Schoology section id"));
        assertThatThrownBy(() -> provider.courses(new Connection(null, null)))
                .isInstanceOfSatisfying(FailureException.class, e -> assertThat(e.failure().message()).isEqualTo(SchoologyLmsProvider.NO_KEYS));
        assertThat(new SchoologyLmsProvider(config("http://api.schoology.example/v1"), Map.of()).health().message()).contains("plain http");
    }
}
