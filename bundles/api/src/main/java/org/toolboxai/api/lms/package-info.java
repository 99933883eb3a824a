/**
 * Learning management systems: content delivered to a school's LMS (Canvas, Schoology) or as
 * files any LMS imports (QTI, Common Cartridge). Each LMS is an {@link org.toolboxai.api.lms.LmsProvider}
 * service of its own bundle, found by name; the LMS bundle runs pushes, keeps teachers' credentials
 * and serves {@code /api/v1/lms}.
 */
@Export
@Version("1.0.0")
package org.toolboxai.api.lms;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
