package org.toolboxai.api.lms;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;
import org.toolboxai.api.health.HealthCheck;

/**
 * One LMS, registered as an OSGi service by its own bundle and found by {@link #name()} (the
 * best-ranked provider of a name serves). Every remote call goes through
 * {@link LmsConnection#call}, so it is rate-limited and recovered like every external call.
 */
@ConsumerType
public interface LmsProvider {

    /** Stable lower-case name, as in {@code /api/v1/lms/{name}/push}, e.g. {@code canvas}. */
    String name();

    /** Its name for people, e.g. {@code Canvas LMS}. */
    String title();

    /**
     * The credentials a teacher may store for it, by field name (e.g. {@code token}); empty when it
     * needs none or takes them only from its configuration.
     */
    List<String> credentialFields();

    /** Whether it can work now (configured, reachable as far as it knows), without a remote call. */
    HealthCheck health();

    /**
     * The courses the connection's user may deliver to, each with its sections.
     *
     * @throws Exception a {@link org.toolboxai.api.failure.FailureException} saying what failed
     */
    List<LmsCourse> courses(LmsConnection connection) throws Exception;

    /**
     * Delivers a lesson or course to its target. Pushing the same content to the same target again
     * updates what the first push made; it never duplicates it, also after a push that stopped half-way.
     *
     * @throws Exception a {@link org.toolboxai.api.failure.FailureException} saying what failed
     */
    LmsPushResult push(LmsDelivery delivery, LmsConnection connection) throws Exception;

    /**
     * What the LMS holds now of a content delivered to a target, read back from it.
     *
     * @throws Exception a {@link org.toolboxai.api.failure.FailureException} saying what failed
     */
    List<LmsObject> readBack(LmsDelivery delivery, LmsConnection connection) throws Exception;
}
