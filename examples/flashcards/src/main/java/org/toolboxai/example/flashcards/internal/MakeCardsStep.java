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
 * Step type {@value #TYPE}: turns the run's {@code cards} lines ("term: definition") into cards.
 * A line that is not a card is a permanent failure (retrying cannot fix the request), named
 * with its position so the teacher can correct it.
 */
@Component(service = StepHandler.class)
public class MakeCardsStep implements StepHandler {

    static final String TYPE = "flashcards.make";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StepResult execute(StepContext context) throws Exception {
        List<Card> cards = parse(context.parameters().get("cards"));
        // the demonstration's pretend work: it stops as soon as the run is cancelled or times out
        long until = System.nanoTime() + ((Number) context.parameters().getOrDefault("pace_millis", 0)).longValue() * 1_000_000;
        while (System.nanoTime() < until) {
            if (context.cancelled()) {
                throw new InterruptedException("cancelled");
            }
            Thread.sleep(Math.min(20, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Card card : cards) {
            out.add(Map.of("front", card.front(), "back", card.back()));
        }
        return StepResult.of(Map.of("title", context.parameters().get("title"), "cards", out));
    }

    /** The cards of the request; a permanent failure listing every line that is not one. */
    static List<Card> parse(Object lines) {
        List<Card> cards = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int n = 0;
        for (Object line : lines instanceof List<?> list ? list : List.of()) {
            n++;
            String text = line == null ? "" : line.toString();
            int colon = text.indexOf(':');
            String front = colon < 0 ? "" : text.substring(0, colon).trim();
            String back = colon < 0 ? "" : text.substring(colon + 1).trim();
            if (front.isEmpty() || back.isEmpty()) {
                problems.add("card " + n + " (\"" + shorten(text) + "\") is not 'term: definition'");
            } else if (front.length() > 300 || back.length() > 1000) {
                problems.add("card " + n + " is too long (term at most 300 characters, definition at most 1000)");
            } else {
                cards.add(new Card(front, back));
            }
        }
        if (!problems.isEmpty()) {
            throw FailureException.permanent(String.join("; ", problems));
        }
        return cards;
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
