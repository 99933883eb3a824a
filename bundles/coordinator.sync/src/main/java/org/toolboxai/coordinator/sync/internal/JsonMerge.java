package org.toolboxai.coordinator.sync.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.CompatibilityFlags;
import com.flipkart.zjsonpatch.InvalidJsonPatchException;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPointer;

/**
 * Pure functions over Jackson documents for the sync coordinator: the two standard ways of
 * patching a document, a three-way merge of concurrent writes, and an order-independent checksum.
 *
 * <p>No method mutates its arguments, and every document returned shares no nodes with them, so
 * callers may change a result without touching the stored version it came from.
 */
final class JsonMerge {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /*
     * zjsonpatch's defaults let "remove" of a member that does not exist succeed silently; RFC 6902
     * section 4.2 says the target location MUST exist, so a client deleting something already gone
     * is told so.
     */
    private static final EnumSet<CompatibilityFlags> PATCH_FLAGS =
            EnumSet.of(CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT);

    private static final String OPERATIONS = "add, remove, replace, move, copy or test";

    private JsonMerge() {
    }

    // ---------------------------------------------------------------- RFC 7386 JSON Merge Patch

    /**
     * Applies an RFC 7386 JSON Merge Patch, exactly as the RFC's pseudo-code: when {@code patch} is
     * an object, a non-object target is first replaced by {@code {}}, each member of the patch whose
     * value is {@code null} removes that member from the target, and every other member is merged
     * recursively into the target's member of the same name; a patch that is not an object (an
     * array, a scalar, {@code null}) replaces the target entirely. Arrays are never merged.
     *
     * @param target the document to patch, unchanged
     * @param patch the merge patch, unchanged
     * @return a new document
     */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(patch, "patch");
        return mergePatchInto(target.deepCopy(), patch);
    }

    /** RFC 7386 on {@code target}, a private copy (or {@code null} for an absent member) it may change. */
    private static JsonNode mergePatchInto(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target : NODES.objectNode();
        for (Iterator<String> names = patch.fieldNames(); names.hasNext();) {
            String name = names.next();
            JsonNode value = patch.get(name);
            if (value.isNull()) {
                result.remove(name);
            } else {
                result.set(name, mergePatchInto(result.get(name), value));
            }
        }
        return result;
    }

    // ---------------------------------------------------------------- RFC 6902 JSON Patch

    /**
     * Applies an RFC 6902 JSON Patch: the operations in order, all or nothing.
     *
     * <p>Stricter than zjsonpatch's defaults in two places the RFC requires: {@code remove} of a
     * location that does not exist fails, and {@code move} of a value into one of its own children
     * is rejected as malformed.
     *
     * @param target the document to patch, unchanged
     * @param patch a JSON array of operation objects
     * @return a new document with every operation applied
     * @throws InvalidPatch if the patch is not an array of well-formed operations, or an operation
     *     cannot be applied (a failing {@code test}, a path that does not exist, ...); its message
     *     names the operation's index, kind and path, and the reason
     */
    static JsonNode jsonPatch(JsonNode target, JsonNode patch) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(patch, "patch");
        if (!patch.isArray()) {
            throw new InvalidPatch(InvalidPatch.WHOLE_PATCH,
                    "a JSON Patch must be a JSON array of operations, but this one is " + kind(patch), null);
        }
        for (int i = 0; i < patch.size(); i++) {
            checkWellFormed(i, patch.get(i));
        }
        try {
            return JsonPatch.apply(patch, target, PATCH_FLAGS);
        } catch (RuntimeException failure) {
            // zjsonpatch does not say which operation failed: replay one by one to find it
            JsonNode current = target;
            for (int i = 0; i < patch.size(); i++) {
                JsonNode operation = patch.get(i);
                try {
                    current = JsonPatch.apply(NODES.arrayNode().add(operation), current, PATCH_FLAGS);
                } catch (RuntimeException e) {
                    throw new InvalidPatch(i, describe(i, operation) + " cannot be applied: "
                            + reason(operation, current, e), e);
                }
            }
            throw new InvalidPatch(InvalidPatch.WHOLE_PATCH,
                    "the patch cannot be applied: " + failure.getMessage(), failure);
        }
    }

    private static void checkWellFormed(int index, JsonNode operation) {
        if (!operation.isObject()) {
            throw malformed(index, "operation " + index + " must be a JSON object, but is " + kind(operation), null);
        }
        JsonNode op = operation.get("op");
        if (op == null || !op.isTextual()) {
            throw malformed(index, "operation " + index + " needs an \"op\" member: " + OPERATIONS, null);
        }
        // before zjsonpatch's validation, which lets a bad pointer escape as a bare IllegalArgumentException
        checkPointer(index, operation, "path");
        checkPointer(index, operation, "from");
        try {
            JsonPatch.validate(NODES.arrayNode().add(operation), PATCH_FLAGS);
        } catch (InvalidJsonPatchException e) {
            String why = e.getMessage() != null && e.getMessage().startsWith("unknown")
                    ? "\"" + op.asText() + "\" is not an operation; use " + OPERATIONS
                    : e.getMessage();
            throw malformed(index, describe(index, operation) + " is malformed: " + why, e);
        }
        String path = operation.get("path").asText();
        JsonNode from = operation.get("from");
        if ("move".equals(op.asText()) && from != null && path.startsWith(from.asText() + "/")) {
            throw malformed(index, describe(index, operation) + " is malformed: a value cannot be moved"
                    + " into one of its own children (from \"" + from.asText() + "\")", null);
        }
    }

    /** Checks member {@code name}, when present, against RFC 6901. */
    private static void checkPointer(int index, JsonNode operation, String name) {
        JsonNode pointer = operation.get(name);
        if (pointer == null) {
            return;
        }
        if (!pointer.isTextual()) {
            throw malformed(index, describe(index, operation) + " is malformed: \"" + name
                    + "\" must be a JSON Pointer string", null);
        }
        try {
            JsonPointer.parse(pointer.asText());
        } catch (IllegalArgumentException e) {
            throw malformed(index, describe(index, operation) + " is malformed: \"" + name + "\" is \""
                    + pointer.asText() + "\", not a JSON Pointer (RFC 6901: \"\" or \"/a/0\"): "
                    + e.getMessage(), e);
        }
    }

    private static InvalidPatch malformed(int index, String message, Throwable cause) {
        return new InvalidPatch(index, message, cause);
    }

    /** Why {@code operation} failed on {@code current}, in the document's terms where we can. */
    private static String reason(JsonNode operation, JsonNode current, RuntimeException e) {
        String op = operation.path("op").asText();
        if ("test".equals(op)) {
            String path = operation.path("path").asText();
            JsonNode actual = current.at(path);
            return actual.isMissingNode()
                    ? "nothing exists at \"" + path + "\""
                    : "the value at \"" + path + "\" is " + actual + ", not " + operation.get("value");
        }
        if (e instanceof IllegalStateException) {
            // zjsonpatch's "Object operation on array target"
            return "the path ends in an array, so its last token must be an index or \"-\"";
        }
        return e.getMessage();
    }

    private static String describe(int index, JsonNode operation) {
        return "operation " + index + " (" + operation.path("op").asText() + " at \""
                + operation.path("path").asText() + "\")";
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------- three-way merge

    /**
     * Merges two concurrent versions of a document that both started from {@code base}:
     * {@code ours} is the version currently stored, {@code theirs} the incoming write.
     *
     * <p>Objects merge member by member, recursively. For each member (and for the document itself):
     * <ul>
     * <li>equal on both sides (including removed on both) → that value;
     * <li>changed on one side only (added, removed or replaced) → that side's value;
     * <li>changed on both sides to different values → when both are objects, merged member by member
     * (a base that is not an object counts as {@code {}}, so members added on both sides merge too);
     * otherwise a {@link Conflict} at the member's JSON Pointer, with the stored ({@code ours}) value
     * kept in the result. A member removed on one side and changed on the other is such a conflict.
     * </ul>
     * Arrays and scalars are atomic: an array changed differently on both sides is one conflict at the
     * array's path. Arrays carry no identity for their elements, so a positional merge (element 2
     * changed here, an element inserted at 0 there) silently shifts one side's edit onto another
     * element; the caller decides instead.
     *
     * <p>Equality is Jackson's {@link JsonNode#equals}: member order does not matter, and numbers are
     * equal only with the same representation ({@code 1} and {@code 1.0} differ).
     *
     * <p>Members of a merged object come in {@code ours}' order, then those only {@code theirs}
     * added in {@code theirs}' order; conflicts are listed in that (depth-first) document order, so
     * the same inputs always give the same list.
     *
     * @param base the version both sides started from
     * @param ours the stored version
     * @param theirs the incoming version
     * @return the merged document and the conflicts (empty when the merge is clean)
     * @throws IllegalArgumentException if a document is a {@link MissingNode}
     */
    static Merge threeWay(JsonNode base, JsonNode ours, JsonNode theirs) {
        requireDocument(base, "base");
        requireDocument(ours, "ours");
        requireDocument(theirs, "theirs");
        List<Conflict> conflicts = new ArrayList<>();
        JsonNode merged = merge("", base, ours, theirs, conflicts);
        return new Merge(merged, conflicts);
    }

    private static JsonNode merge(String path, JsonNode base, JsonNode ours, JsonNode theirs,
            List<Conflict> conflicts) {
        if (ours.equals(theirs)) {
            return ours.deepCopy();
        }
        if (ours.equals(base)) {
            return theirs.deepCopy();
        }
        if (theirs.equals(base)) {
            return ours.deepCopy();
        }
        if (ours.isObject() && theirs.isObject()) {
            return mergeObjects(path, base.isObject() ? base : NODES.objectNode(), ours, theirs, conflicts);
        }
        conflicts.add(new Conflict(path, base.deepCopy(), ours.deepCopy(), theirs.deepCopy()));
        return ours.deepCopy();
    }

    private static ObjectNode mergeObjects(String path, JsonNode base, JsonNode ours, JsonNode theirs,
            List<Conflict> conflicts) {
        // a member only in base was removed on both sides: nothing to visit
        Set<String> names = new LinkedHashSet<>();
        ours.fieldNames().forEachRemaining(names::add);
        theirs.fieldNames().forEachRemaining(names::add);
        ObjectNode merged = NODES.objectNode();
        for (String name : names) {
            JsonNode member = merge(path + "/" + escape(name), base.path(name), ours.path(name),
                    theirs.path(name), conflicts);
            if (!member.isMissingNode()) {
                merged.set(name, member);
            }
        }
        return merged;
    }

    /** A member name as an RFC 6901 reference token. */
    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private static void requireDocument(JsonNode document, String name) {
        Objects.requireNonNull(document, name);
        if (document.isMissingNode()) {
            throw new IllegalArgumentException(name + " is missing; a document is any JSON value, including null");
        }
    }

    // ---------------------------------------------------------------- checksum

    /**
     * The SHA-256 of a document's canonical form, as 64 lower-case hex digits. The canonical form is
     * compact UTF-8 JSON with object members sorted by name (by UTF-16 code unit, as
     * {@link String#compareTo}) and every scalar written as Jackson writes it; so documents that are
     * {@link JsonNode#equals equal} have the same checksum whatever their member order. Numbers are
     * not normalised: {@code 1} and {@code 1.0} give different checksums (they are not equal either).
     *
     * @param document any JSON value
     * @return the hex checksum
     * @throws IllegalArgumentException if the document is or contains a {@link MissingNode}
     */
    static String checksum(JsonNode document) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonicalBytes(document)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must support SHA-256", e);
        }
    }

    /** The canonical JSON text that {@link #checksum} hashes, for tests and diagnostics. */
    static String canonicalJson(JsonNode document) {
        return new String(canonicalBytes(document), StandardCharsets.UTF_8);
    }

    private static byte[] canonicalBytes(JsonNode document) {
        Objects.requireNonNull(document, "document");
        ByteArrayOutputStream canonical = new ByteArrayOutputStream();
        try (JsonGenerator out = MAPPER.getFactory().createGenerator(canonical, JsonEncoding.UTF8)) {
            writeCanonical(out, document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return canonical.toByteArray();
    }

    private static void writeCanonical(JsonGenerator out, JsonNode node) throws IOException {
        if (node.isMissingNode()) {
            throw new IllegalArgumentException("a MissingNode has no JSON form");
        }
        if (node.isObject()) {
            out.writeStartObject();
            Set<String> sorted = new TreeSet<>();
            node.fieldNames().forEachRemaining(sorted::add);
            for (String name : sorted) {
                out.writeFieldName(name);
                writeCanonical(out, node.get(name));
            }
            out.writeEndObject();
        } else if (node.isArray()) {
            out.writeStartArray();
            for (JsonNode element : (ArrayNode) node) {
                writeCanonical(out, element);
            }
            out.writeEndArray();
        } else {
            out.writeTree(node);
        }
    }
}
