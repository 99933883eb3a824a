/**
 * Live connections: the WebSocket at {@code /ws}. The web bundle accepts the connection,
 * authenticates it, bounds its messages and keeps it alive; the {@link LiveChannel} service
 * another bundle contributes (the sync coordinator) decides what the messages mean.
 */
@Export
@Version("1.0.0")
package org.toolboxai.api.live;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
