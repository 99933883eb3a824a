/**
 * Typed failures: what went wrong with a call or a step, and whether trying again can help.
 * Providers, step handlers, the workflow scheduler and the error coordinator share them. 1.1.0:
 * {@code AUTHENTICATION} and {@code OVER_BUDGET}.
 */
@Export
@Version("1.1.0")
package org.toolboxai.api.failure;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
