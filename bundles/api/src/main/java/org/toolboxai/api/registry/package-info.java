/** The one way extension points pick among services that share a name: ranking, then age. */
@Export
@Version("1.0.0")
package org.toolboxai.api.registry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
