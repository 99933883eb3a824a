/** Model providers: what generates text (an LLM over HTTP, or the embedded offline generator). */
@Export
@Version("2.3.0")
package org.toolboxai.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
