package org.toolboxai.coordinator.sync.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The events of shared documents: each written version on {@code state/<name>}. */
final class StateEvents {

    static final String TOPIC_PREFIX = "state/";
    static final int PRIORITY = 6;
    private static final ObjectMapper JSON = new ObjectMapper();

    private StateEvents() {
    }

    /** The payload of a written version: its number, author, kind and checksum (not the content: read it with GET). */
    static ObjectNode payload(Documents.Version version) {
        return JSON.createObjectNode().put("name", version.name()).put("version", version.version()).put("author", version.author())
                .put("kind", version.kind()).put("checksum", version.checksum()).put("at", version.at());
    }
}
