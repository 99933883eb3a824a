package org.toolboxai.lms.cartridge.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.CourseContent;
import org.toolboxai.api.content.ExportFormat;

/**
 * {@code cartridge.imscc}: the lesson or course as an IMS Common Cartridge 1.1, with the Roblox
 * place and Rojo project as files when the roblox bundle's formats are installed.
 */
@Component(service = ExportFormat.class)
public class CartridgeExport implements ExportFormat {

    private static final Logger LOG = LoggerFactory.getLogger(CartridgeExport.class);
    /** The formats carried along as files, by id, with what the cartridge calls them. */
    static final Map<String, String> CARRIED = Map.of("place", "Roblox place (open in Roblox Studio)", "rojo", "Rojo project (for developers)");

    private final Map<String, ExportFormat> carried = new ConcurrentHashMap<>();

    /** The roblox bundle's formats, whose files the cartridge carries. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(!(component.name=org.toolboxai.lms.cartridge.internal.CartridgeExport))")
    void addFormat(ExportFormat format) {
        String id = safeId(format);
        if (id != null && CARRIED.containsKey(id)) {
            carried.put(id, format);
        }
    }

    void removeFormat(ExportFormat format) {
        carried.values().remove(format);
    }

    @Override
    public String id() {
        return "cartridge";
    }

    @Override
    public String fileName() {
        return "cartridge.imscc";
    }

    @Override
    public String contentType() {
        return "application/zip";
    }

    @Override
    public void export(ContentPackage contentPackage, OutputStream out) throws IOException {
        exportCourse(CourseContent.ofLesson(contentPackage.id(), contentPackage), out);
    }

    @Override
    public void exportCourse(CourseContent course, OutputStream out) throws IOException {
        Packages.writeCartridge(course, attachments(course), out);
    }

    /** The place and the Rojo project, in that order, as far as their formats are installed and can write this content. */
    List<Packages.Attachment> attachments(CourseContent course) {
        List<Packages.Attachment> list = new ArrayList<>();
        if (course.place() == null) {
            return list;
        }
        for (String id : List.of("place", "rojo")) {
            ExportFormat format = carried.get(id);
            if (format == null) {
                continue;
            }
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                format.exportCourse(course, bytes);
                list.add(new Packages.Attachment(format.fileName(), CARRIED.get(id), bytes.toByteArray()));
            } catch (IOException | RuntimeException e) {
                // another bundle's format: its failure leaves its file out, not the cartridge
                LOG.warn("The cartridge of {} goes without {}: {}", course.id(), format.fileName(), e.toString());
            }
        }
        return list;
    }

    private static String safeId(ExportFormat format) {
        try {
            return format.id();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
