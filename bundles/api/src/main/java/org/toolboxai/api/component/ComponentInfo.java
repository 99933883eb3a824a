package org.toolboxai.api.component;

import java.util.List;

/**
 * One installed toolbox bundle.
 *
 * @param bundleId     the framework's bundle id
 * @param symbolicName e.g. {@code org.toolboxai.web}
 * @param name         the human-readable bundle name
 * @param version      the bundle version
 * @param state        INSTALLED, RESOLVED, STARTING, ACTIVE, STOPPING or UNINSTALLED
 * @param services     the toolbox service interfaces the bundle currently provides
 */
public record ComponentInfo(long bundleId, String symbolicName, String name, String version, String state,
        List<String> services) {

    /** Copies the list. */
    public ComponentInfo {
        services = List.copyOf(services);
    }
}
