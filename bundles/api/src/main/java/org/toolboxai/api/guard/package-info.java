/**
 * Guardrails on external calls, served by the resource coordinator: permission to call a remote
 * service (its rate limits and concurrent calls), the budget reservation and ledger of model
 * calls, and allocations of shared resources as leases that expire.
 */
@Export
@Version("1.1.0")
package org.toolboxai.api.guard;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
