package org.toolboxai.web.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@code data/toolbox} owner-only (rwx------) as this bundle starts in the first boot
 * stage, before the second stage's pax-jdbc opens the H2 database in it. H2 creates its files
 * with the JVM's umask (often world-readable), and Java cannot set a umask; but no other user
 * reaches a file inside a directory only its owner may enter. The directory also holds the
 * initial admin token. An existing directory (an older install) is tightened.
 */
@Component(immediate = true)
public class PrivateDataDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(PrivateDataDirectory.class);
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    /** Creates or tightens {@link #location()}. */
    @Activate
    public PrivateDataDirectory() {
        makeOwnerOnly(location());
    }

    /** {@code ${karaf.data}/toolbox}. */
    static Path location() {
        return Paths.get(System.getProperty("karaf.data", "data"), "toolbox");
    }

    /** Creates the directory owner-only, or makes an existing one so. */
    static void makeOwnerOnly(Path directory) {
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory.toAbsolutePath().getParent());
                try {
                    Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
                } catch (FileAlreadyExistsException e) {
                    // created meanwhile: its permissions are checked below
                }
            }
            if (!Files.getPosixFilePermissions(directory).equals(OWNER_ONLY_DIRECTORY)) {
                Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
                LOG.info("{} was open to other users; it is now owner-only (rwx------)", directory.toAbsolutePath());
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the data folder's ACLs apply
            try {
                Files.createDirectories(directory);
            } catch (IOException io) {
                throw new UncheckedIOException("cannot create " + directory, io);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + directory + " owner-only", e);
        }
    }
}
