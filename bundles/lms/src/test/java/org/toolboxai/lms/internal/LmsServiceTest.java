package org.toolboxai.lms.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.ContentService;
import org.toolboxai.api.content.CourseContent;
import org.toolboxai.api.content.ExportFormat;
import org.toolboxai.api.content.LessonPlan;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.health.HealthCheck;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.lms.LmsConnection;
import org.toolboxai.api.lms.LmsCourse;
import org.toolboxai.api.lms.LmsDelivery;
import org.toolboxai.api.lms.LmsIssue;
import org.toolboxai.api.lms.LmsObject;
import org.toolboxai.api.lms.LmsProvider;
import org.toolboxai.api.lms.LmsPushResult;
import org.toolboxai.api.lms.LmsTarget;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;
import org.toolboxai.api.workflow.WorkflowException;
import org.toolboxai.store.internal.SchemaMigrator;

/** Pushes, credentials and their refusals on a real H2 database, with a provider that records what it was given. */
class LmsServiceTest {

    static final Caller TOM = new Caller("tom", Role.TEACHER, "bearer");
    static final Caller ADA = new Caller("ada", Role.TEACHER, "bearer");

    @TempDir
    Path dir;
    DataSource dataSource;
    LmsService lms;
    RecordingProvider canvas = new RecordingProvider();

    /** A provider that remembers each delivery and the token the connection gave it. */
    static class RecordingProvider implements LmsProvider {
        final List<LmsDelivery> deliveries = new ArrayList<>();
        final List<String> tokens = new ArrayList<>();
        volatile CountDownLatch hold;
        volatile RuntimeException fail;

        @Override
        public String name() {
            return "canvas";
        }

        @Override
        public String title() {
            return "Canvas LMS";
        }

        @Override
        public List<String> credentialFields() {
            return List.of("token");
        }

        @Override
        public HealthCheck health() {
            return HealthCheck.up(Map.of());
        }

        @Override
        public List<LmsCourse> courses(LmsConnection connection) {
            return List.of(new LmsCourse("12", "Science 7", "SCI7", null, List.of()));
        }

        @Override
        public LmsPushResult push(LmsDelivery delivery, LmsConnection connection) throws Exception {
            if (hold != null) {
                hold.await(10, TimeUnit.SECONDS);
            }
            if (fail != null) {
                throw fail;
            }
            synchronized (this) {
                deliveries.add(delivery);
                tokens.add(connection.credential("token").orElse(null));
            }
            connection.progress(1, 2, "module");
            return new LmsPushResult(List.of(new LmsObject("module", "lesson-1", "77", delivery.content().title(),
                    "https://canvas.test/courses/12/modules/77", "created")), List.of(new LmsIssue("warning", "lesson-1/quiz/q6",
                    "Canvas has no ordering questions")));
        }

        @Override
        public List<LmsObject> readBack(LmsDelivery delivery, LmsConnection connection) {
            return List.of();
        }
    }

    static LmsService.Config config(String key, int threads, int queue) {
        return config(key, threads, queue, 600);
    }

    static LmsService.Config config(String key, int threads, int queue, int stale) {
        return new LmsService.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LmsService.Config.class;
            }

            @Override
            public String credentials_key() {
                return key;
            }

            @Override
            public int push_threads() {
                return threads;
            }

            @Override
            public int push_queue() {
                return queue;
            }

            @Override
            public int max_file_mb() {
                return 1;
            }

            @Override
            public int permit_wait_seconds() {
                return 5;
            }

            @Override
            public int stale_seconds() {
                return stale;
            }
        };
    }

    /** Tom's finished lesson "lesson-1", a course "course-1" still running; nothing of anyone else's. */
    static ContentService content() {
        ContentPackage pkg = new ContentPackage("lesson-1", new LessonPlan("Fractions", "maths", "6", "Parts of a whole", List.of(),
                List.of(), List.of(), List.of()), null, null, List.of(), null, null);
        return (ContentService) Proxy.newProxyInstance(ContentService.class.getClassLoader(), new Class<?>[] {ContentService.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("deliverable")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    String id = (String) args[0];
                    String owner = (String) args[1];
                    if (owner != null && !owner.equals("tom")) {
                        return Optional.empty();
                    }
                    if (id.equals("course-1")) {
                        throw new WorkflowException(WorkflowException.Kind.CONFLICT, "Course course-1 is RUNNING; it can be delivered once it is COMPLETED.");
                    }
                    return id.equals("lesson-1") ? Optional.of(CourseContent.ofLesson(id, pkg)) : Optional.empty();
                });
    }

    static ExportFormat format(String id, String file, byte[] data) {
        return new ExportFormat() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String fileName() {
                return file;
            }

            @Override
            public String contentType() {
                return "application/zip";
            }

            @Override
            public void export(ContentPackage contentPackage, OutputStream out) throws IOException {
                if (data == null) {
                    throw new IOException("no place in this lesson");
                }
                out.write(data);
            }
        };
    }

    @BeforeEach
    void start() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:lms-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        dataSource = h2;
        SchemaMigrator.migrate(dataSource, "lms", LmsService.class.getClassLoader(), "db/lms");
        lms = service("");
    }

    LmsService service(String key) {
        LmsService s = new LmsService(new LmsStore(dataSource), content(), config(key, 1, 1), Clock.systemUTC(), dir.resolve("lms.key"));
        s.addProvider(canvas, Map.of());
        s.addFormat(format("cartridge", "cartridge.imscc", "CC".getBytes(StandardCharsets.UTF_8)));
        s.addFormat(format("place", "place.rbxlx", null));
        s.addFormat(format("qti", "qti.zip", new byte[2 * 1024 * 1024]));
        return s;
    }

    @AfterEach
    void stop() {
        lms.deactivate();
    }

    @Test
    void aPushRunsInTheBackgroundWithTheFilesAndTheOwnersTokenAndEndsWithWhatItMade() throws Exception {
        lms.storeCredentials("canvas", "tom", Map.of("token", "  secret-token-1  "));

        PushView queued = lms.push("canvas", "lesson-1", new LmsTarget("12", null), TOM, "req-1");
        PushView done = lms.await(queued.id(), Duration.ofSeconds(10)).toCompletableFuture().get(15, TimeUnit.SECONDS);

        assertThat(done.state()).isEqualTo(PushView.COMPLETED);
        assertThat(done.kind()).isEqualTo("lesson");
        assertThat(done.objects()).extracting(LmsObject::url).containsExactly("https://canvas.test/courses/12/modules/77");
        assertThat(done.issues()).extracting(LmsIssue::part).containsExactly("place.rbxlx", "qti.zip", "lesson-1/quiz/q6");
        assertThat(done.issues().get(1).message()).contains("over the 1 MB");
        assertThat(canvas.tokens).containsExactly("secret-token-1");
        LmsDelivery delivery = canvas.deliveries.get(0);
        assertThat(delivery.target()).isEqualTo(new LmsTarget("12", null));
        assertThat(delivery.files()).extracting(f -> f.name()).containsExactly("cartridge.imscc");
        assertThat(lms.find(queued.id(), TOM)).get().isEqualTo(done);
        assertThat(lms.find(queued.id(), ADA)).as("someone else's push is not found").isEmpty();
        assertThat(lms.find(queued.id(), new Caller("root", Role.ADMIN, "bearer"))).isPresent();
        assertThat(lms.list(TOM, 0, 10)).extracting(PushView::id).containsExactly(queued.id());
        assertThat(lms.list(ADA, 0, 10)).isEmpty();
    }

    @Test
    void aPushThatFailsSaysWhyWithItsKind() throws Exception {
        canvas.fail = new FailureException(org.toolboxai.api.failure.Failure.of(org.toolboxai.api.failure.FailureKind.AUTHENTICATION,
                "canvas answered HTTP 401: Invalid access token."));
        PushView queued = lms.push("canvas", "lesson-1", new LmsTarget("12", null), TOM, null);
        PushView done = lms.await(queued.id(), Duration.ofSeconds(10)).toCompletableFuture().get(15, TimeUnit.SECONDS);

        assertThat(done.state()).isEqualTo(PushView.FAILED);
        assertThat(done.failureKind()).isEqualTo("AUTHENTICATION");
        assertThat(done.error()).isEqualTo("canvas answered HTTP 401: Invalid access token.");
    }

    @Test
    void everyLmsCallTakesAPermitAndAThrottledAnswerSlowsTheServiceDownForEveryone() throws Exception {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        lms.setGuard(new org.toolboxai.api.guard.ResourceGuard() {
            @Override
            public org.toolboxai.api.guard.Permit acquire(org.toolboxai.api.guard.CallContext call, org.toolboxai.api.guard.ModelUsage estimate,
                    Duration maxWait) {
                seen.add("permit " + call.service() + " " + call.operation() + " " + call.user());
                return new org.toolboxai.api.guard.Permit() {
                    @Override
                    public void settle(org.toolboxai.api.guard.ModelUsage used) {
                    }

                    @Override
                    public void close() {
                        seen.add("closed");
                    }
                };
            }

            @Override
            public org.toolboxai.api.guard.Allocation allocate(String holder, Map<String, Long> amounts, Duration maxWait) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void slowDown(String service, Duration pause, String reason) {
                seen.add("slow down " + service + " " + pause + " " + reason);
            }
        });
        canvas.fail = null;
        LmsProvider throttled = new RecordingProvider() {
            @Override
            public LmsPushResult push(LmsDelivery delivery, LmsConnection connection) throws Exception {
                return connection.call("create_module", (service, attempt) -> {
                    throw FailureException.rateLimited("canvas answered HTTP 403: 403 Forbidden (Rate Limit Exceeded)", Duration.ofSeconds(3));
                });
            }
        };
        lms.removeProvider(canvas);
        lms.addProvider(throttled, Map.of());

        PushView done = lms.await(lms.push("canvas", "lesson-1", new LmsTarget("12", null), TOM, null).id(), Duration.ofSeconds(10))
                .toCompletableFuture().get(15, TimeUnit.SECONDS);

        assertThat(done.failureKind()).isEqualTo("RATE_LIMITED");
        assertThat(seen).containsExactly("permit canvas create_module tom", "closed",
                "slow down canvas PT3S canvas answered HTTP 403: 403 Forbidden (Rate Limit Exceeded)");
    }

    @Test
    void refusalsNameTheMissingProviderTheUnseenContentAndTheUnfinishedCourse() {
        assertThatThrownBy(() -> lms.push("schoology", "lesson-1", new LmsTarget(null, "5"), TOM, null)).isInstanceOfSatisfying(
                ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(404);
                    assertThat(e.problem().detail()).isEqualTo("no LMS provider named schoology is installed (installed: canvas)");
                });
        assertThatThrownBy(() -> lms.push("canvas", "lesson-1", new LmsTarget("12", null), ADA, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(404));
        assertThatThrownBy(() -> lms.push("canvas", "course-1", new LmsTarget("12", null), TOM, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(409));
        lms.removeProvider(canvas);
        assertThatThrownBy(() -> lms.provider("canvas")).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().detail()).isEqualTo("no LMS provider named canvas is installed"));
        assertThat(lms.health().message()).contains("no LMS provider is installed");
    }

    @Test
    void whenEveryThreadAndQueuePlaceIsTakenThePushIsRefusedWith429() throws Exception {
        canvas.hold = new CountDownLatch(1);
        try {
            lms.push("canvas", "lesson-1", new LmsTarget("12", null), TOM, null); // runs (one thread)
            lms.push("canvas", "lesson-1", new LmsTarget("13", null), TOM, null); // waits (a queue of one)
            assertThatThrownBy(() -> lms.push("canvas", "lesson-1", new LmsTarget("14", null), TOM, null)).isInstanceOfSatisfying(
                    ProblemException.class, e -> {
                        assertThat(e.problem().status()).isEqualTo(429);
                        assertThat(e.headers()).containsEntry("Retry-After", "60");
                    });
        } finally {
            canvas.hold.countDown();
        }
        assertThat(lms.list(TOM, 0, 10)).extracting(PushView::state).contains(PushView.FAILED);
    }

    @Test
    void credentialsAreSealedAtRestBoundToTheirRowAndListedByFieldOnly() throws Exception {
        assertThat(lms.storeCredentials("canvas", "tom", Map.of("token", "tok-123456"))).containsExactly("token");
        assertThat(lms.storedCredentials("canvas", "tom")).containsExactly("token");
        assertThat(lms.storedCredentials("canvas", "ada")).isEmpty();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT nonce, secret FROM lms_credential")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("secret")).doesNotContain("tok-123456");
            assertThat(new String(Base64.getDecoder().decode(rs.getString("secret")), StandardCharsets.ISO_8859_1)).doesNotContain("tok-123456");
        }
        assertThat(lms.credential("tom", "canvas", "token")).contains("tok-123456");
        // the row copied to another teacher does not open: the owner is part of what was sealed
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO lms_credential SELECT 'ada', provider, field, nonce, secret, updated_at FROM lms_credential");
        }
        assertThatThrownBy(() -> lms.credential("ada", "canvas", "token")).hasMessageContaining("cannot be decrypted")
                .hasMessageNotContaining("tok-123456");
        // the generated key is kept for the next start, readable by the server's user only
        assertThat(Files.readString(dir.resolve("lms.key"))).isNotBlank();
        assertThat(Files.getPosixFilePermissions(dir.resolve("lms.key"))).extracting(Enum::name)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        LmsService again = service("");
        assertThat(again.credential("tom", "canvas", "token")).contains("tok-123456");
        again.deactivate();
        // another configured key cannot read it
        byte[] other = new byte[32];
        LmsService rekeyed = service(Base64.getEncoder().encodeToString(other));
        assertThatThrownBy(() -> rekeyed.credential("tom", "canvas", "token")).hasMessageContaining("was credentials.key changed?");
        rekeyed.deactivate();

        assertThat(lms.deleteCredentials("canvas", "tom")).isEqualTo(1);
        assertThat(lms.storedCredentials("canvas", "tom")).isEmpty();
    }

    @Test
    void badCredentialsAreRefusedListingEveryProblem() {
        assertThatThrownBy(() -> lms.storeCredentials("canvas", "tom", Map.of("token", "", "password", "x")))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().extensions().get("errors").toString()).contains("password").contains("token");
                });
        LmsService badKey = service("not base64 of anything");
        assertThatThrownBy(() -> badKey.storeCredentials("canvas", "tom", Map.of("token", "tok")))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(503);
                    assertThat(e.problem().detail()).contains("credentials.key is not base64");
                });
        assertThat(badKey.health().message()).contains("credentials.key is not base64");
        badKey.deactivate();
    }

    @Test
    void theSamePushAskedAgainWhileItRunsIsThatPushAndAWaiterGivingUpStopsNoOtherWaiter() throws Exception {
        canvas.hold = new CountDownLatch(1);
        PushView first = lms.push("canvas", "lesson-1", new LmsTarget("12", null), TOM, null);
        PushView again = lms.push("canvas", "lesson-1", new LmsTarget("12", null), TOM, null);
        assertThat(again.id()).isEqualTo(first.id());
        PushView other = lms.push("canvas", "lesson-1", new LmsTarget("13", null), TOM, null);
        assertThat(other.id()).as("another target is another push").isNotEqualTo(first.id());

        PushView impatient = lms.await(first.id(), Duration.ofMillis(50)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(impatient.ended()).isFalse();
        java.util.concurrent.CompletableFuture<PushView> patient = lms.await(first.id(), Duration.ofSeconds(20)).toCompletableFuture();
        canvas.hold.countDown();
        assertThat(patient.get(25, TimeUnit.SECONDS).state()).isEqualTo(PushView.COMPLETED);
        lms.await(other.id(), Duration.ofSeconds(20)).toCompletableFuture().get(25, TimeUnit.SECONDS);
        assertThat(lms.push("canvas", "lesson-1", new LmsTarget("12", null), TOM, null).id()).as("once it ended, a push is a new one")
                .isNotEqualTo(first.id());
    }

    @Test
    void aRunningPushIsKeptAliveWhileADeadNodesPushIsFailedOnTheNextRead() throws Exception {
        lms.deactivate();
        lms = new LmsService(new LmsStore(dataSource), content(), config("", 1, 1, 2), Clock.systemUTC(), dir.resolve("lms.key"));
        lms.addProvider(canvas, Map.of());
        canvas.hold = new CountDownLatch(1);
        try {
            PushView live = lms.push("canvas", "lesson-1", new LmsTarget("12", null), TOM, null);
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO lms_push (id, owner, provider, content_id, kind, state, done, total, created_at, updated_at)"
                        + " VALUES ('dead-node', 'tom', 'canvas', 'lesson-1', 'lesson', 'running', 1, 4, 0, " + (System.currentTimeMillis() - 1_000)
                        + ")");
            }
            // three times the stale time: the live push is touched all along, the other node's is not
            org.awaitility.Awaitility.await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(9))
                    .until(() -> lms.find(live.id(), TOM).orElseThrow().state().equals(PushView.RUNNING));
            PushView dead = lms.find("dead-node", TOM).orElseThrow();
            assertThat(dead.state()).isEqualTo(PushView.FAILED);
            assertThat(dead.error()).startsWith("interrupted: the server running it stopped or crashed");
        } finally {
            canvas.hold.countDown();
        }
    }

    @Test
    void aPushStillWaitingWhenTheBundleStopsIsMarkedStopped() throws Exception {
        canvas.hold = new CountDownLatch(1);
        PushView runningOne = lms.push("canvas", "lesson-1", new LmsTarget("12", null), TOM, null);
        PushView waiting = lms.push("canvas", "lesson-1", new LmsTarget("13", null), TOM, null);
        canvas.hold.countDown();
        lms.deactivate();
        LmsService after = service("");
        assertThat(after.find(runningOne.id(), TOM).orElseThrow().ended()).isTrue();
        assertThat(after.find(waiting.id(), TOM).orElseThrow().ended()).isTrue();
        after.deactivate();
    }

    @Test
    void aPushLeftRunningByAStoppedServerIsMarkedFailedAtTheNextStart() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO lms_push (id, owner, provider, content_id, kind, state, done, total, created_at, updated_at)"
                    + " VALUES ('old', 'tom', 'canvas', 'lesson-1', 'lesson', 'running', 1, 4, 0, 0)");
        }
        LmsService restarted = service("");
        PushView old = restarted.find("old", TOM).orElseThrow();
        assertThat(old.state()).isEqualTo(PushView.FAILED);
        assertThat(old.error()).contains("interrupted").contains("push again");
        restarted.deactivate();
    }
}
