/** Health of the system: contributors report, the main coordinator aggregates. */
@Export
@Version("1.1.0")
package org.toolboxai.api.health;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
