/** Durable DAG workflows: the engine's service, its records, and the step-handler extension point. */
@Export
@Version("1.2.0")
package org.toolboxai.api.workflow;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
