package org.toolboxai.api.error;

/**
 * How a reported failure was classified and grouped.
 *
 * @param fingerprint the group's fingerprint (class, component and normalised message, hashed)
 * @param errorClass  its class
 * @param message     the failure's message, as users may read it
 */
public record ErrorReport(String fingerprint, ErrorClass errorClass, String message) {
}
