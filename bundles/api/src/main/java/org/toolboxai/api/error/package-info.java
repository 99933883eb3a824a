/**
 * The error coordinator: failures reported with their context, classified and grouped; calls to
 * remote services run under recovery strategies (a ranked registry, ordered by how well each one
 * recovers each class of failure); alerts go out through alert channels.
 */
@Export
@Version("1.1.0")
package org.toolboxai.api.error;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
