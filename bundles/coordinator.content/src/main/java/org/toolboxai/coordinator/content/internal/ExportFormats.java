package org.toolboxai.coordinator.content.internal;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.toolboxai.api.content.ExportFormat;
import org.toolboxai.api.http.ProblemException;

/** The installed export formats, as the content and course endpoints list and look them up. */
final class ExportFormats {

    private final List<ExportFormat> formats = new CopyOnWriteArrayList<>();

    void add(ExportFormat format) {
        formats.add(format);
    }

    void remove(ExportFormat format) {
        formats.remove(format);
    }

    /** The downloads, by id, each under {@code base} + its file name. */
    List<ContentEndpoint.Export> list(String base) {
        return formats.stream().sorted(Comparator.comparing(ExportFormat::id))
                .map(f -> new ContentEndpoint.Export(f.id(), f.fileName(), f.contentType(), base + f.fileName())).toList();
    }

    /** The format by file name or id; a 404 naming the installed ones, or a 503 when none is. */
    ExportFormat find(String file) {
        ExportFormat format = formats.stream().filter(f -> f.fileName().equals(file) || f.id().equals(file)).findFirst().orElse(null);
        if (format == null) {
            List<String> known = formats.stream().map(ExportFormat::fileName).sorted().toList();
            if (known.isEmpty()) {
                throw ProblemException.unavailable("No export format is installed (the roblox bundle provides rojo.zip and place.rbxlx).");
            }
            throw ProblemException.notFound("No export named '" + file + "'; installed: " + known + ".");
        }
        return format;
    }
}
