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

    /**
     * Replaces parts of a finished package with a teacher's edited version and keeps the previous
     * ones: the lesson plan, the environment, the quiz and the scripts that {@code edited} holds
     * replace the newest version's, the parts it leaves {@code null} stay as they are; its quality
     * report and provenance are not taken (the report is made again by every check of the
     * {@link ContentChecker}, the provenance stays the generation's). From then on
     * {@link #find}, the cache and the exports give the new version.
     *
     * @param id              the content
     * @param owner           whose content it must be ({@code null}: anyone's, for an administrator)
     * @param editor          who edits, kept in the version history
     * @param edited          the edited package, as {@code find} gives it
     * @param expectedVersion the version the edit was made from, which must still be the newest
     * @return the content with the new version, its quality report made again
     * @throws StaleVersionException   when {@code expectedVersion} is no longer the newest
     * @throws WorkflowException       NOT_FOUND when the owner may not see it, CONFLICT when it is not
     *                                 COMPLETED, INVALID listing every problem of {@code edited},
     *                                 UNAVAILABLE when no {@link ContentChecker} is installed
     * @since 2.2.0
     */
    ContentJob edit(String id, String owner, String editor, ContentPackage edited, int expectedVersion);

    /**
     * The versions of a content, oldest first, without their packages; empty until it is COMPLETED.
     *
     * @param owner whose content it must be ({@code null}: anyone's)
     * @throws WorkflowException NOT_FOUND when the owner may not see it
     * @since 2.2.0
     */
    List<ContentVersion> versions(String id, String owner);

    /**
     * One version of a content with its package.
     *
     * @param owner whose content it must be ({@code null}: anyone's)
     * @return empty when there is no such version
     * @throws WorkflowException NOT_FOUND when the owner may not see the content
     * @since 2.2.0
     */
    Optional<ContentVersion> version(String id, String owner, int number);

    /**
     * A content or a course as one {@link CourseContent}: a lesson's content id gives the lesson
     * as a course of one, a course id the course with its lessons, final assessment and place.
     *
     * @param owner whose it must be ({@code null}: anyone's)
     * @return empty when there is no such content or course, or the owner may not see it
     * @throws WorkflowException CONFLICT when it is not COMPLETED
     * @since 3.3.0
     */
    Optional<CourseContent> deliverable(String id, String owner);
}
