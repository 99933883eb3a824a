package org.toolboxai.coordinator.main.internal;

import java.util.Set;

/** What readiness needs to know besides the contributors' own answers. */
interface BootProgress {

    /** Always finished, nothing required: for a runtime without a boot to wait for. */
    BootProgress NONE = new BootProgress() {
        @Override
        public boolean finished() {
            return true;
        }

        @Override
        public Set<String> requiredContributors() {
            return Set.of();
        }
    };

    /** Whether every boot feature is installed and every bundle of the boot has started. */
    boolean finished();

    /** Contributors that readiness waits for, registered or not. */
    Set<String> requiredContributors();
}
