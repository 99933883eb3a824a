package org.toolboxai.lms.cartridge.internal;

import java.io.IOException;
import java.io.OutputStream;

import org.osgi.service.component.annotations.Component;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.CourseContent;
import org.toolboxai.api.content.ExportFormat;

/** {@code qti.zip}: the quizzes as QTI 1.2, every question type, for Canvas and most LMSs. */
@Component(service = ExportFormat.class)
public class QtiZipExport implements ExportFormat {

    @Override
    public String id() {
        return "qti";
    }

    @Override
    public String fileName() {
        return "qti.zip";
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
        Packages.writeQti(course, out);
    }
}
