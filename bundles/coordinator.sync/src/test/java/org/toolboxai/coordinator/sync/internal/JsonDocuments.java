package org.toolboxai.coordinator.sync.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random small documents and random edits of them for property tests. Member names and values come
 * from small sets, so independent edits often touch the same member and often agree.
 */
final class JsonDocuments {

    static final List<String> NAMES = List.of("a", "b", "c", "d", "e", "f");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonDocuments() {
    }

    /** A document: an object nested up to three levels deep. */
    static Arbitrary<ObjectNode> documents() {
        return objects(3);
    }

    /** Up to four edits of a document. */
    static Arbitrary<List<Edit>> edits() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 20),
                Arbitraries.of(NAMES), values(2))
                .as((kind, container, name, value) -> new Edit(kind == 0, container, name, value))
                .list().ofMaxSize(4);
    }

    /** Leaves: short strings, small ints, booleans, null and short arrays of those. */
    static Arbitrary<JsonNode> leaves() {
        Arbitrary<JsonNode> scalars = Arbitraries.oneOf(
                Arbitraries.strings().withChars("xy").ofMaxLength(2).map(NODES::textNode),
                Arbitraries.integers().between(-2, 2).map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.nullNode()));
        Arbitrary<JsonNode> arrays = scalars.list().ofMaxSize(3).map(elements -> {
            ArrayNode array = NODES.arrayNode();
            elements.forEach(array::add);
            return array;
        });
        return Arbitraries.frequencyOf(
                Tuple.of(4, scalars),
                Tuple.of(1, arrays));
    }

    private static Arbitrary<JsonNode> values(int depth) {
        return depth == 0 ? leaves()
                : Arbitraries.frequencyOf(Tuple.of(3, leaves()),
                        Tuple.of(1, objects(depth).map(JsonNode.class::cast)));
    }

    private static Arbitrary<ObjectNode> objects(int depth) {
        return Arbitraries.maps(Arbitraries.of(NAMES), values(depth - 1)).ofMaxSize(4).map(members -> {
            ObjectNode object = NODES.objectNode();
            members.forEach(object::set);
            return object;
        });
    }

    /**
     * One edit: set (add or replace) or remove member {@code name} of one of the document's objects,
     * chosen by {@code container} modulo their number.
     */
    record Edit(boolean remove, int container, String name, JsonNode value) {
    }

    /** {@code document} with the edits applied, skipping those under a top-level member not allowed. */
    static ObjectNode edited(ObjectNode document, List<Edit> edits, Predicate<String> mayTouchTopLevel) {
        ObjectNode copy = document.deepCopy();
        for (Edit edit : edits) {
            List<Container> containers = new ArrayList<>();
            collect(copy, null, containers);
            Container target = containers.get(edit.container() % containers.size());
            String topLevel = target.topLevel() == null ? edit.name() : target.topLevel();
            if (!mayTouchTopLevel.test(topLevel)) {
                continue;
            }
            if (edit.remove()) {
                target.object().remove(edit.name());
            } else {
                target.object().set(edit.name(), edit.value().deepCopy());
            }
        }
        return copy;
    }

    /** {@code document} with the edits applied anywhere. */
    static ObjectNode edited(ObjectNode document, List<Edit> edits) {
        return edited(document, edits, name -> true);
    }

    private record Container(String topLevel, ObjectNode object) {
    }

    private static void collect(ObjectNode object, String topLevel, List<Container> into) {
        into.add(new Container(topLevel, object));
        object.properties().forEach(member -> {
            if (member.getValue().isObject()) {
                collect((ObjectNode) member.getValue(), topLevel == null ? member.getKey() : topLevel, into);
            }
        });
    }
}
