package org.toolboxai.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** data/toolbox, where H2 keeps its files and the initial admin token is written, is the owner's alone. */
class PrivateDataDirectoryTest {

    @TempDir
    Path dir;

    @BeforeEach
    void posix() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
    }

    private static String permissions(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void theDirectoryIsCreatedOwnerOnly() throws IOException {
        Path fresh = dir.resolve("data/toolbox");

        PrivateDataDirectory.makeOwnerOnly(fresh);

        assertThat(permissions(fresh)).isEqualTo("rwx------");
    }

    @Test
    void anExistingDirectoryOpenToOthersIsMadeOwnerOnly() throws IOException {
        Path existing = Files.createDirectories(dir.resolve("toolbox"));
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(existing.resolve("store.mv.db"), "database");

        PrivateDataDirectory.makeOwnerOnly(existing);

        assertThat(permissions(existing)).isEqualTo("rwx------");
        assertThat(existing.resolve("store.mv.db")).hasContent("database");
    }

    @Test
    void theDirectoryIsUnderKarafData() {
        String before = System.getProperty("karaf.data");
        System.setProperty("karaf.data", dir.toString());
        try {
            assertThat(PrivateDataDirectory.location()).isEqualTo(dir.resolve("toolbox"));
        } finally {
            if (before == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", before);
            }
        }
    }
}
