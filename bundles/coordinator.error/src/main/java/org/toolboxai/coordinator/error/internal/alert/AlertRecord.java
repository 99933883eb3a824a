package org.toolboxai.coordinator.error.internal.alert;

import java.util.Map;

import org.toolboxai.api.error.Alert;

/**
 * One alert the dispatcher sent out, as {@code GET /api/v1/alerts} shows it.
 *
 * @param alert      the alert as the channels received it (its count includes the repeats folded into it)
 * @param repeats    raises of the same fingerprint and level that were held back as duplicates since the
 *                   previous alert of that kind and are carried by this one
 * @param deliveries per channel name, what became of it (a snapshot: pending deliveries change later)
 */
public record AlertRecord(Alert alert, long repeats, Map<String, Delivery> deliveries) {

    /** Copies the deliveries. */
    public AlertRecord {
        deliveries = Map.copyOf(deliveries);
    }
}
