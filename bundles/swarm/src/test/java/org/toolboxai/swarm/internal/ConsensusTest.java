package org.toolboxai.swarm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.toolboxai.api.swarm.Choice;
import org.toolboxai.api.swarm.SwarmTask;
import org.toolboxai.api.swarm.Verification;

class ConsensusTest {

    private static Verification.Vote vote(String reviewer, int candidate, double weight, double confidence) {
        return new Verification.Vote(reviewer, candidate, weight, confidence);
    }

    private static Consensus.Outcome decide(Consensus.Strategy s, List<Verification.Vote> votes) {
        return Consensus.decide(s, votes, 0.7, 3, 0.6);
    }

    @Test
    void majorityNeedsMoreThanHalfTheVotesAndTheGlobalMinimums() {
        List<Verification.Vote> twoOfThree = List.of(vote("a", 0, 1, 1), vote("b", 0, 1, 1), vote("c", 1, 1, 1));
        Consensus.Outcome o = decide(Consensus.Strategy.MAJORITY, twoOfThree);
        assertThat(o.accepted()).isTrue();
        assertThat(o.winner()).isZero();
        assertThat(o.agreement()).isEqualTo(2.0 / 3);
        // 2 of 4 is half, not more
        assertThat(decide(Consensus.Strategy.MAJORITY, List.of(vote("a", 0, 1, 1), vote("b", 0, 1, 1), vote("c", 1, 1, 1),
                vote("d", 2, 1, 1))).accepted()).isFalse();
        // two votes are fewer than the three every consensus needs, even when they agree
        Consensus.Outcome few = decide(Consensus.Strategy.MAJORITY, List.of(vote("a", 0, 1, 1), vote("b", 0, 1, 1)));
        assertThat(few.accepted()).isFalse();
        assertThat(few.reason()).contains("fewer than the 3");
        // 3 of 5 is a majority, but under the 0.6 minimum agreement? 0.6 is the minimum itself: accepted
        assertThat(decide(Consensus.Strategy.MAJORITY, List.of(vote("a", 0, 1, 1), vote("b", 0, 1, 1), vote("c", 0, 1, 1),
                vote("d", 1, 1, 1), vote("e", 2, 1, 1))).accepted()).isTrue();
        // 4 of 7 is a majority (0.57) but under 0.6
        assertThat(decide(Consensus.Strategy.MAJORITY, List.of(vote("a", 0, 1, 1), vote("b", 0, 1, 1), vote("c", 0, 1, 1),
                vote("d", 0, 1, 1), vote("e", 1, 1, 1), vote("f", 1, 1, 1), vote("g", 2, 1, 1))).accepted()).isFalse();
    }

    @Test
    void weightedCountsEachVoteByItsReviewersWeight() {
        // one heavy reviewer outweighs two light ones
        List<Verification.Vote> votes = List.of(vote("a", 1, 3, 1), vote("b", 0, 1, 1), vote("c", 0, 1, 1));
        Consensus.Outcome o = decide(Consensus.Strategy.WEIGHTED, votes);
        assertThat(o.winner()).isEqualTo(1);
        assertThat(o.agreement()).isEqualTo(0.6);
        assertThat(o.accepted()).isTrue();
        assertThat(decide(Consensus.Strategy.MAJORITY, votes).winner()).isZero();
    }

    @Test
    void unanimousNeedsEveryVote() {
        assertThat(decide(Consensus.Strategy.UNANIMOUS, List.of(vote("a", 2, 1, 1), vote("b", 2, 1, 1), vote("c", 2, 1, 1))).accepted()).isTrue();
        Consensus.Outcome split = decide(Consensus.Strategy.UNANIMOUS, List.of(vote("a", 2, 1, 1), vote("b", 2, 1, 1), vote("c", 2, 1, 1),
                vote("d", 0, 1, 1)));
        assertThat(split.accepted()).isFalse();
        assertThat(split.winner()).isEqualTo(2);
    }

    @Test
    void thresholdNeedsItsShare() {
        // 2 of 3 (0.67) is under the 0.7 threshold; 3 of 4 (0.75) is over it
        assertThat(decide(Consensus.Strategy.THRESHOLD, List.of(vote("a", 0, 1, 1), vote("b", 0, 1, 1), vote("c", 1, 1, 1))).accepted()).isFalse();
        assertThat(decide(Consensus.Strategy.THRESHOLD, List.of(vote("a", 0, 1, 1), vote("b", 0, 1, 1), vote("c", 0, 1, 1),
                vote("d", 1, 1, 1))).accepted()).isTrue();
    }

    @Test
    void confidenceWeightedCountsEachVoteByItsConfidence() {
        // two unsure votes for 0, one sure vote for 1: 1 has 0.9 / 1.5 = 0.6
        Consensus.Outcome o = decide(Consensus.Strategy.CONFIDENCE_WEIGHTED, List.of(vote("a", 0, 1, 0.3), vote("b", 0, 1, 0.3),
                vote("c", 1, 1, 0.9)));
        assertThat(o.winner()).isEqualTo(1);
        assertThat(o.agreement()).isEqualTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(o.accepted()).isTrue();
    }

    @Test
    void anUnknownStrategyIsRefusedByName() {
        assertThatThrownBy(() -> Consensus.Strategy.of("plurality")).hasMessageContaining("confidence_weighted");
        assertThat(Consensus.Strategy.of("Confidence_Weighted")).isEqualTo(Consensus.Strategy.CONFIDENCE_WEIGHTED);
    }

    // ------------------------------------------------------------ candidates, reviewers and the decision

    private SwarmService swarm;

    @AfterEach
    void stop() {
        if (swarm != null) {
            swarm.stop();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A reviewer that scores a candidate by its "goodness" field, the same on every criterion. */
    private static String scoreBy(JsonNode candidates, java.util.function.ToDoubleFunction<JsonNode> goodness) {
        List<Map<String, Object>> scores = new java.util.ArrayList<>();
        for (JsonNode c : candidates) {
            double g = goodness.applyAsDouble(c.path("content"));
            scores.add(Map.of("candidate", c.path("candidate").asInt(), "curriculum_alignment", g, "accessibility", g, "quality", g,
                    "confidence", 0.8));
        }
        try {
            return JSON.writeValueAsString(Map.of("scores", scores));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Map<String, Object> MARK = Map.of("swarm", Map.of("candidates", 3, "strategy", "majority"));

    @Test
    void candidatesAreMadeInParallelScoredAndTheOneTheReviewersAgreeOnIsChosen() throws Exception {
        swarm = new SwarmService(Configs.of("reviewers", "r,r,r"));
        FakeModels models = new FakeModels();
        models.reviewer = (p, c) -> scoreBy(c, n -> n.path("goodness").asDouble());
        Map<Integer, String> feedback = new ConcurrentHashMap<>();
        SwarmTask task = new SwarmTask("c1", "run", "curriculum_analysis", "tom", 3, "curriculum", null, models);

        Choice choice = swarm.choose(task, MARK, (i, why) -> {
            feedback.put(i, String.valueOf(why));
            return "{\"goodness\": " + (i == 1 ? 0.9 : 0.5) + "}";
        });

        assertThat(choice.index()).isEqualTo(1);
        assertThat(choice.json()).contains("0.9");
        Verification.Decision d = choice.decision();
        assertThat(d.outcome()).isEqualTo(Verification.Decision.CHOSEN);
        assertThat(d.strategy()).isEqualTo("majority");
        assertThat(d.votes()).hasSize(3).allMatch(v -> v.candidate() == 1);
        assertThat(d.scores()).hasSize(9);
        assertThat(d.scores().stream().filter(s -> s.candidate() == 1)).allMatch(s -> Math.abs(s.total() - 0.9) < 1e-9);
        assertThat(feedback.keySet()).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(d.rounds()).isEqualTo(1);
    }

    @Test
    void reviewersWhoDisagreeGetANewRoundThenTheBestScoredIsTakenAsNeedsReview() throws Exception {
        swarm = new SwarmService(Configs.of("reviewers", "a,b,c", "consensus_rounds", 2));
        FakeModels models = new FakeModels();
        // each reviewer prefers a different candidate: never a majority
        models.reviewer = (p, c) -> scoreBy(c, n -> {
            int favourite = switch (p) {
                case "a" -> 0;
                case "b" -> 1;
                default -> 2;
            };
            int index = n.path("index").asInt() % 3;
            return index == favourite ? 0.9 : (index == 1 ? 0.6 : 0.2);
        });
        List<String> whys = new java.util.concurrent.CopyOnWriteArrayList<>();
        SwarmTask task = new SwarmTask("c2", "run", "curriculum_analysis", "tom", 3, "curriculum", null, models);

        Choice choice = swarm.choose(task, MARK, (i, why) -> {
            whys.add(String.valueOf(why));
            return "{\"index\": " + i + "}";
        });

        Verification.Decision d = choice.decision();
        assertThat(d.outcome()).isEqualTo(Verification.Decision.NEEDS_REVIEW);
        assertThat(d.rounds()).isEqualTo(2);
        assertThat(d.candidates()).isEqualTo(6);
        assertThat(d.votes()).hasSize(6);
        // candidate index 1 (and 4) has the best mean: 0.9, 0.6, 0.6 against 0.9, 0.2, 0.2
        assertThat(choice.index()).isEqualTo(1);
        assertThat(d.reason()).contains("teacher should review");
        assertThat(whys.stream().filter(w -> w.startsWith("Reviewers did not agree"))).hasSize(3);
    }

    @Test
    void withoutReviewersAStepIsNotGivenCandidates() {
        swarm = new SwarmService(Configs.of());
        assertThat(swarm.candidates(MARK)).isZero();
        SwarmService withReviewers = new SwarmService(Configs.of("reviewers", "r,r,r"));
        try {
            assertThat(withReviewers.candidates(MARK)).isEqualTo(3);
            assertThat(withReviewers.candidates(Map.of())).isZero();
            assertThat(withReviewers.candidates(Map.of("swarm", Map.of("candidates", 50)))).isEqualTo(10);
        } finally {
            withReviewers.stop();
        }
    }
}
