package org.toolboxai.swarm.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.toolboxai.api.model.ModelException;
import org.toolboxai.api.model.ModelReply;
import org.toolboxai.api.model.ModelRequest;
import org.toolboxai.api.swarm.ModelAccess;

/**
 * Models behind the swarm, as a provider would answer: a solver reads the question from the
 * prompt's JSON (never a key: the request has none) and answers with what {@code solver} says for
 * its provider; a reviewer scores with {@code reviewer}. Every request is kept for the assertions.
 */
final class FakeModels implements ModelAccess {

    private static final ObjectMapper JSON = new ObjectMapper();

    final List<ModelRequest> requests = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> callsByProvider = new ConcurrentHashMap<>();
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger maxConcurrent = new AtomicInteger();
    volatile long delayMillis;
    /** (provider, question prompt) -> answer, or null to fail the call as a provider that cannot solve. */
    volatile BiFunction<String, JsonNode, String> solver = (p, q) -> null;
    /** (provider, candidates) -> the reply JSON with scores. */
    volatile BiFunction<String, JsonNode, String> reviewer = (p, c) -> null;

    /** Providers that say they cannot solve or rate. */
    final java.util.Set<String> cannot = ConcurrentHashMap.newKeySet();

    @Override
    public boolean answers(String provider, String task) {
        return !cannot.contains(provider);
    }

    @Override
    public String activeProvider() {
        return "fake";
    }

    @Override
    public ModelReply ask(String provider, String operation, ModelRequest request) throws Exception {
        requests.add(request);
        callsByProvider.computeIfAbsent(provider, k -> new AtomicInteger()).incrementAndGet();
        int now = concurrent.incrementAndGet();
        maxConcurrent.accumulateAndGet(now, Math::max);
        try {
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            String text = switch (request.task()) {
                case "solve" -> {
                    String answer = solver.apply(provider, section(request.prompt(), "Question (JSON): "));
                    if (answer == null) {
                        throw new ModelException("The provider " + provider + " cannot do the task 'solve'", false, null);
                    }
                    yield JSON.writeValueAsString(Map.of("answer", List.of(answer)));
                }
                case "rate" -> reviewer.apply(provider, section(request.prompt(), "Candidates (JSON): "));
                default -> throw new ModelException("unexpected task " + request.task(), false, null);
            };
            return new ModelReply(text, "fake-1", 10, 5);
        } finally {
            concurrent.decrementAndGet();
        }
    }

    private static JsonNode section(String prompt, String marker) throws Exception {
        int at = prompt.indexOf(marker);
        int end = prompt.indexOf("\n\nFacts (JSON): ");
        return JSON.readTree(prompt.substring(at + marker.length(), end));
    }
}
