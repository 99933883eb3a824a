/** Inventory of the toolbox bundles and the services they provide. */
@Export
@Version("1.0.0")
package org.toolboxai.api.component;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
