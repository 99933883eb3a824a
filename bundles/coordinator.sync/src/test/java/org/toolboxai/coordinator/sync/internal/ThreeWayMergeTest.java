package org.toolboxai.coordinator.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.toolboxai.coordinator.sync.internal.Json.json;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class ThreeWayMergeTest {

    private static final JsonNode MISSING = MissingNode.getInstance();

    private static Merge merge(String base, String ours, String theirs) {
        return JsonMerge.threeWay(json(base), json(ours), json(theirs));
    }

    @Test
    void memberChangedOnOneSideTakesThatSide() {
        Merge merge = merge("{'a':1,'b':1}", "{'a':2,'b':1}", "{'a':1,'b':3}");

        assertThat(merge.conflicts()).isEmpty();
        assertThat(merge.merged()).isEqualTo(json("{'a':2,'b':3}"));
    }

    @Test
    void sameChangeOnBothSidesIsNoConflict() {
        Merge merge = merge("{'a':1}", "{'a':[2]}", "{'a':[2]}");

        assertThat(merge.clean()).isTrue();
        assertThat(merge.merged()).isEqualTo(json("{'a':[2]}"));
    }

    @Test
    void differentChangesToAScalarConflictAndKeepOurs() {
        Merge merge = merge("{'a':1,'b':1}", "{'a':2,'b':1}", "{'a':3,'b':4}");

        assertThat(merge.conflicts()).containsExactly(new Conflict("/a", json("1"), json("2"), json("3")));
        assertThat(merge.merged()).isEqualTo(json("{'a':2,'b':4}"));
    }

    @Test
    void nonOverlappingChangesInsideAnObjectMerge() {
        Merge merge = merge("{'o':{'x':1,'y':1}}", "{'o':{'x':2,'y':1}}", "{'o':{'x':1,'y':2,'z':3}}");

        assertThat(merge.clean()).isTrue();
        assertThat(merge.merged()).isEqualTo(json("{'o':{'x':2,'y':2,'z':3}}"));
    }

    @Test
    void objectsAddedOnBothSidesMergeTheirMembers() {
        Merge merge = merge("{}", "{'o':{'x':1,'same':0}}", "{'o':{'y':2,'same':0}}");

        assertThat(merge.clean()).isTrue();
        assertThat(merge.merged()).isEqualTo(json("{'o':{'x':1,'same':0,'y':2}}"));
    }

    @Test
    void arrayChangedDifferentlyOnBothSidesIsOneConflictAtTheArray() {
        Merge merge = merge("{'l':[1,2,3]}", "{'l':[0,1,2,3]}", "{'l':[1,2,4]}");

        assertThat(merge.conflicts()).extracting(Conflict::path).containsExactly("/l");
        assertThat(merge.merged()).isEqualTo(json("{'l':[0,1,2,3]}"));
    }

    @Test
    void memberAddedOnOneSideIsAdded() {
        assertThat(merge("{'a':1}", "{'a':1}", "{'a':1,'b':null}").merged()).isEqualTo(json("{'a':1,'b':null}"));
        assertThat(merge("{'a':1}", "{'a':1,'b':2}", "{'a':1}").merged()).isEqualTo(json("{'a':1,'b':2}"));
    }

    @Test
    void memberAddedOnBothSidesDifferentlyConflictsWithBaseMissing() {
        Merge merge = merge("{}", "{'n':1}", "{'n':2}");

        assertThat(merge.conflicts()).containsExactly(new Conflict("/n", MISSING, json("1"), json("2")));
    }

    @Test
    void memberRemovedOnOneSideAndUnchangedOnTheOtherIsRemoved() {
        assertThat(merge("{'a':1,'b':2}", "{'b':2}", "{'a':1,'b':3}").merged()).isEqualTo(json("{'b':3}"));
        assertThat(merge("{'a':1,'b':2}", "{'a':1,'b':3}", "{'b':2}").merged()).isEqualTo(json("{'b':3}"));
    }

    @Test
    void memberRemovedOnOneSideAndChangedOnTheOtherConflicts() {
        Merge theirsRemoved = merge("{'a':{'x':1}}", "{'a':{'x':2}}", "{}");
        Merge oursRemoved = merge("{'a':{'x':1}}", "{}", "{'a':{'x':2}}");

        assertThat(theirsRemoved.conflicts())
                .containsExactly(new Conflict("/a", json("{'x':1}"), json("{'x':2}"), MISSING));
        assertThat(theirsRemoved.merged()).isEqualTo(json("{'a':{'x':2}}"));
        assertThat(oursRemoved.conflicts())
                .containsExactly(new Conflict("/a", json("{'x':1}"), MISSING, json("{'x':2}")));
        assertThat(oursRemoved.merged()).isEqualTo(json("{}"));
    }

    @Test
    void jsonNullIsAValueNotAnAbsence() {
        Merge merge = merge("{'a':1}", "{'a':null}", "{}");

        assertThat(merge.conflicts()).containsExactly(new Conflict("/a", json("1"), json("null"), MISSING));
    }

    @Test
    void conflictsComeInDocumentOrderWithEscapedPointers() {
        Merge merge = merge("{'z':0,'a/b':{'m~n':0},'k':0}", "{'z':1,'a/b':{'m~n':1},'k':1}",
                "{'k':2,'a/b':{'m~n':2},'z':2}");

        assertThat(merge.conflicts()).extracting(Conflict::path).containsExactly("/z", "/a~1b/m~0n", "/k");
    }

    @Test
    void differentDocumentsOfDifferentTypesConflictAtTheRoot() {
        Merge merge = merge("{'a':1}", "[1]", "'text'");

        assertThat(merge.conflicts()).containsExactly(new Conflict("", json("{'a':1}"), json("[1]"), json("'text'")));
        assertThat(merge.merged()).isEqualTo(json("[1]"));
    }

    @Test
    void neverChangesItsInputsAndSharesNoNodesWithThem() {
        JsonNode base = json("{'o':{'x':1},'p':{'q':1}}");
        JsonNode ours = json("{'o':{'x':2},'p':{'q':1}}");
        JsonNode theirs = json("{'o':{'x':3},'p':{'q':2}}");
        JsonNode[] before = {base.deepCopy(), ours.deepCopy(), theirs.deepCopy()};

        Merge merge = JsonMerge.threeWay(base, ours, theirs);
        ((ObjectNode) merge.merged().get("o")).put("changed", true);
        ((ObjectNode) merge.merged().get("p")).put("changed", true);

        assertThat(new JsonNode[] {base, ours, theirs}).containsExactly(before);
    }

    @Test
    void missingDocumentIsRejected() {
        assertThatThrownBy(() -> JsonMerge.threeWay(MISSING, json("{}"), json("{}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("base is missing");
    }
}
