package org.toolboxai.api.content;

import java.time.Instant;

/**
 * One version of a lesson package: version 1 is the package as generated, every teacher's edit
 * ({@link ContentService#edit}) adds the next number; the newest is the content's package.
 *
 * @param number         1, 2, 3 ...
 * @param createdAt      when it was made (for version 1, when its generation finished)
 * @param author         who made it: the content's owner for version 1, the editor for later ones
 * @param passed         whether its quality report passed
 * @param contentPackage the package, or {@code null} in a listing
 * @since 2.2.0
 */
public record ContentVersion(int number, Instant createdAt, String author, boolean passed, ContentPackage contentPackage) {
}
