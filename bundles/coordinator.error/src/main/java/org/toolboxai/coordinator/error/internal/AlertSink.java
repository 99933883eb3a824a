package org.toolboxai.coordinator.error.internal;

import org.toolboxai.api.error.Alert;

/** Where the coordinator raises alerts (the dispatcher: de-duplication, throttling, the channels). */
@FunctionalInterface
interface AlertSink {
    void raise(Alert alert);
}
