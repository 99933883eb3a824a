/** Educational content: what a teacher asks for and the package the system delivers. */
@Export
@Version("3.3.0")
package org.toolboxai.api.content;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
