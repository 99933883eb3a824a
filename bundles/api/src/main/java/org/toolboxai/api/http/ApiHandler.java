package org.toolboxai.api.http;

import org.osgi.annotation.versioning.ConsumerType;

/** Handles one route. Throw {@link ProblemException} for errors the caller should see. */
@ConsumerType
@FunctionalInterface
public interface ApiHandler {

    /** Answers the request; any other exception becomes a 500 without details. */
    ApiResponse handle(ApiRequest request) throws Exception;
}
