/**
 * Durable DAG workflows: the engine's service, its records, the step-handler extension point and
 * its EventAdmin contract. 2.0.0: {@code WorkflowService.retryAfterSeconds()} is gone (unused);
 * {@link org.toolboxai.api.workflow.WorkflowEvents} names the event topics and properties. 2.2:
 * {@code WorkflowService.retryBranch}.
 */
@Export
@Version("2.2.0")
package org.toolboxai.api.workflow;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
