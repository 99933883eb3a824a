package org.toolboxai.coordinator.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ChecksumPropertiesTest {

    @Provide
    Arbitrary<ObjectNode> documents() {
        return JsonDocuments.documents();
    }

    @Property(tries = 300)
    void equalDocumentsHaveTheSameChecksumWhateverTheirMemberOrder(@ForAll("documents") ObjectNode document,
            @ForAll Random random) {
        JsonNode reordered = shuffled(document, random);

        assertThat(reordered).isEqualTo(document);
        assertThat(JsonMerge.checksum(reordered)).isEqualTo(JsonMerge.checksum(document)).hasSize(64);
    }

    @Property(tries = 300)
    void differentDocumentsHaveDifferentChecksums(@ForAll("documents") ObjectNode one,
            @ForAll("documents") ObjectNode other) {
        Assume.that(!one.equals(other));

        assertThat(JsonMerge.checksum(one)).isNotEqualTo(JsonMerge.checksum(other));
    }

    /** A copy with the members of every object in a random order. */
    private static JsonNode shuffled(JsonNode node, Random random) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
            Collections.shuffle(members, random);
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            members.forEach(member -> copy.set(member.getKey(), shuffled(member.getValue(), random)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(shuffled(element, random)));
            return copy;
        }
        return node.deepCopy();
    }
}
