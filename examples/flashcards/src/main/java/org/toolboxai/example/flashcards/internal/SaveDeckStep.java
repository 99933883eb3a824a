package org.toolboxai.example.flashcards.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.workflow.StepContext;
import org.toolboxai.api.workflow.StepHandler;
import org.toolboxai.api.workflow.StepResult;

/**
 * Step type {@value #TYPE}: saves the cards made by the {@code make} step in this bundle's
 * tables. The rows are a step effect, written in the same transaction that records the step as
 * completed, so a deck is saved exactly once even if the node dies mid-step.
 */
@Component(service = StepHandler.class)
public class SaveDeckStep implements StepHandler {

    static final String TYPE = "flashcards.save";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StepResult execute(StepContext context) {
        Map<String, Object> made = context.inputs().get("make");
        if (made == null || !(made.get("cards") instanceof List<?> raw)) {
            throw FailureException.invalidOutput("the 'make' step handed over no cards");
        }
        List<Card> cards = new ArrayList<>();
        for (Object each : raw) {
            Map<?, ?> card = (Map<?, ?>) each;
            cards.add(new Card(String.valueOf(card.get("front")), String.valueOf(card.get("back"))));
        }
        String title = String.valueOf(made.get("title"));
        String runId = context.runId();
        String owner = context.owner();
        long now = System.currentTimeMillis();
        return StepResult.of(Map.of("deck", "/api/v1/flashcards/" + runId, "cards", cards.size()))
                .withEffect(connection -> DeckStore.insert(connection, runId, title, owner, now, cards));
    }
}
