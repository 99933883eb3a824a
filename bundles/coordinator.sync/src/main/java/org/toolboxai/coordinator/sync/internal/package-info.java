/** The sync coordinator's implementation: versioned documents, their store and routes. */
package org.toolboxai.coordinator.sync.internal;
