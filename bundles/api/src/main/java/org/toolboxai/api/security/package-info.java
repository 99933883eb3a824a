/** Roles, callers, API tokens and the authenticator other servlets share with the REST API. */
@Export
@Version("1.1.0")
package org.toolboxai.api.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
