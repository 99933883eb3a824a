package org.toolboxai.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A simulated student for SPARC's adaptive sessions over REST: of ability {@code theta}, answering
 * each item right with the probability the item's IRT parameters give (2PL/3PL, computed here, not
 * by the product), else with a wrong option. It reads the keys and parameters from the bank as its
 * teacher sees it.
 */
final class SimulatedStudent {

    /** HTTP as the student sends it. */
    interface Client {
        HttpResponse<String> get(String path) throws Exception;

        HttpResponse<String> post(String path, String json) throws Exception;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, JsonNode> items = new HashMap<>();
    private final double theta;
    private final Random random;
    private final Client client;

    /** @param bankStats {@code GET /api/v1/sparc/banks/{bank}/items} as the teacher read it */
    SimulatedStudent(JsonNode bankStats, double theta, long seed, Client client) {
        for (JsonNode item : bankStats.path("list")) {
            items.put(item.path("id").asText(), item);
        }
        this.theta = theta;
        this.random = new Random(seed);
        this.client = client;
    }

    /** What this student answers to a presented item, as the JSON of a {@code response}. */
    String response(JsonNode presented) throws Exception {
        JsonNode item = items.get(presented.path("item_id").asText());
        assertTrue("the presented item is in the bank: " + presented, item != null);
        double a = item.path("a").asDouble();
        double b = item.path("b").asDouble();
        double c = item.path("c").asDouble();
        double p = c + (1 - c) / (1 + Math.exp(-a * (theta - b)));
        JsonNode key = item.path("answer");
        String type = item.path("type").asText();
        if (random.nextDouble() < p) {
            return type.equals("matching") || type.equals("ordering") ? JSON.writeValueAsString(key) : JSON.writeValueAsString(key.get(0).asText());
        }
        for (JsonNode option : presented.path("options")) {
            if (!option.asText().equals(key.get(0).asText())) {
                return JSON.writeValueAsString(option.asText());
            }
        }
        if (type.equals("true_false")) {
            return JSON.writeValueAsString(key.get(0).asText().equals("true") ? "false" : "true");
        }
        return JSON.writeValueAsString("I do not know");
    }

    /** Answers the presented item of a session; the answer's JSON (asserting 200). */
    JsonNode answer(String sessionId, JsonNode presented) throws Exception {
        HttpResponse<String> r = client.post("/api/v1/sparc/sessions/" + sessionId + "/answers", body(presented, response(presented)));
        assertEquals(r.body(), 200, r.statusCode());
        return JSON.readTree(r.body());
    }

    /** The body of an answer to a presented item. */
    static String body(JsonNode presented, String responseJson) {
        return "{\"position\": " + presented.path("position").asInt() + ", \"item_id\": " + JSON.valueToTree(presented.path("item_id").asText())
                + ", \"response\": " + responseJson + "}";
    }

    /** Answers until the session finishes or {@code limit} answers were given; the last session JSON. */
    JsonNode answerUntil(JsonNode session, int limit) throws Exception {
        JsonNode s = session;
        for (int i = 0; i < limit && s.path("state").asText().equals("active"); i++) {
            s = answer(s.path("id").asText(), s.path("item")).path("session");
        }
        return s;
    }

    /** The ids of the items with their positions in a list, for the record. */
    static List<String> ids(JsonNode bankStats) {
        return bankStats.path("list").findValuesAsText("id");
    }
}
