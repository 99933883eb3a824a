package org.toolboxai.coordinator.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.toolboxai.coordinator.sync.internal.Json.json;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

class ChecksumTest {

    @Test
    void hashesCompactJsonWithMembersSortedByName() {
        JsonNode document = json("{ 'b' : true, 'a' : [ 1, { 'y':'\u00e9', 'x':null } ] }");

        assertThat(JsonMerge.canonicalJson(document)).isEqualTo("{\"a\":[1,{\"x\":null,\"y\":\"\u00e9\"}],\"b\":true}");
        // printf '%s' '{"a":[1,{"x":null,"y":"é"}],"b":true}' | sha256sum
        assertThat(JsonMerge.checksum(document))
                .isEqualTo("363b42a7ee7a86e3f8938dc2b56eceeed776c6cc6d484a7f4138473256e29b75");
    }

    @Test
    void arrayOrderMatters() {
        assertThat(JsonMerge.checksum(json("[1,2]"))).isNotEqualTo(JsonMerge.checksum(json("[2,1]")));
    }

    @Test
    void numbersAreNotNormalised() {
        assertThat(JsonMerge.checksum(json("1"))).isNotEqualTo(JsonMerge.checksum(json("1.0")));
    }

    @Test
    void missingNodeHasNoChecksum() {
        assertThatThrownBy(() -> JsonMerge.checksum(MissingNode.getInstance()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
