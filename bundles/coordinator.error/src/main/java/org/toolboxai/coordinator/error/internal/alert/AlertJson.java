package org.toolboxai.coordinator.error.internal.alert;

import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.toolboxai.api.error.Alert;

/**
 * An alert as JSON, the webhook's body: {@code id}, {@code level} and {@code error_class} in lower
 * case ({@code critical}, {@code network}), {@code fingerprint}, {@code component}, {@code title},
 * {@code detail}, {@code count} and {@code at} (ISO-8601, UTC); absent values are {@code null}.
 */
final class AlertJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertJson() {
    }

    static ObjectNode tree(Alert alert) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", alert.id());
        node.put("level", Levels.wire(alert.level()));
        node.put("fingerprint", alert.fingerprint());
        node.put("error_class", alert.errorClass() == null ? null : alert.errorClass().name().toLowerCase(Locale.ROOT));
        node.put("component", alert.component());
        node.put("title", alert.title());
        node.put("detail", alert.detail());
        node.put("count", alert.count());
        node.put("at", alert.at().toString());
        return node;
    }

    static byte[] bytes(Alert alert) {
        try {
            return MAPPER.writeValueAsBytes(tree(alert));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert " + alert.id() + " could not be written as JSON", e);
        }
    }
}
