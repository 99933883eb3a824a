/** Roles, callers and API tokens. */
@Export
@Version("1.0.0")
package org.toolboxai.api.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
