/** The database every coordinator persists to, once its schema is migrated. */
@Export
@Version("1.1.0")
package org.toolboxai.api.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
