package org.toolboxai.coordinator.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.toolboxai.coordinator.sync.internal.Json.json;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class JsonPatchTest {

    private static final JsonNode DOCUMENT = json("{'a':{'b':[1,2]},'c':3}");

    private static JsonNode patched(String patch) {
        return JsonMerge.jsonPatch(DOCUMENT, json(patch));
    }

    @Test
    void addsAMemberAndAnArrayElement() {
        assertThat(patched("[{'op':'add','path':'/d','value':{'e':null}},{'op':'add','path':'/a/b/-','value':3},"
                + "{'op':'add','path':'/a/b/0','value':0}]"))
                .isEqualTo(json("{'a':{'b':[0,1,2,3]},'c':3,'d':{'e':null}}"));
    }

    @Test
    void removesAMemberAndAnArrayElement() {
        assertThat(patched("[{'op':'remove','path':'/c'},{'op':'remove','path':'/a/b/0'}]"))
                .isEqualTo(json("{'a':{'b':[2]}}"));
    }

    @Test
    void replacesAMemberAndTheWholeDocument() {
        assertThat(patched("[{'op':'replace','path':'/c','value':[4]}]")).isEqualTo(json("{'a':{'b':[1,2]},'c':[4]}"));
        assertThat(patched("[{'op':'replace','path':'','value':'all'}]")).isEqualTo(json("'all'"));
    }

    @Test
    void movesAndCopiesValues() {
        assertThat(patched("[{'op':'move','from':'/c','path':'/a/c'}]")).isEqualTo(json("{'a':{'b':[1,2],'c':3}}"));
        assertThat(patched("[{'op':'copy','from':'/a/b','path':'/d'}]"))
                .isEqualTo(json("{'a':{'b':[1,2]},'c':3,'d':[1,2]}"));
    }

    @Test
    void passingTestChangesNothing() {
        assertThat(patched("[{'op':'test','path':'/a','value':{'b':[1,2]}}]")).isEqualTo(DOCUMENT);
    }

    @Test
    void failingTestNamesTheOperationAndTheValueFound() {
        assertThatThrownBy(() -> patched("[{'op':'replace','path':'/c','value':5},{'op':'test','path':'/c','value':4}]"))
                .isInstanceOfSatisfying(InvalidPatch.class, e -> assertThat(e.operationIndex()).isEqualTo(1))
                .hasMessage("operation 1 (test at \"/c\") cannot be applied: the value at \"/c\" is 5, not 4");
    }

    @Test
    void testOfAnAbsentMemberSaysNothingIsThere() {
        assertThatThrownBy(() -> patched("[{'op':'test','path':'/zz','value':4}]"))
                .hasMessage("operation 0 (test at \"/zz\") cannot be applied: nothing exists at \"/zz\"");
    }

    @Test
    void pathThatDoesNotExistFailsWithTheMissingMember() {
        assertThatThrownBy(() -> patched("[{'op':'add','path':'/c2','value':1},{'op':'replace','path':'/x/y','value':1}]"))
                .isInstanceOfSatisfying(InvalidPatch.class, e -> assertThat(e.operationIndex()).isEqualTo(1))
                .hasMessageStartingWith("operation 1 (replace at \"/x/y\") cannot be applied: ")
                .hasMessageContaining("\"x\"");
    }

    @Test
    void removingWhatIsNotThereFailsAsTheRfcRequires() {
        assertThatThrownBy(() -> patched("[{'op':'remove','path':'/zz'}]"))
                .isInstanceOf(InvalidPatch.class)
                .hasMessageStartingWith("operation 0 (remove at \"/zz\") cannot be applied: ");
    }

    @Test
    void arrayIndexOutOfBoundsFails() {
        assertThatThrownBy(() -> patched("[{'op':'add','path':'/a/b/5','value':1}]"))
                .hasMessageContaining("operation 0 (add at \"/a/b/5\")").hasMessageContaining("out of bounds");
    }

    @Test
    void memberNameOnAnArraySaysAnIndexIsNeeded() {
        assertThatThrownBy(() -> patched("[{'op':'add','path':'/a/b/x','value':1}]"))
                .hasMessageEndingWith("its last token must be an index or \"-\"");
    }

    @Test
    void patchThatIsNotAnArrayIsMalformed() {
        assertThatThrownBy(() -> patched("{'op':'add','path':'/d','value':1}"))
                .isInstanceOfSatisfying(InvalidPatch.class,
                        e -> assertThat(e.operationIndex()).isEqualTo(InvalidPatch.WHOLE_PATCH))
                .hasMessage("a JSON Patch must be a JSON array of operations, but this one is object");
    }

    @Test
    void unknownOperationIsMalformedAndListsTheKnownOnes() {
        assertThatThrownBy(() -> patched("[{'op':'add','path':'/d','value':1},{'op':'merge','path':'/a'}]"))
                .isInstanceOfSatisfying(InvalidPatch.class, e -> assertThat(e.operationIndex()).isEqualTo(1))
                .hasMessage("operation 1 (merge at \"/a\") is malformed: \"merge\" is not an operation;"
                        + " use add, remove, replace, move, copy or test");
    }

    @Test
    void operationWithoutOpOrPathOrValueIsMalformed() {
        assertThatThrownBy(() -> patched("[{'path':'/a'}]")).hasMessage(
                "operation 0 needs an \"op\" member: add, remove, replace, move, copy or test");
        assertThatThrownBy(() -> patched("[{'op':'remove'}]")).hasMessageStartingWith(
                "operation 0 (remove at \"\") is malformed: ").hasMessageContaining("path");
        assertThatThrownBy(() -> patched("[{'op':'add','path':'/d'}]")).hasMessageStartingWith(
                "operation 0 (add at \"/d\") is malformed: ").hasMessageContaining("value");
        assertThatThrownBy(() -> patched("[42]")).hasMessage("operation 0 must be a JSON object, but is number");
    }

    @Test
    void pathWithoutLeadingSlashIsMalformed() {
        assertThatThrownBy(() -> patched("[{'op':'add','path':'d','value':1}]"))
                .hasMessageStartingWith("operation 0 (add at \"d\") is malformed: \"path\" is \"d\", not a JSON Pointer");
    }

    @Test
    void moveIntoItsOwnChildIsMalformed() {
        assertThatThrownBy(() -> patched("[{'op':'move','from':'/a','path':'/a/q'}]"))
                .hasMessageContaining("cannot be moved into one of its own children");
    }

    @Test
    void failingPatchAppliesNothingAndNeverChangesItsInput() {
        JsonNode target = DOCUMENT.deepCopy();
        JsonNode patch = json("[{'op':'remove','path':'/c'},{'op':'test','path':'/c','value':3}]");

        assertThatThrownBy(() -> JsonMerge.jsonPatch(target, patch)).isInstanceOf(InvalidPatch.class);
        JsonNode result = JsonMerge.jsonPatch(target, json("[{'op':'remove','path':'/a/b/0'}]"));

        assertThat(target).isEqualTo(DOCUMENT);
        assertThat(result).isEqualTo(json("{'a':{'b':[2]},'c':3}"));
    }

    @Test
    void resultSharesNoNodesWithThePatchOrTheTarget() {
        JsonNode target = DOCUMENT.deepCopy();
        JsonNode patch = json("[{'op':'add','path':'/d','value':{'e':1}},{'op':'copy','from':'/a','path':'/f'}]");
        JsonNode patchBefore = patch.deepCopy();

        JsonNode result = JsonMerge.jsonPatch(target, patch);
        ((ObjectNode) result.get("d")).put("changed", true);
        ((ObjectNode) result.get("f")).put("changed", true);

        assertThat(patch).isEqualTo(patchBefore);
        assertThat(target).isEqualTo(DOCUMENT);
        assertThat(result.get("a")).isEqualTo(json("{'b':[1,2]}"));
    }
}
