package org.toolboxai.coordinator.sync.internal;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.http.ApiEndpoint;
import org.toolboxai.api.http.ApiRequest;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.http.FieldError;
import org.toolboxai.api.http.Problem;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;

/**
 * {@code /api/v1/state/{name}}: shared JSON documents with compare-and-set versions. {@code GET}
 * answers the current version with its {@code ETag} ({@code "N"}); {@code PUT} (the whole
 * document) and {@code PATCH} (JSON Merge Patch or JSON Patch, by content type) name the version
 * they were based on in {@code If-Match}; the document's strategy decides about a stale write.
 * A document one may not read is answered 404, as one that does not exist.
 */
@Component(service = ApiEndpoint.class)
public class StateEndpoint implements ApiEndpoint {

    /** A version as answered. */
    public record StateView(String name, long version, String author, Instant updatedAt, String checksum, String kind,
            String strategy, String owner, JsonNode content) {
    }

    /** A version in the history (with its content). */
    public record VersionView(long version, String author, Instant at, String checksum, String kind, JsonNode content) {
    }

    /** The history. */
    public record History(String name, long current, int maxHistory, List<VersionView> versions) {
    }

    /** Body of {@code PUT /state/{name}/settings}. */
    public record SettingsRequest(String strategy, List<String> readers, List<String> writers, Integer maxHistory) {
    }

    /** A document's settings. */
    public record SettingsView(String name, String owner, String strategy, Set<String> readers, Set<String> writers, int maxHistory,
            long version) {
    }

    static final int MAX_HISTORY_LIMIT = 100;
    static final int MAX_KEPT = 10_000;
    private static final Pattern ETAG = Pattern.compile("\\s*(?:W/)?\"(\\d{1,18})\"\\s*");
    private static final Pattern USER = Pattern.compile("\\*|[A-Za-z0-9._@-]{1,100}");
    private static final String MERGE_PATCH = "application/merge-patch+json";
    private static final String JSON_PATCH = "application/json-patch+json";

    private final SyncCoordinator sync;

    @Activate
    public StateEndpoint(@Reference SyncCoordinator sync) {
        this.sync = sync;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/state/{name}", Role.VIEWER, this::read)
                        .described("The current version of a shared document, with its ETag", null, StateView.class),
                new ApiRoute("PUT", "/state/{name}", Role.VIEWER, this::put)
                        .described("Write the whole document: If-Match names the version it is based on (If-None-Match: * "
                                + "creates only); a new document takes ?strategy=&readers=&writers=&max_history=", null, StateView.class),
                new ApiRoute("PATCH", "/state/{name}", Role.VIEWER, this::patch)
                        .described("Change the document with a JSON Merge Patch (application/merge-patch+json) or a JSON Patch "
                                + "(application/json-patch+json), based on the version in If-Match", null, StateView.class),
                ApiRoute.get("/state/{name}/history", Role.VIEWER, this::history)
                        .described("The kept versions, newest first", null, History.class)
                        .withQuery("limit", Integer.class, "at most this many, 1-" + MAX_HISTORY_LIMIT + ", default 20"),
                ApiRoute.post("/state/{name}/rollback", Role.VIEWER, this::rollback)
                        .described("Write the content of an older version as a new version", null, StateView.class)
                        .withQuery("version", Long.class, "the version whose content to restore"),
                new ApiRoute("PUT", "/state/{name}/settings", Role.VIEWER, this::settings)
                        .described("The owner (or an admin) sets the strategy, readers, writers and history bound",
                                SettingsRequest.class, SettingsView.class));
    }

    private ApiResponse read(ApiRequest request) {
        Caller caller = request.requireCaller();
        Documents.Doc doc = readable(request, caller);
        Documents.Version current = call(() -> sync.documents().version(doc.name(), doc.version())).orElseThrow(() -> notFound(doc.name()));
        return ok(doc, current, 200);
    }

    private ApiResponse put(ApiRequest request) {
        Caller caller = request.requireCaller();
        String name = name(request);
        JsonNode content = request.body(JsonNode.class);
        return write(request, caller, name, current -> content, "put");
    }

    private ApiResponse patch(ApiRequest request) {
        Caller caller = request.requireCaller();
        String name = name(request);
        String type = request.header("Content-Type").map(t -> t.split(";", 2)[0].trim().toLowerCase(Locale.ROOT)).orElse("");
        if (!type.equals(MERGE_PATCH) && !type.equals(JSON_PATCH)) {
            throw new ProblemException(Problem.of(415, "Unsupported Media Type", "A PATCH is " + MERGE_PATCH + " (RFC 7386) or "
                    + JSON_PATCH + " (RFC 6902), not " + (type.isEmpty() ? "untyped" : type) + "."));
        }
        JsonNode patch = request.body(JsonNode.class);
        return write(request, caller, name, base -> {
            if (base == null) {
                throw ProblemException.notFound("There is no document named " + name + " to patch; PUT it first.");
            }
            try {
                return type.equals(MERGE_PATCH) ? JsonMerge.mergePatch(base, patch) : JsonMerge.jsonPatch(base, patch);
            } catch (InvalidPatch e) {
                throw new ProblemException(Problem.of(422, "Unprocessable Content", e.getMessage()));
            }
        }, "patch");
    }

    /** How a write makes its content from the version it is based on ({@code null}: none). */
    @FunctionalInterface
    private interface Change {
        JsonNode apply(JsonNode base);
    }

    private ApiResponse write(ApiRequest request, Caller caller, String name, Change change, String kind) {
        boolean admin = caller.has(Role.ADMIN);
        Optional<Documents.Doc> existing = call(() -> sync.documents().doc(name));
        Long basedOn = ifMatch(request);
        boolean createOnly = request.header("If-None-Match").map(String::trim).filter("*"::equals).isPresent();
        Documents.Settings settings = null;
        if (existing.isPresent()) {
            Documents.Doc doc = existing.get();
            if (!doc.mayRead(caller.name(), admin)) {
                throw notFound(name);
            }
            if (!doc.mayWrite(caller.name(), admin)) {
                throw forbidden("You may read " + name + " but not write it (writers: its owner "
                        + (doc.writers().isEmpty() ? "only" : "and " + doc.writers()) + ").");
            }
            if (createOnly) {
                throw new ProblemException(Problem.of(412, "Precondition Failed", name + " exists already (If-None-Match: *)."));
            }
            if (basedOn == null && !doc.strategy().equals(Documents.LAST_WRITER_WINS)) {
                throw new ProblemException(Problem.of(428, "Precondition Required", "Writing " + name + " needs If-Match with the "
                        + "version it is based on (its ETag, now \"" + doc.version() + "\"): its strategy is " + doc.strategy() + "."));
            }
            if (hasSettings(request)) {
                throw ProblemException.invalid(List.of(new FieldError("strategy", "settings of an existing document are changed with "
                        + "PUT /api/v1/state/" + name + "/settings")));
            }
        } else {
            if (basedOn != null) {
                throw new ProblemException(Problem.of(412, "Precondition Failed", "There is no document named " + name
                        + " (If-Match " + basedOn + ")."));
            }
            if (!caller.has(Role.TEACHER)) {
                throw forbidden("Only teachers and admins create shared documents.");
            }
            settings = settingsFromQuery(request, caller);
            basedOn = 0L;
        }
        Long base = basedOn;
        long baseVersion = base == null ? existing.get().version() : base;
        JsonNode baseContent = baseVersion == 0 ? null
                : call(() -> sync.documents().version(name, baseVersion)).map(Documents.Version::content).orElse(null);
        if (baseVersion != 0 && baseContent == null && kind.equals("patch")) {
            throw new ProblemException(Problem.of(412, "Precondition Failed", "Version " + base + " of " + name
                    + " is no longer in its history: read the current version and patch that."));
        }
        JsonNode content = change.apply(baseContent);
        Documents.Settings created = settings;
        Documents.Outcome outcome = call(() -> sync.documents().write(name, content, base, caller.name(), kind, created));
        return answer(name, outcome);
    }

    private ApiResponse answer(String name, Documents.Outcome outcome) {
        Documents.Doc doc = call(() -> sync.documents().doc(name)).orElseThrow(() -> notFound(name));
        if (outcome instanceof Documents.Written written) {
            sync.written(written.version());
            return ok(doc, written.version(), written.created() ? 201 : 200);
        }
        if (outcome instanceof Documents.Rejected rejected) {
            Problem problem = Problem.of(412, "Precondition Failed", "Not written: " + rejected.reason() + ".");
            throw new ProblemException(rejected.current() == null ? problem : problem.with("current", view(doc, rejected.current())));
        }
        if (outcome instanceof Documents.Kept kept) {
            throw new ProblemException(Problem.of(409, "Conflict", "Not written: " + name + " keeps the newer version "
                    + kept.current().version() + " (its strategy is version-wins).").with("current", view(doc, kept.current())));
        }
        Documents.Conflicted conflicted = (Documents.Conflicted) outcome;
        throw new ProblemException(Problem.of(409, "Conflict", "Not written: " + conflicted.reason() + ".")
                .with("conflicts", conflicted.conflicts()).with("current", view(doc, conflicted.current())));
    }

    private ApiResponse history(ApiRequest request) {
        Caller caller = request.requireCaller();
        Documents.Doc doc = readable(request, caller);
        int limit = 20;
        String asked = request.query("limit").orElse(null);
        if (asked != null) {
            try {
                limit = Integer.parseInt(asked);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_HISTORY_LIMIT) {
                throw ProblemException.invalid(List.of(new FieldError("limit", "a whole number from 1 to " + MAX_HISTORY_LIMIT)));
            }
        }
        int bound = limit;
        List<VersionView> versions = call(() -> sync.documents().history(doc.name(), bound)).stream()
                .map(v -> new VersionView(v.version(), v.author(), Instant.ofEpochMilli(v.at()), v.checksum(), v.kind(), v.content()))
                .toList();
        return ApiResponse.ok(new History(doc.name(), doc.version(), doc.maxHistory(), versions));
    }

    private ApiResponse rollback(ApiRequest request) {
        Caller caller = request.requireCaller();
        Documents.Doc doc = readable(request, caller);
        if (!doc.mayWrite(caller.name(), caller.has(Role.ADMIN))) {
            throw forbidden("You may read " + doc.name() + " but not write it.");
        }
        long version;
        try {
            version = Long.parseLong(request.query("version").orElse(""));
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(List.of(new FieldError("version", "required: the version whose content to restore")));
        }
        if (call(() -> sync.documents().version(doc.name(), version)).isEmpty()) {
            throw ProblemException.invalid(List.of(new FieldError("version", "version " + version + " of " + doc.name()
                    + " is not in its history (see GET /api/v1/state/" + doc.name() + "/history)")));
        }
        return answer(doc.name(), call(() -> sync.documents().rollback(doc.name(), version, caller.name())));
    }

    private ApiResponse settings(ApiRequest request) {
        Caller caller = request.requireCaller();
        Documents.Doc doc = readable(request, caller);
        if (!caller.has(Role.ADMIN) && !doc.owner().equals(caller.name())) {
            throw forbidden("Only the owner of " + doc.name() + " (" + doc.owner() + ") or an admin changes its settings.");
        }
        List<FieldError> problems = new ArrayList<>();
        SettingsRequest body = request.body(SettingsRequest.class, problems);
        Documents.Settings settings = validated(body.strategy() == null ? doc.strategy() : body.strategy(),
                body.readers() == null ? doc.readers() : new LinkedHashSet<>(body.readers()),
                body.writers() == null ? doc.writers() : new LinkedHashSet<>(body.writers()),
                body.maxHistory() == null ? doc.maxHistory() : body.maxHistory(), problems);
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
        Documents.Doc changed = call(() -> sync.documents().configure(doc.name(), settings));
        return ApiResponse.ok(new SettingsView(changed.name(), changed.owner(), changed.strategy(), changed.readers(), changed.writers(),
                changed.maxHistory(), changed.version()));
    }

    private static boolean hasSettings(ApiRequest request) {
        return List.of("strategy", "readers", "writers", "max_history").stream().anyMatch(q -> request.query(q).isPresent());
    }

    private static Documents.Settings settingsFromQuery(ApiRequest request, Caller caller) {
        List<FieldError> problems = new ArrayList<>();
        Integer max = null;
        String maxText = request.query("max_history").orElse(null);
        if (maxText != null) {
            try {
                max = Integer.parseInt(maxText);
            } catch (NumberFormatException e) {
                max = -1;
            }
        }
        Documents.Settings settings = validated(request.query("strategy").orElse(Documents.Settings.DEFAULT.strategy()),
                request.query("readers").map(Documents::names).orElse(Documents.Settings.DEFAULT.readers()),
                request.query("writers").map(Documents::names).orElse(Documents.Settings.DEFAULT.writers()),
                max == null ? Documents.Settings.DEFAULT.maxHistory() : max, problems);
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
        return settings;
    }

    private static Documents.Settings validated(String strategy, Set<String> readers, Set<String> writers, int maxHistory,
            List<FieldError> problems) {
        if (!Documents.STRATEGY.matcher(strategy).matches()) {
            problems.add(new FieldError("strategy", "reject, last-writer-wins, version-wins, merge or resolver:<name>"));
        }
        for (String reader : readers) {
            if (!USER.matcher(reader).matches()) {
                problems.add(new FieldError("readers", "'" + reader + "' is not a user name or *"));
            }
        }
        for (String writer : writers) {
            if (!USER.matcher(writer).matches()) {
                problems.add(new FieldError("writers", "'" + writer + "' is not a user name or *"));
            }
        }
        if (maxHistory < 1 || maxHistory > MAX_KEPT) {
            problems.add(new FieldError("max_history", "versions kept, from 1 to " + MAX_KEPT));
        }
        return new Documents.Settings(strategy, readers, writers, maxHistory);
    }

    private Documents.Doc readable(ApiRequest request, Caller caller) {
        String name = name(request);
        Documents.Doc doc = call(() -> sync.documents().doc(name)).orElseThrow(() -> notFound(name));
        if (!doc.mayRead(caller.name(), caller.has(Role.ADMIN))) {
            throw notFound(name);
        }
        return doc;
    }

    private static String name(ApiRequest request) {
        String name = request.pathParam("name");
        if (!Documents.NAME.matcher(name).matches()) {
            throw ProblemException.invalid(List.of(new FieldError("name", "1-200 characters: lower-case letters, digits, '.', '_', ':', "
                    + "'-', starting with a letter or digit")));
        }
        return name;
    }

    private static Long ifMatch(ApiRequest request) {
        String header = request.header("If-Match").orElse(null);
        if (header == null) {
            return null;
        }
        Matcher m = ETAG.matcher(header);
        if (!m.matches()) {
            throw ProblemException.invalid(List.of(new FieldError("If-Match", "one version's ETag, e.g. \"3\", as GET answered it")));
        }
        return Long.parseLong(m.group(1));
    }

    private static ApiResponse ok(Documents.Doc doc, Documents.Version version, int status) {
        return ApiResponse.status(status, view(doc, version)).withHeader("ETag", "\"" + version.version() + "\"");
    }

    static StateView view(Documents.Doc doc, Documents.Version v) {
        return new StateView(doc.name(), v.version(), v.author(), Instant.ofEpochMilli(v.at()), v.checksum(), v.kind(), doc.strategy(),
                doc.owner(), v.content());
    }

    private static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of(403, "Forbidden", detail));
    }

    private static ProblemException notFound(String name) {
        return ProblemException.notFound("There is no document named " + name + " that you may read.");
    }

    @FunctionalInterface
    private interface Query<T> {
        T run() throws SQLException;
    }

    private static <T> T call(Query<T> query) {
        try {
            return query.run();
        } catch (SQLException e) {
            throw ProblemException.unavailable("The shared documents cannot be read from the store now; try again shortly.");
        }
    }
}
