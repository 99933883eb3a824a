/** REST endpoints contributed by bundles, served by the web bundle with shared auth, JSON and RFC 9457 problem details. */
@Export
@Version("1.2.0")
package org.toolboxai.api.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
