package org.toolboxai.coordinator.sync.internal;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.toolboxai.api.http.Problem;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;
import org.toolboxai.api.workflow.WorkflowRun;
import org.toolboxai.api.workflow.WorkflowService;

/**
 * Which topics a caller may follow: {@code workflow/run/<id>} for a run it may see (its owner, or
 * an admin; admins only while the workflow engine is absent), {@code state/<name>} for a document
 * it may read, and for admins {@code component/<id>} and the prefixes {@code workflow/*},
 * {@code workflow/run/*}, {@code state/*}, {@code component/*}. Any other shape is unknown (400, listing them); a run or document the caller may not see
 * is answered as one that does not exist (404).
 */
final class TopicAccess {

    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final Set<String> ADMIN_PREFIXES = Set.of("workflow/", "workflow/run/", "state/", "component/");

    private final Supplier<WorkflowService> workflows;
    private final Function<String, Optional<Documents.Doc>> documents;

    TopicAccess(Supplier<WorkflowService> workflows, Function<String, Optional<Documents.Doc>> documents) {
        this.workflows = workflows;
        this.documents = documents;
    }

    /** The patterns of {@code topics} if {@code caller} may follow them all; otherwise the problem. */
    Set<TopicPattern> allowed(Caller caller, List<String> topics) {
        if (topics.isEmpty()) {
            throw ProblemException.badRequest("Name at least one topic: topic=workflow/run/<run id> or topic=state/<document name>.");
        }
        if (topics.size() > 50) {
            throw ProblemException.badRequest("At most 50 topics at once; " + topics.size() + " were asked for.");
        }
        boolean admin = caller.has(Role.ADMIN);
        List<String> unknown = new ArrayList<>();
        Set<TopicPattern> patterns = new LinkedHashSet<>();
        for (String topic : topics) {
            TopicPattern pattern;
            try {
                pattern = TopicPattern.parse(topic);
            } catch (IllegalArgumentException e) {
                unknown.add(topic);
                continue;
            }
            if (pattern.prefix()) {
                if (!ADMIN_PREFIXES.contains(pattern.text())) {
                    unknown.add(topic);
                } else if (!admin) {
                    throw new ProblemException(Problem.of(403, "Forbidden", "Only admins follow " + topic
                            + "; follow one run (workflow/run/<id>) or one document (state/<name>)."));
                }
            } else if (topic.startsWith(WorkflowEventBridge.TOPIC_PREFIX)) {
                String runId = topic.substring(WorkflowEventBridge.TOPIC_PREFIX.length());
                if (!RUN_ID.matcher(runId).matches()) {
                    unknown.add(topic);
                } else if (!admin && !ownsRun(caller, runId)) {
                    throw ProblemException.notFound("There is no workflow run " + runId + " that you may follow.");
                }
            } else if (topic.startsWith(StateEvents.TOPIC_PREFIX)) {
                String name = topic.substring(StateEvents.TOPIC_PREFIX.length());
                if (!Documents.NAME.matcher(name).matches()) {
                    unknown.add(topic);
                } else if (!admin && !documents.apply(name).map(d -> d.mayRead(caller.name(), false)).orElse(false)) {
                    throw ProblemException.notFound("There is no document named " + name + " that you may read.");
                }
            } else if (topic.startsWith(ComponentRegistryService.TOPIC_PREFIX)
                    && topic.length() > ComponentRegistryService.TOPIC_PREFIX.length()) {
                if (!admin) {
                    throw new ProblemException(Problem.of(403, "Forbidden", "Only admins follow the component registry's events."));
                }
            } else {
                unknown.add(topic);
            }
            patterns.add(pattern);
        }
        if (!unknown.isEmpty()) {
            throw ProblemException.badRequest("Unknown topics: " + String.join(", ", unknown) + ". A topic is workflow/run/<run id>, "
                    + "state/<document name>, or (admins) component/<id>, workflow/*, workflow/run/*, state/*, component/*.");
        }
        return patterns;
    }

    private boolean ownsRun(Caller caller, String runId) {
        WorkflowService service = workflows.get();
        if (service == null) {
            // without the engine nobody can say whose run it is
            return false;
        }
        try {
            return service.find(runId).map(WorkflowRun::owner).filter(caller.name()::equals).isPresent();
        } catch (RuntimeException e) {
            throw ProblemException.unavailable("The workflow engine cannot say whose run " + runId + " is now; try again shortly.");
        }
    }

    /** Reads a document's settings, as a 503 if the store cannot answer. */
    static Function<String, Optional<Documents.Doc>> documents(Documents documents) {
        return name -> {
            try {
                return documents.doc(name);
            } catch (SQLException e) {
                throw ProblemException.unavailable("The shared documents cannot be read from the store now; try again shortly.");
            }
        };
    }
}
