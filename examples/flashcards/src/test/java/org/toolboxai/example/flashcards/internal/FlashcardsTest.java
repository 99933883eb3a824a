package org.toolboxai.example.flashcards.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.RunScript;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.workflow.StepContext;
import org.toolboxai.api.workflow.StepEffect;
import org.toolboxai.api.workflow.StepResult;

class FlashcardsTest {

    @TempDir
    Path dir;

    private JdbcDataSource dataSource;
    private DeckStore decks;

    @BeforeEach
    void schema() throws Exception {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0");
        try (Connection c = dataSource.getConnection();
                var sql = new InputStreamReader(getClass().getResourceAsStream("/db/flashcards/V1__decks.sql"),
                        StandardCharsets.UTF_8)) {
            RunScript.execute(c, sql);
        }
        decks = new DeckStore(dataSource);
    }

    private static StepContext context(Map<String, Object> parameters, Map<String, Map<String, Object>> inputs) {
        return new StepContext() {
            public String runId() {
                return "run-1";
            }

            public String stepId() {
                return inputs.isEmpty() ? "make" : "save";
            }

            public String owner() {
                return "ms-lee";
            }

            public String template() {
                return "flashcards";
            }

            public int attempt() {
                return 1;
            }

            public Map<String, Object> parameters() {
                return parameters;
            }

            public Map<String, Object> config() {
                return Map.of();
            }

            public Map<String, Map<String, Object>> inputs() {
                return inputs;
            }

            public boolean cancelled() {
                return false;
            }
        };
    }

    @Test
    void linesBecomeCardsAndEveryBadLineIsNamedInOnePermanentFailure() {
        assertThat(MakeCardsStep.parse(List.of("photosynthesis: how plants make food from light", " atom :  smallest unit ")))
                .containsExactly(new Card("photosynthesis", "how plants make food from light"), new Card("atom", "smallest unit"));

        assertThatThrownBy(() -> MakeCardsStep.parse(List.of("good: card", "no colon here", ": no term", "no definition:")))
                .isInstanceOfSatisfying(FailureException.class, e -> {
                    assertThat(e.failure().kind()).isEqualTo(FailureKind.PERMANENT);
                    assertThat(e.getMessage()).contains("card 2").contains("card 3").contains("card 4").doesNotContain("card 1");
                });
    }

    @Test
    void theDeckIsMadeThenSavedByTheEffectAndReadBackInOrder() throws Exception {
        StepResult made = new MakeCardsStep().execute(context(Map.of("title", "Cells", "pace_millis", 0,
                "cards", List.of("nucleus: holds the DNA", "membrane: the cell's boundary")), Map.of()));
        StepResult saved = new SaveDeckStep().execute(context(Map.of(), Map.of("make", made.output())));

        assertThat(saved.output()).containsEntry("cards", 2).containsEntry("deck", "/api/v1/flashcards/run-1");
        assertThat(decks.find("run-1")).isEmpty(); // nothing is written until the engine commits the effect
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            for (StepEffect effect : saved.effects()) {
                effect.apply(c);
            }
            c.commit();
        }

        Deck deck = decks.find("run-1").orElseThrow();
        assertThat(deck.title()).isEqualTo("Cells");
        assertThat(deck.owner()).isEqualTo("ms-lee");
        assertThat(deck.cards()).containsExactly(new Card("nucleus", "holds the DNA"), new Card("membrane", "the cell's boundary"));
        assertThat(decks.list("ms-lee", 10)).singleElement().satisfies(d -> assertThat(d.cardCount()).isEqualTo(2));
        assertThat(decks.list("someone-else", 10)).isEmpty();
        assertThat(decks.count()).isEqualTo(1);
    }

    @Test
    void savingWithoutCardsIsInvalidOutputNotARetry() {
        assertThatThrownBy(() -> new SaveDeckStep().execute(context(Map.of(), Map.of("make", Map.of("title", "x")))))
                .isInstanceOfSatisfying(FailureException.class,
                        e -> assertThat(e.failure().kind()).isEqualTo(FailureKind.INVALID_OUTPUT));
    }
}
