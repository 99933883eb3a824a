package org.toolboxai.coordinator.content.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.ContentJob;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.ContentVersion;
import org.toolboxai.api.content.LessonRequest;
import org.toolboxai.api.content.LuauScript;
import org.toolboxai.api.content.QualityReport;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.content.ScriptKind;
import org.toolboxai.api.content.StaleVersionException;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.WorkflowException;

/** Edits of finished packages against a real embedded H2 version history. */
class ContentEditTest {

    private final FakeWorkflows workflows = new FakeWorkflows();
    private final TestStore store = newStore();
    private final WorkflowContentService service = new WorkflowContentService(workflows, store, ContentConfigs.of(5, 10),
            System::nanoTime);
    private final Packages.AnswerKeyChecker checker = new Packages.AnswerKeyChecker();
    private ExecutorService pool;

    {
        service.checker = checker;
        workflows.completed("run-1", "tom", Map.of(), Packages.asOutput(Packages.generated("run-1")));
    }

    /** The version history's database: embedded H2 here, PostgreSQL in the subclass. */
    TestStore newStore() {
        return TestStore.migrated();
    }

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** q3 removed, q2 rewritten: the edit the README shows. */
    private static Quiz editedQuiz() {
        return Packages.quiz(Packages.question("q1", "What is 1/2 + 1/4?", "3/4"),
                Packages.question("q2", "What is 2/3 - 1/3?", "1/3"));
    }

    private static ContentPackage onlyQuiz(Quiz quiz) {
        return new ContentPackage(null, null, null, quiz, null, null, null);
    }

    @Test
    void anEditReplacesTheQuizKeepsTheRestAndBecomesTheContent() {
        ContentJob edited = service.edit("run-1", "tom", "tom", onlyQuiz(editedQuiz()), 1);

        assertThat(edited.version()).isEqualTo(2);
        ContentJob found = service.find("run-1", "tom").orElseThrow();
        assertThat(found.version()).isEqualTo(2);
        assertThat(found.contentPackage().quiz().questions()).extracting(Quiz.Question::id).containsExactly("q1", "q2");
        assertThat(found.contentPackage().quiz().questions().get(1).prompt()).isEqualTo("What is 2/3 - 1/3?");
        ContentPackage generated = Packages.generated("run-1");
        assertThat(found.contentPackage().lessonPlan()).isEqualTo(generated.lessonPlan());
        assertThat(found.contentPackage().environment()).isEqualTo(generated.environment());
        assertThat(found.contentPackage().provenance()).isEqualTo(generated.provenance());
        // every check ran again on the merged package, judged by itself (the request asked for 3 questions)
        assertThat(checker.checked).singleElement().satisfies(p -> assertThat(p.quiz()).isEqualTo(editedQuiz()));
        assertThat(checker.requests).containsExactly((LessonRequest) null);
    }

    @Test
    void scriptsGeneratedForTheEarlierQuizFailTheReportUntilScriptsForTheEditAreSent() {
        ContentJob quizOnly = service.edit("run-1", "tom", "tom", onlyQuiz(editedQuiz()), 1);
        assertThat(quizOnly.contentPackage().quality().passed()).isFalse();
        assertThat(quizOnly.contentPackage().quality().findings()).extracting(QualityReport.Finding::check)
                .containsExactly(PackageEdit.SCRIPTS_OUTDATED);

        // a lesson-plan edit does not make the earlier scripts right again
        ContentPackage lessonOnly = new ContentPackage(null, Packages.generated("run-1").lessonPlan(), null, null, null, null, null);
        assertThat(service.edit("run-1", "tom", "tom", lessonOnly, 2).contentPackage().quality().passed()).isFalse();

        List<LuauScript> remade = List.of(new LuauScript("QuizStation", ScriptKind.SERVER, "local ANSWERS = { q1 = 1, q2 = 2 }"),
                new LuauScript("QuizData", ScriptKind.MODULE, "return { questions = 2 }"));
        ContentJob withScripts = service.edit("run-1", "tom", "tom", new ContentPackage(null, null, null, null, remade, null, null), 3);
        assertThat(withScripts.contentPackage().quality().passed()).isTrue();
        assertThat(withScripts.contentPackage().quality().findings()).isEmpty();
    }

    @Test
    void scriptsThatReadTheDataModulesStayRightAfterAnEditOfTheQuizOrEnvironment() {
        List<LuauScript> dataDriven = List.of(new LuauScript("QuizStation", ScriptKind.SERVER,
                        "local ServerStorage = game:GetService(\"ServerStorage\")\n"
                                + "local QuizKeys = require(ServerStorage:WaitForChild(\"QuizKeys\"))\n"
                                + "local ANSWERS = QuizKeys.answers"),
                new LuauScript("QuizData", ScriptKind.MODULE, "return { questions = {} }"));
        ContentJob scripts = service.edit("run-1", "tom", "tom", new ContentPackage(null, null, null, null, dataDriven, null, null), 1);
        assertThat(scripts.contentPackage().quality().passed()).isTrue();

        ContentJob quizEdit = service.edit("run-1", "tom", "tom", onlyQuiz(editedQuiz()), 2);
        assertThat(quizEdit.contentPackage().quality().findings()).extracting(QualityReport.Finding::check)
                .doesNotContain(PackageEdit.SCRIPTS_OUTDATED);
        assertThat(quizEdit.contentPackage().quality().passed()).isTrue();
        assertThat(quizEdit.contentPackage().scripts()).isEqualTo(dataDriven);
    }

    @Test
    void onlyAQuizStationThatRequiresQuizKeysFromServerStorageReadsTheModules() {
        assertThat(PackageEdit.readsQuizModules(List.of(new LuauScript("QuizStation", ScriptKind.SERVER,
                "local QuizKeys = require(ServerStorage:WaitForChild(\"QuizKeys\"))")))).isTrue();
        assertThat(PackageEdit.readsQuizModules(List.of(new LuauScript("QuizStation", ScriptKind.SERVER,
                "local keys = require(game:GetService('ServerStorage').QuizKeys).answers")))).isTrue();
        // answers of its own, a mention in a comment, the keys from a replicated service, another script
        assertThat(PackageEdit.readsQuizModules(List.of(new LuauScript("QuizStation", ScriptKind.SERVER,
                "local ANSWERS = { q1 = 'b' }")))).isFalse();
        assertThat(PackageEdit.readsQuizModules(List.of(new LuauScript("QuizStation", ScriptKind.SERVER,
                "local ANSWERS = {} -- was require(ServerStorage.QuizKeys)")))).isFalse();
        assertThat(PackageEdit.readsQuizModules(List.of(new LuauScript("QuizStation", ScriptKind.SERVER,
                "local QuizKeys = require(ReplicatedStorage:WaitForChild(\"QuizKeys\"))")))).isFalse();
        assertThat(PackageEdit.readsQuizModules(List.of(new LuauScript("Other", ScriptKind.SERVER,
                "local QuizKeys = require(ServerStorage:WaitForChild(\"QuizKeys\"))")))).isFalse();
        assertThat(PackageEdit.readsQuizModules(null)).isFalse();
    }

    @Test
    void theChecksFindingsAreTheNewReport() {
        Quiz broken = Packages.quiz(Packages.question("q1", "What is 1/2 + 1/4?", "wrong"));
        List<LuauScript> scripts = Packages.generated("run-1").scripts().stream()
                .map(s -> new LuauScript(s.name(), s.kind(), s.source() + " -- for the edit")).toList();
        ContentJob edited = service.edit("run-1", "tom", "tom", new ContentPackage("run-1", null, null, broken, scripts, null, null), 1);
        assertThat(edited.contentPackage().quality().passed()).isFalse();
        assertThat(edited.contentPackage().quality().findings()).extracting(QualityReport.Finding::part).containsExactly("quiz.q1");
        assertThat(service.versions("run-1", "tom")).extracting(ContentVersion::passed).containsExactly(true, false);
    }

    @Test
    void anEditOfAVersionThatIsNoLongerTheNewestIsRefusedNamingTheNewest() {
        service.edit("run-1", "tom", "tom", onlyQuiz(editedQuiz()), 1);

        assertThatThrownBy(() -> service.edit("run-1", "tom", "tom", onlyQuiz(editedQuiz()), 1))
                .isInstanceOfSatisfying(StaleVersionException.class, e -> {
                    assertThat(e.currentVersion()).isEqualTo(2);
                    assertThat(e.kind()).isEqualTo(WorkflowException.Kind.CONFLICT);
                });
        assertThat(service.versions("run-1", "tom")).hasSize(2);
    }

    @Test
    void ofConcurrentEditsOfOneVersionExactlyOneIsKept() throws Exception {
        int editors = 6;
        pool = Executors.newFixedThreadPool(editors);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ContentJob>> edits = new ArrayList<>();
        for (int i = 0; i < editors; i++) {
            String who = "editor-" + i;
            edits.add(pool.submit(() -> {
                start.await();
                return service.edit("run-1", null, who, onlyQuiz(editedQuiz()), 1);
            }));
        }
        start.countDown();
        int kept = 0;
        int stale = 0;
        for (Future<ContentJob> edit : edits) {
            try {
                assertThat(edit.get(30, TimeUnit.SECONDS).version()).isEqualTo(2);
                kept++;
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(StaleVersionException.class);
                stale++;
            }
        }
        assertThat(kept).isEqualTo(1);
        assertThat(stale).isEqualTo(editors - 1);
        assertThat(service.versions("run-1", null)).extracting(ContentVersion::number).containsExactly(1, 2);
    }

    @Test
    void aTeacherCannotEditAnotherTeachersContentAndAnAdministratorCan() {
        assertThatThrownBy(() -> service.edit("run-1", "ann", "ann", onlyQuiz(editedQuiz()), 1))
                .isInstanceOfSatisfying(WorkflowException.class, e -> assertThat(e.kind()).isEqualTo(WorkflowException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> service.versions("run-1", "ann"))
                .isInstanceOfSatisfying(WorkflowException.class, e -> assertThat(e.kind()).isEqualTo(WorkflowException.Kind.NOT_FOUND));
        assertThat(checker.checked).isEmpty();

        assertThat(service.edit("run-1", null, "root", onlyQuiz(editedQuiz()), 1).version()).isEqualTo(2);
        assertThat(service.versions("run-1", "tom")).extracting(ContentVersion::author).containsExactly("tom", "root");
    }

    @Test
    void contentThatIsNotCompletedCannotBeEditedAndWithoutTheChecksNothingIsKept() {
        workflows.put("run-2", "tom", RunState.RUNNING, Map.of());
        assertThatThrownBy(() -> service.edit("run-2", "tom", "tom", onlyQuiz(editedQuiz()), 1))
                .isInstanceOfSatisfying(WorkflowException.class, e -> assertThat(e.kind()).isEqualTo(WorkflowException.Kind.CONFLICT));
        assertThat(service.versions("run-2", "tom")).isEmpty();

        service.checker = null;
        assertThatThrownBy(() -> service.edit("run-1", "tom", "tom", onlyQuiz(editedQuiz()), 1))
                .isInstanceOfSatisfying(WorkflowException.class, e -> assertThat(e.kind()).isEqualTo(WorkflowException.Kind.UNAVAILABLE));
        assertThat(service.find("run-1", "tom").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void everyProblemOfABodyThatIsNoPackageIsListedInOneRefusal() {
        Quiz.Question noPrompt = new Quiz.Question("q1", "essay", "obj1", " ", List.of(), List.of(), 0, null);
        Quiz bad = new Quiz("Quiz", List.of(noPrompt, Packages.question("q1", "What is 1 + 1?", "2")));
        ContentPackage body = new ContentPackage("run-9", null, null, bad, null, null, null);

        assertThatThrownBy(() -> service.edit("run-1", "tom", "tom", body, 1)).isInstanceOfSatisfying(WorkflowException.class, e -> {
            assertThat(e.kind()).isEqualTo(WorkflowException.Kind.INVALID);
            assertThat(e.errors()).extracting(FieldError::field).containsExactly("id", "quiz.questions[0].type",
                    "quiz.questions[0].prompt", "quiz.questions[0].answer", "quiz.questions[0].points", "quiz.questions[1].id");
        });
        assertThatThrownBy(() -> service.edit("run-1", "tom", "tom", new ContentPackage(null, null, null, null, null, null, null), 1))
                .isInstanceOfSatisfying(WorkflowException.class, e -> assertThat(e.errors()).extracting(FieldError::message)
                        .singleElement().asString().contains("nothing to edit"));
        assertThat(service.versions("run-1", "tom")).hasSize(1);
    }

    @Test
    void theVersionsAreListedOldestFirstAndEachCanBeReadBack() {
        service.edit("run-1", "tom", "tom", onlyQuiz(editedQuiz()), 1);
        service.edit("run-1", null, "root", onlyQuiz(Packages.quiz(Packages.question("q1", "What is 1/2 + 1/2?", "1"))), 2);

        List<ContentVersion> versions = service.versions("run-1", "tom");
        assertThat(versions).extracting(ContentVersion::number).containsExactly(1, 2, 3);
        assertThat(versions).extracting(ContentVersion::author).containsExactly("tom", "tom", "root");
        assertThat(versions).extracting(ContentVersion::passed).containsExactly(true, false, false);
        assertThat(versions).allSatisfy(v -> assertThat(v.contentPackage()).isNull());
        assertThat(versions.get(0).createdAt()).isEqualTo(java.time.Instant.ofEpochSecond(60)); // when the run finished
        assertThat(versions.get(1).createdAt()).isAfter(versions.get(0).createdAt());

        assertThat(service.version("run-1", "tom", 1).orElseThrow().contentPackage().quiz().questions()).hasSize(3);
        assertThat(service.version("run-1", "tom", 2).orElseThrow().contentPackage().quiz()).isEqualTo(editedQuiz());
        assertThat(service.version("run-1", "tom", 3).orElseThrow().contentPackage().quiz().questions()).hasSize(1);
        assertThat(service.version("run-1", "tom", 4)).isEmpty();
        assertThat(service.version("run-1", "tom", 0)).isEmpty();
    }

    @Test
    void anIdenticalRequestAnsweredFromTheCacheGetsTheNewestVersion() {
        LessonRequest lesson = new LessonRequest("Mathematics", 7, List.of("Fractions"), null, null, null, null, null, null, null);
        ContentJob first = service.request(lesson, "tom");
        workflows.completed(first.id(), "tom", workflows.runs.get(first.id()).parameters(), Packages.asOutput(Packages.generated(first.id())));
        service.edit(first.id(), "tom", "tom", onlyQuiz(editedQuiz()), 1);

        ContentJob again = service.request(lesson, "tom");
        assertThat(again.fromCache()).isTrue();
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.version()).isEqualTo(2);
        assertThat(again.contentPackage().quiz()).isEqualTo(editedQuiz());
        assertThat(workflows.creates).hasValue(1);
    }
}
