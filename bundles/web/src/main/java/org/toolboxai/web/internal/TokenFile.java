package org.toolboxai.web.internal;

import java.util.List;

/**
 * The token store of installations from before the tokens moved into the database,
 * {@code data/toolbox/tokens.json}: read once, by {@link LegacyTokenImport}, and never written.
 *
 * @param version            format version
 * @param initialTokenIssued whether the first-start admin token was ever issued
 * @param tokens             the tokens, secrets only as SHA-256 hashes
 */
record TokenFile(int version, boolean initialTokenIssued, List<StoredToken> tokens) {
}
