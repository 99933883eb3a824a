package org.toolboxai.coordinator.error.internal.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.toolboxai.coordinator.error.internal.alert.Alerts.alert;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.error.Alert;
import org.toolboxai.api.error.AlertLevel;
import org.toolboxai.coordinator.error.internal.alert.Delivery.Outcome;

class AlertDispatcherTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final TestClock clock = new TestClock(Alerts.T0);
    private AlertDispatcher dispatcher = new AlertDispatcher(clock, Duration.ofMinutes(10), 20, 500);

    @AfterEach
    void close() {
        dispatcher.close();
    }

    @Test
    void repeatsOfTheSameFingerprintAndLevelWithinTheWindowAreSentOnce() {
        RecordingChannel channel = new RecordingChannel("rec", AlertLevel.WARNING);
        dispatcher.addChannel(channel);

        dispatcher.raise(alert(AlertLevel.ERROR, "fp-1", 1));
        clock.advance(Duration.ofMinutes(3));
        dispatcher.raise(alert(AlertLevel.ERROR, "fp-1", 1));
        clock.advance(Duration.ofMinutes(6));
        dispatcher.raise(alert(AlertLevel.ERROR, "fp-1", 1));

        await().atMost(WAIT).until(() -> channel.received.size() == 1);
        assertThat(dispatcher.history()).hasSize(1);
        assertThat(dispatcher.duplicatesHeldBack()).isEqualTo(2);
    }

    @Test
    void theNextAlertAfterTheWindowCarriesTheRepeatsHeldBack() {
        RecordingChannel channel = new RecordingChannel("rec", AlertLevel.WARNING);
        dispatcher.addChannel(channel);

        dispatcher.raise(alert(AlertLevel.ERROR, "fp-1", 1));
        dispatcher.raise(alert(AlertLevel.ERROR, "fp-1", 1));
        dispatcher.raise(alert(AlertLevel.ERROR, "fp-1", 1));
        clock.advance(Duration.ofMinutes(10));
        dispatcher.raise(alert(AlertLevel.ERROR, "fp-1", 1));

        await().atMost(WAIT).until(() -> channel.received.size() == 2);
        // 1 sent, 2 held back, and this one
        assertThat(channel.received.get(1).count()).isEqualTo(4);
        AlertRecord newest = dispatcher.history().get(0);
        assertThat(newest.repeats()).isEqualTo(2);
        assertThat(newest.alert().count()).isEqualTo(4);
    }

    @Test
    void aCountRaisedHigherThanTheRepeatsIsKept() {
        RecordingChannel channel = new RecordingChannel("rec", AlertLevel.WARNING);
        dispatcher.addChannel(channel);

        dispatcher.raise(alert(AlertLevel.ERROR, "fp-1", 10));
        dispatcher.raise(alert(AlertLevel.ERROR, "fp-1", 11));
        clock.advance(Duration.ofMinutes(11));
        dispatcher.raise(alert(AlertLevel.ERROR, "fp-1", 57));

        await().atMost(WAIT).until(() -> channel.received.size() == 2);
        assertThat(channel.received).extracting(Alert::count).containsExactly(10L, 57L);
    }

    @Test
    void theSameFingerprintAtAnotherLevelIsNoDuplicate() {
        RecordingChannel channel = new RecordingChannel("rec", AlertLevel.WARNING);
        dispatcher.addChannel(channel);

        dispatcher.raise(alert(AlertLevel.ERROR, "fp-1", 1));
        dispatcher.raise(alert(AlertLevel.CRITICAL, "fp-1", 2));

        await().atMost(WAIT).until(() -> channel.received.size() == 2);
        assertThat(channel.received).extracting(Alert::level).containsExactly(AlertLevel.ERROR, AlertLevel.CRITICAL);
        assertThat(dispatcher.duplicatesHeldBack()).isZero();
    }

    @Test
    void aChannelIsSentAtMostItsLimitPerMinuteAndTheExcessIsCountedAsThrottled() {
        dispatcher.close();
        dispatcher = new AlertDispatcher(clock, Duration.ofMinutes(10), 3, 500);
        RecordingChannel channel = new RecordingChannel("rec", AlertLevel.WARNING);
        dispatcher.addChannel(channel);

        for (int i = 0; i < 5; i++) {
            dispatcher.raise(alert(AlertLevel.ERROR, "fp-" + i, 1));
        }
        await().atMost(WAIT).until(() -> channel.received.size() == 3);
        assertThat(dispatcher.throttled()).isEqualTo(Map.of("rec", 2L));
        List<AlertRecord> history = dispatcher.history();
        assertThat(history).hasSize(5);
        assertThat(history.subList(0, 2)).allSatisfy(r -> assertThat(r.deliveries().get("rec").outcome()).isEqualTo(Outcome.THROTTLED));

        clock.advance(Duration.ofSeconds(61));
        dispatcher.raise(alert(AlertLevel.ERROR, "fp-after", 1));
        await().atMost(WAIT).until(() -> channel.received.size() == 4);
    }

    @Test
    void anAlertBelowAChannelsMinimumLevelIsNotSentThere() {
        RecordingChannel errors = new RecordingChannel("errors", AlertLevel.ERROR);
        RecordingChannel all = new RecordingChannel("all", AlertLevel.WARNING);
        dispatcher.addChannel(errors);
        dispatcher.addChannel(all);

        dispatcher.raise(alert(AlertLevel.WARNING, "fp-1", 1));

        await().atMost(WAIT).until(() -> all.received.size() == 1);
        assertThat(errors.received).isEmpty();
        Map<String, Delivery> deliveries = dispatcher.history().get(0).deliveries();
        assertThat(deliveries.get("errors").outcome()).isEqualTo(Outcome.BELOW_LEVEL);
        assertThat(deliveries.get("all").outcome()).isEqualTo(Outcome.SENT);
    }

    @Test
    void aHangingChannelNeitherBlocksTheCallerNorTheOtherChannels() {
        RecordingChannel hanging = new RecordingChannel("hanging", AlertLevel.WARNING).hang();
        RecordingChannel fast = new RecordingChannel("fast", AlertLevel.WARNING);
        dispatcher.addChannel(hanging);
        dispatcher.addChannel(fast);

        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (int i = 0; i < 5; i++) {
                dispatcher.raise(alert(AlertLevel.ERROR, "fp-" + i, 1));
            }
        });

        await().atMost(WAIT).until(() -> fast.received.size() == 5);
        assertThat(hanging.received).isEmpty();
        assertThat(dispatcher.history()).allSatisfy(r -> assertThat(r.deliveries().get("hanging").outcome()).isEqualTo(Outcome.PENDING));

        hanging.release();
        await().atMost(WAIT).until(() -> hanging.received.size() == 5);
        await().atMost(WAIT).untilAsserted(() -> assertThat(dispatcher.history())
                .allSatisfy(r -> assertThat(r.deliveries().get("hanging").outcome()).isEqualTo(Outcome.SENT)));
    }

    @Test
    void aChannelThatThrowsIsAFailedDeliveryWithTheReason() {
        dispatcher.addChannel(new RecordingChannel("broken", AlertLevel.WARNING).failWith(new IllegalStateException("mail server gone")));

        dispatcher.raise(alert(AlertLevel.ERROR, "fp-1", 1));

        await().atMost(WAIT).untilAsserted(() -> {
            Delivery delivery = dispatcher.history().get(0).deliveries().get("broken");
            assertThat(delivery.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(delivery.reason()).isEqualTo("IllegalStateException: mail server gone");
        });
    }

    @Test
    void theHistoryKeepsOnlyTheNewestAlerts() {
        dispatcher.close();
        dispatcher = new AlertDispatcher(clock, Duration.ofMinutes(10), 20, 5);

        for (int i = 0; i < 8; i++) {
            dispatcher.raise(alert(AlertLevel.ERROR, "fp-" + i, 1));
        }

        assertThat(dispatcher.history()).extracting(r -> r.alert().fingerprint())
                .containsExactly("fp-7", "fp-6", "fp-5", "fp-4", "fp-3");
    }

    @Test
    void theDefaultHistoryHoldsFiveHundredAlerts() {
        AlertDispatcher defaults = new AlertDispatcher();
        try {
            for (int i = 0; i < 520; i++) {
                defaults.raise(alert(AlertLevel.ERROR, "fp-" + i, 1));
            }
            assertThat(defaults.history()).hasSize(AlertDispatcher.DEFAULT_HISTORY_SIZE);
            assertThat(defaults.history().get(0).alert().fingerprint()).isEqualTo("fp-519");
        } finally {
            defaults.close();
        }
    }

    @Test
    void channelsComeAndGoWhileAlertsAreRaised() {
        RecordingChannel first = new RecordingChannel("first", AlertLevel.WARNING);
        RecordingChannel second = new RecordingChannel("second", AlertLevel.WARNING);
        dispatcher.addChannel(first);
        dispatcher.raise(alert(AlertLevel.ERROR, "fp-1", 1));
        dispatcher.addChannel(second);
        dispatcher.removeChannel(first);
        dispatcher.raise(alert(AlertLevel.ERROR, "fp-2", 1));

        await().atMost(WAIT).until(() -> second.received.size() == 1);
        assertThat(dispatcher.channels()).containsExactly("second");
        assertThat(first.received).extracting(Alert::fingerprint).containsOnly("fp-1");
        assertThat(second.received).extracting(Alert::fingerprint).containsExactly("fp-2");
    }

    @Test
    void deliveriesStillQueuedForARemovedChannelAreRecordedAsFailed() {
        RecordingChannel hanging = new RecordingChannel("hanging", AlertLevel.WARNING).hang();
        dispatcher.addChannel(hanging);
        dispatcher.raise(alert(AlertLevel.ERROR, "fp-1", 1));
        dispatcher.raise(alert(AlertLevel.ERROR, "fp-2", 1));

        dispatcher.removeChannel(hanging);
        hanging.release();

        // fp-1 was being sent (interrupted by the removal), fp-2 never started
        Delivery queued = dispatcher.history().get(0).deliveries().get("hanging");
        assertThat(queued.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(queued.reason()).isEqualTo("channel removed before delivery");
    }

    @Test
    void afterCloseAlertsAreDroppedAndTheDeliveryThreadsEnd() {
        RecordingChannel channel = new RecordingChannel("rec", AlertLevel.WARNING);
        dispatcher.addChannel(channel);
        dispatcher.raise(alert(AlertLevel.ERROR, "fp-1", 1));
        await().atMost(WAIT).until(() -> channel.received.size() == 1);

        dispatcher.close();
        dispatcher.raise(alert(AlertLevel.ERROR, "fp-2", 1));

        assertThat(dispatcher.history()).hasSize(1);
        await().atMost(WAIT).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("toolbox-alert-rec")));
    }
}
