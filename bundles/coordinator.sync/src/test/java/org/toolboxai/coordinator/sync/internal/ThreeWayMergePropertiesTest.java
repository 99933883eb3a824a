package org.toolboxai.coordinator.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.toolboxai.coordinator.sync.internal.JsonDocuments.edited;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.DiffFlags;
import com.flipkart.zjsonpatch.JsonDiff;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

class ThreeWayMergePropertiesTest {

    /** In the disjoint property ours edits only these top-level members, theirs only the others. */
    private static final Set<String> OURS_ALONE = Set.of("a", "b", "c");

    @Provide
    Arbitrary<ObjectNode> documents() {
        return JsonDocuments.documents();
    }

    @Provide
    Arbitrary<List<JsonDocuments.Edit>> edits() {
        return JsonDocuments.edits();
    }

    @Property(tries = 400)
    void editsOfDisjointTopLevelMembersNeverConflict(@ForAll("documents") ObjectNode base,
            @ForAll("edits") List<JsonDocuments.Edit> ourEdits, @ForAll("edits") List<JsonDocuments.Edit> theirEdits) {
        ObjectNode ours = edited(base, ourEdits, OURS_ALONE::contains);
        ObjectNode theirs = edited(base, theirEdits, name -> !OURS_ALONE.contains(name));

        Merge merge = JsonMerge.threeWay(base, ours, theirs);

        ObjectNode expected = JsonNodeFactory.instance.objectNode();
        for (String name : JsonDocuments.NAMES) {
            JsonNode value = (OURS_ALONE.contains(name) ? ours : theirs).get(name);
            if (value != null) {
                expected.set(name, value);
            }
        }
        assertThat(merge.conflicts()).isEmpty();
        assertThat(merge.merged()).isEqualTo(expected);
    }

    @Property(tries = 400)
    void swappingTheSidesGivesTheSameMergeAndTheSameConflictPaths(@ForAll("documents") ObjectNode base,
            @ForAll("edits") List<JsonDocuments.Edit> xEdits, @ForAll("edits") List<JsonDocuments.Edit> yEdits) {
        ObjectNode x = edited(base, xEdits);
        ObjectNode y = edited(base, yEdits);

        Merge xy = JsonMerge.threeWay(base, x, y);
        Merge yx = JsonMerge.threeWay(base, y, x);

        // the generators must give conflicts often enough for this property to mean something
        Statistics.label("conflicts").collect(Math.min(xy.conflicts().size(), 2));
        Statistics.label("conflicts").coverage(coverage -> {
            coverage.check(0).percentage(percent -> percent > 50);
            coverage.check(1).percentage(percent -> percent > 5);
        });
        assertThat(paths(yx)).isEqualTo(paths(xy)).hasSameSizeAs(xy.conflicts());
        assertThat(yx.conflicts()).allSatisfy(swapped -> assertThat(xy.conflicts()).contains(
                new Conflict(swapped.path(), swapped.base(), swapped.theirs(), swapped.ours())));
        if (xy.clean()) {
            assertThat(yx.merged()).isEqualTo(xy.merged());
        }
    }

    @Property(tries = 300)
    void mergingWithAnUnchangedOrIdenticalSideGivesTheOtherSide(@ForAll("documents") ObjectNode base,
            @ForAll("edits") List<JsonDocuments.Edit> edits) {
        ObjectNode x = edited(base, edits);

        for (Merge merge : List.of(JsonMerge.threeWay(base, x, x), JsonMerge.threeWay(base, base, x),
                JsonMerge.threeWay(base, x, base))) {
            assertThat(merge.conflicts()).isEmpty();
            assertThat(merge.merged()).isEqualTo(x);
        }
    }

    @Property(tries = 400)
    void everyChangeOutsideTheConflictsIsInTheResult(@ForAll("documents") ObjectNode base,
            @ForAll("edits") List<JsonDocuments.Edit> ourEdits, @ForAll("edits") List<JsonDocuments.Edit> theirEdits) {
        ObjectNode ours = edited(base, ourEdits);
        ObjectNode theirs = edited(base, theirEdits);

        Merge merge = JsonMerge.threeWay(base, ours, theirs);

        Set<String> conflicts = paths(merge);
        // theirs: every change but those at, above or below a conflict
        for (String path : changedPaths(base, theirs)) {
            if (conflicts.stream().noneMatch(conflict -> related(path, conflict))) {
                assertThat(agrees(merge.merged().at(path), theirs.at(path)))
                        .as("their change at %s in %s", path, merge.merged()).isTrue();
            }
        }
        // ours: every change, since a conflict keeps ours
        for (String path : changedPaths(base, ours)) {
            assertThat(agrees(merge.merged().at(path), ours.at(path)))
                    .as("our change at %s in %s", path, merge.merged()).isTrue();
        }
    }

    @Property(tries = 200)
    void sameInputsGiveTheSameOutput(@ForAll("documents") ObjectNode base,
            @ForAll("edits") List<JsonDocuments.Edit> ourEdits, @ForAll("edits") List<JsonDocuments.Edit> theirEdits) {
        ObjectNode ours = edited(base, ourEdits);
        ObjectNode theirs = edited(base, theirEdits);

        Merge first = JsonMerge.threeWay(base, ours, theirs);
        Merge second = JsonMerge.threeWay(base.deepCopy(), ours.deepCopy(), theirs.deepCopy());

        assertThat(second).isEqualTo(first);
        assertThat(second.merged().toString()).isEqualTo(first.merged().toString());
    }

    private static Set<String> paths(Merge merge) {
        return merge.conflicts().stream().map(Conflict::path).collect(Collectors.toSet());
    }

    /** The paths of zjsonpatch's add, remove and replace operations turning {@code from} into {@code to}. */
    private static List<String> changedPaths(JsonNode from, JsonNode to) {
        JsonNode diff = JsonDiff.asJson(from, to,
                EnumSet.of(DiffFlags.OMIT_MOVE_OPERATION, DiffFlags.OMIT_COPY_OPERATION));
        return diff.findValuesAsText("path");
    }

    /** Whether one pointer is the other or lies inside it. */
    private static boolean related(String path, String other) {
        return path.equals(other) || path.startsWith(other + "/") || other.startsWith(path + "/");
    }

    /**
     * Whether the result holds a side's value: equal, or both objects and every member of the side's
     * value is held (when both sides made an object where base had none, the result has both's members).
     */
    private static boolean agrees(JsonNode result, JsonNode side) {
        if (result.equals(side)) {
            return true;
        }
        if (!result.isObject() || !side.isObject()) {
            return false;
        }
        for (var member : side.properties()) {
            if (!agrees(result.path(member.getKey()), member.getValue())) {
                return false;
            }
        }
        return true;
    }
}
