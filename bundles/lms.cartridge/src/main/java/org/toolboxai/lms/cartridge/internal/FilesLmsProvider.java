package org.toolboxai.lms.cartridge.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.toolboxai.api.health.HealthCheck;
import org.toolboxai.api.lms.LmsConnection;
import org.toolboxai.api.lms.LmsCourse;
import org.toolboxai.api.lms.LmsDelivery;
import org.toolboxai.api.lms.LmsFile;
import org.toolboxai.api.lms.LmsIssue;
import org.toolboxai.api.lms.LmsObject;
import org.toolboxai.api.lms.LmsProvider;
import org.toolboxai.api.lms.LmsPushResult;

/**
 * The LMS named {@code files}: no network. A push answers where the QTI zip and the Common
 * Cartridge are downloaded, and, when {@code directory} is set (a folder the school's LMS or a
 * person picks files up from), writes them there, one folder per user and content.
 */
@Component(service = LmsProvider.class, configurationPid = FilesLmsProvider.PID)
@Designate(ocd = FilesLmsProvider.Config.class)
public class FilesLmsProvider implements LmsProvider {

    static final String PID = "org.toolboxai.lms.files";
    static final List<String> FILES = List.of("cartridge.imscc", "qti.zip");

    /** Where pushed files go. */
    @ObjectClassDefinition(name = "Toolbox LMS files", description = "Content as files any LMS imports")
    public @interface Config {
        @AttributeDefinition(description = "A folder to write pushed files to, one folder per user and content; empty: pushes only say where to download them")
        String directory() default "";
    }

    private volatile Path directory;

    @Activate
    public FilesLmsProvider(Config config) {
        modified(config);
    }

    @Modified
    void modified(Config config) {
        directory = config.directory() == null || config.directory().isBlank() ? null : Path.of(config.directory().trim());
    }

    @Override
    public String name() {
        return "files";
    }

    @Override
    public String title() {
        return "Files (QTI 1.2 and Common Cartridge 1.1)";
    }

    @Override
    public List<String> credentialFields() {
        return List.of();
    }

    @Override
    public HealthCheck health() {
        Path dir = directory;
        if (dir == null) {
            return HealthCheck.up(Map.of("writes_to", "nowhere: pushes answer download links"));
        }
        if (Files.isDirectory(dir) && Files.isWritable(dir)) {
            return HealthCheck.up(Map.of("writes_to", dir.toString()));
        }
        return HealthCheck.degraded("directory " + dir + " is not a folder this server can write to", Map.of("writes_to", dir.toString()));
    }

    @Override
    public List<LmsCourse> courses(LmsConnection connection) {
        return List.of(); // files go to no course
    }

    @Override
    public LmsPushResult push(LmsDelivery delivery, LmsConnection connection) throws IOException {
        String base = (delivery.content().course() ? "/api/v1/courses/" : "/api/v1/content/") + delivery.content().id() + "/export/";
        List<LmsObject> objects = new ArrayList<>();
        List<LmsIssue> issues = new ArrayList<>();
        Path dir = directory;
        Path folder = dir == null ? null : dir.resolve(safe(connection.user())).resolve(safe(delivery.content().id()));
        int done = 0;
        for (String name : FILES) {
            connection.progress(done++, FILES.size(), name);
            LmsFile file = delivery.file(name).orElse(null);
            if (file == null) {
                issues.add(new LmsIssue("warning", name, name + " was not made (its export format is not installed)"));
                continue;
            }
            String action = "linked";
            if (folder != null) {
                Files.createDirectories(folder);
                Path target = folder.resolve(name);
                action = Files.exists(target) ? "updated" : "created";
                // a temporary file of its own, so two pushes at once never write into one file
                Path partial = Files.createTempFile(folder, name, ".partial");
                try {
                    Files.write(partial, file.data());
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
            // where it is under the directory, never the server's own path
            objects.add(new LmsObject("file", name, folder == null ? name : dir.relativize(folder.resolve(name)).toString(),
                    delivery.content().title(), base + name, action));
        }
        connection.progress(FILES.size(), FILES.size(), "done");
        return new LmsPushResult(objects, issues);
    }

    @Override
    public List<LmsObject> readBack(LmsDelivery delivery, LmsConnection connection) {
        Path dir = directory;
        if (dir == null) {
            return List.of();
        }
        Path folder = dir.resolve(safe(connection.user())).resolve(safe(delivery.content().id()));
        List<LmsObject> found = new ArrayList<>();
        for (String name : FILES) {
            Path file = folder.resolve(name);
            if (Files.isRegularFile(file)) {
                found.add(new LmsObject("file", name, dir.relativize(file).toString(), delivery.content().title(), null, "found"));
            }
        }
        return found;
    }

    /**
     * A user or content id as one folder name, and two different names never as the same one:
     * letters, digits, '_', '-' and '.' stay, everything else (and '%') is percent-encoded; a leading
     * '.' is encoded too, so no name is "." or ".." or hidden.
     */
    static String safe(String name) {
        String text = name == null ? "" : name;
        StringBuilder b = new StringBuilder();
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            boolean plain = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' && i > 0;
            b.append(plain ? String.valueOf((char) c) : String.format("%%%02X", c));
        }
        return b.length() == 0 ? "%00" : b.toString();
    }
}
