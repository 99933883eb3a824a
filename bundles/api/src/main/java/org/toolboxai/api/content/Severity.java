package org.toolboxai.api.content;

/**
 * How much a {@link QualityReport.Finding} matters; {@link #toString()} is its name on the wire.
 *
 * @since 2.0.0
 */
public enum Severity {
    /** The package must not be delivered as it is. */
    ERROR,
    /** Worth a look; the package passes. */
    WARNING;

    /** The wire name, e.g. {@code error}. */
    @Override
    public String toString() {
        return WireNames.of(this);
    }
}
