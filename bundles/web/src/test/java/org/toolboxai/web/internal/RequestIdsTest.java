package org.toolboxai.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdsTest {

    private static final String GENERATED = "[0-9a-f]{32}";

    @ParameterizedTest
    @ValueSource(strings = { "abc", "req-1", "A_b.C:d-9", "0f8fad5b-d9cb-469f-a165-70867728950e",
            "trace:span.1_2" })
    void saneIdIsEchoed(String offered) {
        assertThat(RequestIds.accept(offered)).isEqualTo(offered);
    }

    @Test
    void idOfExactly128CharactersIsEchoed() {
        String offered = "a".repeat(128);

        assertThat(RequestIds.accept(offered)).isEqualTo(offered);
    }

    @Test
    void idLongerThan128CharactersIsReplaced() {
        String offered = "a".repeat(129);

        assertThat(RequestIds.accept(offered)).matches(GENERATED);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "has space", "line\nbreak", "cr\rlf", "tab\t", "semi;colon", "quote\"", "slash/",
            "<script>", "ünicode", "percent%20", "comma,", "equals=" })
    void missingOrUnsafeIdIsReplacedByAGeneratedOne(String offered) {
        assertThat(RequestIds.accept(offered)).matches(GENERATED);
    }

    @Test
    void generatedIdsAre32HexCharactersAndDistinct() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = RequestIds.generate();
            assertThat(id).matches(GENERATED);
            ids.add(id);
        }
        assertThat(ids).hasSize(1000);
    }

    @Test
    void headerNameIsXRequestId() {
        assertThat(RequestIds.HEADER).isEqualTo("X-Request-Id");
    }
}
