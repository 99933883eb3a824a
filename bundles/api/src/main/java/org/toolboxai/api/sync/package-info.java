/**
 * Shared state, served by the sync coordinator: named JSON documents with numbered versions,
 * and the extension point for resolving conflicting writes.
 */
@Export
@Version("1.0.0")
package org.toolboxai.api.sync;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
