package org.toolboxai.api.http;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A bundle's REST routes. Register as an OSGi service: the web bundle serves the routes while
 * the service is registered, with authentication, JSON, size limits and problem details
 * applied in one place, so endpoints appear and disappear with the bundle that owns them.
 */
@ConsumerType
public interface ApiEndpoint {

    /** The routes; read once when the service is registered. */
    List<ApiRoute> routes();
}
