package org.toolboxai.coordinator.content.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.content.ContentJob;
import org.toolboxai.api.content.Difficulty;
import org.toolboxai.api.content.EnvironmentType;
import org.toolboxai.api.content.LessonRequest;
import org.toolboxai.api.content.QuestionType;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.workflow.RunState;
import org.toolboxai.api.workflow.WorkflowException;

class WorkflowContentServiceTest {

    private final FakeWorkflows workflows = new FakeWorkflows();
    private final AtomicLong nanos = new AtomicLong();

    private WorkflowContentService service(int maxGenerations, int cacheSize) {
        return new WorkflowContentService(workflows, TestStore.migrated(), ContentConfigs.of(maxGenerations, cacheSize), nanos::get);
    }

    private static LessonRequest lesson(String objective) {
        return new LessonRequest("Mathematics", 7, List.of(objective), null, null, null, null, null, null, null);
    }

    @Test
    void everyInvalidFieldNestedOnesTooIsListedInOneRefusalAndNothingStarts() {
        LessonRequest bad = new LessonRequest(" ", 14, List.of(), null, 500, true,
                new LessonRequest.QuizOptions(0, null, Difficulty.PROGRESSIVE), Difficulty.PROGRESSIVE, "nursery", List.of(""));

        assertThatThrownBy(() -> service(5, 10).request(bad, "tom")).isInstanceOfSatisfying(WorkflowException.class, e -> {
            assertThat(e.kind()).isEqualTo(WorkflowException.Kind.INVALID);
            assertThat(e.errors()).extracting(FieldError::field).containsExactly("preset", "subject", "grade_level",
                    "learning_objectives", "duration_minutes", "difficulty", "quiz.question_count", "quiz.difficulty", "standards");
        });
        assertThat(workflows.creates).hasValue(0);
    }

    @Test
    void thePresetFillsWhatTheRequestLeavesOutAndWhatTheRequestGivesWins() {
        WorkflowContentService service = service(5, 0);
        ContentJob job = service.request(new LessonRequest("Biology", null, List.of("Cells"), null, 20, null, null, null,
                "high_school", null), "tom");

        Map<String, Object> p = workflows.runs.get(job.id()).parameters();
        assertThat(p).containsEntry("grade_level", 10).containsEntry("duration_minutes", 20)
                .containsEntry("environment_type", "laboratory").containsEntry("difficulty", "medium");
        assertThat(p.get("quiz")).isEqualTo(Map.of("question_count", 10, "question_types", List.of("multiple_choice", "true_false"),
                "difficulty", "medium"));
    }

    @Test
    void theParametersCarryTheWireNamesOfTheEnums() {
        ContentJob job = service(5, 0).request(new LessonRequest("Physics", 9, List.of("Forces"), EnvironmentType.SPACE_STATION, null,
                true, new LessonRequest.QuizOptions(3, List.of(QuestionType.FILL_BLANK), Difficulty.HARD), Difficulty.EASY, null, null),
                "tom");

        Map<String, Object> p = workflows.runs.get(job.id()).parameters();
        assertThat(p).containsEntry("environment_type", "space_station").containsEntry("difficulty", "easy");
        assertThat(p.get("quiz")).isEqualTo(Map.of("question_count", 3, "question_types", List.of("fill_blank"), "difficulty", "hard"));
    }

    @Test
    void ofNPlusOneConcurrentRequestsExactlyNAreAcceptedWithoutAskingTheStore() throws Exception {
        int n = 8;
        WorkflowContentService service = service(n, 0);
        int listsAtStart = workflows.lists.get();
        ExecutorService pool = Executors.newFixedThreadPool(n + 1);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i <= n; i++) {
                String objective = "objective " + i;
                answers.add(pool.submit(() -> {
                    go.await();
                    try {
                        service.request(lesson(objective), "tom");
                        return true;
                    } catch (WorkflowException e) {
                        assertThat(e.kind()).isEqualTo(WorkflowException.Kind.QUEUE_FULL);
                        return false;
                    }
                }));
            }
            go.countDown();
            long accepted = 0;
            for (Future<Boolean> answer : answers) {
                accepted += answer.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(n);
            assertThat(workflows.creates).hasValue(n);
            assertThat(workflows.lists).hasValue(listsAtStart);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFinalEventGivesTheSlotBackAndRunsUnderWayAtStartHoldTheirs() {
        workflows.put("old", "ann", RunState.RUNNING, Map.of());
        WorkflowContentService service = service(2, 0);
        ContentJob first = service.request(lesson("a"), "tom");
        assertThatThrownBy(() -> service.request(lesson("b"), "tom"))
                .isInstanceOfSatisfying(WorkflowException.class, e -> assertThat(e.kind()).isEqualTo(WorkflowException.Kind.QUEUE_FULL));

        service.handleEvent(FakeWorkflows.event(first.id(), RunState.RUNNING));
        assertThatThrownBy(() -> service.request(lesson("b"), "tom")).isInstanceOf(WorkflowException.class);
        service.handleEvent(workflows.finish(first.id(), RunState.FAILED));
        assertThat(service.request(lesson("b"), "tom").state()).isEqualTo(RunState.QUEUED);
    }

    @Test
    void aMissedFinalEventIsHealedByARecountNoMoreOftenThanEveryFewSeconds() {
        WorkflowContentService service = service(1, 0);
        ContentJob first = service.request(lesson("a"), "tom");
        workflows.finish(first.id(), RunState.COMPLETED);  // its event never arrives
        int lists = workflows.lists.get();

        assertThatThrownBy(() -> service.request(lesson("b"), "tom")).isInstanceOf(WorkflowException.class);
        assertThat(workflows.lists).hasValue(lists);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(6));
        assertThat(service.request(lesson("b"), "tom").state()).isEqualTo(RunState.QUEUED);
    }

    @Test
    void anIdenticalRequestOfTheSameOwnerIsAnsweredFromTheCacheOnceItsPackageIsMade() {
        WorkflowContentService service = service(5, 10);
        ContentJob first = service.request(lesson("Fractions"), "tom");
        // still being made: a second identical request starts another run
        ContentJob second = service.request(lesson("Fractions"), "tom");
        assertThat(second.id()).isNotEqualTo(first.id());
        workflows.finish(second.id(), RunState.COMPLETED);

        ContentJob hit = service.request(new LessonRequest(" Mathematics ", 7, List.of("Fractions "), EnvironmentType.INTERACTIVE_CLASSROOM,
                45, true, null, Difficulty.MEDIUM, null, null), "tom");
        assertThat(hit.fromCache()).isTrue();
        assertThat(hit.id()).isEqualTo(second.id());
        assertThat(hit.contentPackage().id()).isEqualTo(second.id());
        assertThat(service.request(lesson("Fractions"), "ann").fromCache()).isFalse();
        assertThat(workflows.creates).hasValue(3);
    }

    @Test
    void awaitCompletesOnTheFinalEvent() throws Exception {
        WorkflowContentService service = service(5, 0);
        ContentJob job = service.request(lesson("a"), "tom");
        CompletableFuture<ContentJob> done = service.await(job.id(), Duration.ofMinutes(5)).toCompletableFuture();
        service.handleEvent(FakeWorkflows.event(job.id(), RunState.RUNNING));
        assertThat(done).isNotDone();

        service.handleEvent(workflows.finish(job.id(), RunState.COMPLETED));

        ContentJob finished = done.get(1, TimeUnit.SECONDS);
        assertThat(finished.state()).isEqualTo(RunState.COMPLETED);
        assertThat(finished.contentPackage()).isNotNull();
    }

    @Test
    void awaitAnswersWithTheJobAsItIsWhenTheWaitIsOver() throws Exception {
        WorkflowContentService service = service(5, 0);
        ContentJob job = service.request(lesson("a"), "tom");

        ContentJob after = service.await(job.id(), Duration.ofMillis(50)).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(after.state()).isEqualTo(RunState.QUEUED);
        // the waiter is forgotten, not left behind for an event that may never come
        assertThat(service.waiters()).isZero();
    }

    @Test
    void awaitOfAFinishedJobAnswersAtOnceAndOfAnUnknownOneFails() throws Exception {
        WorkflowContentService service = service(5, 0);
        ContentJob job = service.request(lesson("a"), "tom");
        workflows.finish(job.id(), RunState.CANCELLED);

        assertThat(service.await(job.id(), Duration.ofMinutes(5)).toCompletableFuture().get(1, TimeUnit.SECONDS).state())
                .isEqualTo(RunState.CANCELLED);
        assertThat(service.await("nope", Duration.ofMinutes(5)).toCompletableFuture())
                .failsWithin(Duration.ofSeconds(1)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(WorkflowException.class);
    }

    @Test
    void anOwnerFindsAndCancelsOnlyTheirOwnContent() {
        WorkflowContentService service = service(5, 0);
        ContentJob job = service.request(lesson("a"), "tom");

        assertThat(service.find(job.id(), "ann")).isEmpty();
        assertThat(service.find(job.id(), null)).isPresent();
        assertThatThrownBy(() -> service.cancel(job.id(), "ann"))
                .isInstanceOfSatisfying(WorkflowException.class, e -> assertThat(e.kind()).isEqualTo(WorkflowException.Kind.NOT_FOUND));
        assertThat(service.cancel(job.id(), "tom").state()).isEqualTo(RunState.CANCELLED);
        assertThat(service.list("tom", 0, 10)).extracting(ContentJob::id).containsExactly(job.id());
        assertThat(service.list("ann", 0, 10)).isEmpty();
    }
}
