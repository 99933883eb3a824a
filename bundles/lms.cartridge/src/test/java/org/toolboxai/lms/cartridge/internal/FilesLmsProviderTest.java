package org.toolboxai.lms.cartridge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.toolboxai.api.content.CourseContent;
import org.toolboxai.api.error.RemoteCall;
import org.toolboxai.api.lms.LmsConnection;
import org.toolboxai.api.lms.LmsDelivery;
import org.toolboxai.api.lms.LmsFile;
import org.toolboxai.api.lms.LmsObject;
import org.toolboxai.api.lms.LmsPushResult;
import org.toolboxai.api.lms.LmsTarget;

/** The files provider: links always, and with a directory the files written there, one folder per user and content. */
class FilesLmsProviderTest {

    @TempDir
    Path dir;

    static FilesLmsProvider.Config config(String directory) {
        return new FilesLmsProvider.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return FilesLmsProvider.Config.class;
            }

            @Override
            public String directory() {
                return directory;
            }
        };
    }

    static LmsConnection as(String user) {
        return new LmsConnection() {
            @Override
            public String user() {
                return user;
            }

            @Override
            public Optional<String> credential(String field) {
                return Optional.empty();
            }

            @Override
            public <T> T call(String operation, RemoteCall<T> call) throws Exception {
                return call.call("files", 1);
            }

            @Override
            public void progress(int done, int total, String doing) {
            }
        };
    }

    static LmsDelivery delivery(String id) {
        return new LmsDelivery(CourseContent.ofLesson(id, PackagesTest.lesson(id, "Fractions", List.of(PackagesTest.MC))), new LmsTarget(null, null),
                List.of(new LmsFile("cartridge.imscc", "application/zip", new byte[] {1, 2}), new LmsFile("qti.zip", "application/zip", new byte[] {3})));
    }

    @Test
    void withoutADirectoryAPushAnswersTheDownloadLinks() throws Exception {
        LmsPushResult result = new FilesLmsProvider(config("")).push(delivery("lesson-1"), as("tom"));

        assertThat(result.objects()).extracting(LmsObject::url).containsExactly("/api/v1/content/lesson-1/export/cartridge.imscc",
                "/api/v1/content/lesson-1/export/qti.zip");
        assertThat(result.objects()).extracting(LmsObject::action).containsOnly("linked");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void withADirectoryEachUserAndContentHasAFolderOfItsOwnAndPathsStayRelative() throws Exception {
        FilesLmsProvider files = new FilesLmsProvider(config(dir.toString()));

        LmsPushResult first = files.push(delivery("lesson-1"), as("tom smith"));
        LmsPushResult other = files.push(delivery("lesson-1"), as("tom_smith"));
        LmsPushResult again = files.push(delivery("lesson-1"), as("tom smith"));
        files.push(delivery("../../etc"), as(".."));

        assertThat(first.objects()).extracting(LmsObject::remoteId).containsExactly("tom%20smith/lesson-1/cartridge.imscc",
                "tom%20smith/lesson-1/qti.zip");
        assertThat(other.objects()).extracting(LmsObject::remoteId).containsExactly("tom_smith/lesson-1/cartridge.imscc",
                "tom_smith/lesson-1/qti.zip");
        assertThat(again.objects()).extracting(LmsObject::action).containsOnly("updated");
        assertThat(Files.readAllBytes(dir.resolve("tom%20smith/lesson-1/cartridge.imscc"))).containsExactly(1, 2);
        assertThat(Files.isRegularFile(dir.resolve("%2E.").resolve("%2E.%2F..%2Fetc").resolve("qti.zip"))).as("no way out of the directory").isTrue();
        try (var left = Files.walk(dir)) {
            assertThat(left).noneMatch(p -> p.getFileName().toString().endsWith(".partial"));
        }
        assertThat(files.readBack(delivery("lesson-1"), as("tom_smith"))).extracting(LmsObject::remoteId)
                .containsExactly("tom_smith/lesson-1/cartridge.imscc", "tom_smith/lesson-1/qti.zip");
        assertThat(FilesLmsProvider.safe("tom smith")).isNotEqualTo(FilesLmsProvider.safe("tom_smith")).isNotEqualTo(FilesLmsProvider.safe("tom%20smith"));
    }
}
