/**
 * The swarm: several agents checking one agent's work. Answer keys are verified by independent
 * solvers ({@link org.toolboxai.api.swarm.Swarm#verify}), and a step marked for it in its template
 * gets several candidates, scored by reviewers and picked by consensus
 * ({@link org.toolboxai.api.swarm.Swarm#choose}). What the swarm did is stored with the package
 * ({@link org.toolboxai.api.swarm.Verification}).
 */
@Export
@Version("1.0.0")
package org.toolboxai.api.swarm;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
