/** Word meanings from a real dictionary, for vocabulary and for checking definitions. */
@Export
@Version("1.0.0")
package org.toolboxai.api.dictionary;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
