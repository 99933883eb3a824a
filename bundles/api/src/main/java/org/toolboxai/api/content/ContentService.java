package org.toolboxai.api.content;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;
import org.toolboxai.api.workflow.WorkflowException;

/**
 * Lesson packages from one request, for every front end (REST, the shell, and later MCP, LMS push
 * and the Studio plugin): checked once, filled from presets and defaults, answered from the cache
 * when an identical request of the same owner was made, and limited to a number under way at once.
 * Refusals are {@link WorkflowException}s, whose kind maps to an HTTP status.
 *
 * @since 1.1.0
 */
@ProviderType
public interface ContentService {

    /**
     * Checks the request (every invalid field, nested ones too, in one refusal), fills it from its
     * preset and the defaults, and answers from the cache or starts a generation.
     *
     * @throws WorkflowException INVALID listing the fields, QUEUE_FULL when the limit of generations
     *                           under way is reached, UNAVAILABLE when the engine is not running
     */
    ContentJob request(LessonRequest request, String owner);

    /** The content with this id, if {@code owner} may see it ({@code null}: whoever owns it). */
    Optional<ContentJob> find(String id, String owner);

    /**
     * Completes with the content once it is final, or with the content as it is after
     * {@code maxWait}; completes exceptionally with a NOT_FOUND {@link WorkflowException} for an
     * unknown id. No thread waits meanwhile.
     */
    CompletionStage<ContentJob> await(String id, Duration maxWait);

    /** The owner's content ({@code null}: everyone's), newest first, without packages. */
    List<ContentJob> list(String owner, int offset, int limit);

    /**
     * Cancels a generation of the owner's ({@code null}: anyone's).
     *
     * @throws WorkflowException NOT_FOUND, or CONFLICT when it is already final
     */
    ContentJob cancel(String id, String owner);

    /** Seconds a refused client should wait before asking again. */
    long retryAfterSeconds();
}
