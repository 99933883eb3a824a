package org.toolboxai.lms.cartridge.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.toolboxai.api.content.CourseContent;
import org.toolboxai.api.content.Quiz;
import org.toolboxai.api.lms.LessonPage;

/**
 * A lesson or course as a zip an LMS imports: the QTI package ({@code qti.zip}: an IMS Content
 * Packaging manifest and an assessment per quiz) or the Common Cartridge ({@code cartridge.imscc},
 * version 1.1: a module per lesson with its plan as a page, its quiz as an assessment, then the final
 * assessment, and the Roblox place and Rojo project as files). What a format cannot hold is left
 * out and listed in {@code export-notes.txt} inside the zip.
 */
final class Packages {

    static final String CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1";
    static final String CC_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1";
    static final String LOM_NS = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest";
    static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    static final String ASSESSMENT = "imsqti_xmlv1p2/imscc_xmlv1p1/assessment";
    static final String NOTES = "export-notes.txt";

    /**
     * A quiz of the content, where it goes in the zip.
     *
     * @param key    e.g. {@code lesson-2} or {@code final}
     * @param lesson its lesson, or {@code null} for the final assessment
     * @param quiz   the quiz
     */
    record Assessment(String key, CourseContent.Lesson lesson, Quiz quiz) {
        String title() {
            return lesson == null ? quiz.title() : quiz.title() == null || quiz.title().isBlank() ? lesson.title() + ": quiz" : quiz.title();
        }
    }

    /**
     * A file to carry along (the Roblox place, the Rojo project).
     *
     * @param name  its file name
     * @param title what the organisation calls it
     * @param data  its bytes
     */
    record Attachment(String name, String title, byte[] data) {
    }

    private Packages() {
    }

    /** Every quiz, lesson by lesson, then the final assessment's when it has questions. */
    static List<Assessment> assessments(CourseContent content) {
        List<Assessment> list = new ArrayList<>();
        for (CourseContent.Lesson lesson : content.lessons()) {
            if (lesson.content() != null && lesson.content().quiz() != null && lesson.content().quiz().questions() != null
                    && !lesson.content().quiz().questions().isEmpty()) {
                list.add(new Assessment("lesson-" + lesson.number(), lesson, lesson.content().quiz()));
            }
        }
        Quiz last = content.finalAssessment();
        if (last != null && last.questions() != null && !last.questions().isEmpty()) {
            list.add(new Assessment("final", null, last));
        }
        return list;
    }

    /** The QTI package: every quiz of every type the product makes; returns what was left out, in words. */
    static List<String> writeQti(CourseContent content, OutputStream out) throws IOException {
        List<String> notes = new ArrayList<>();
        List<Assessment> assessments = assessments(content);
        ZipOutputStream zip = new ZipOutputStream(out); // finished, not closed: the caller owns the stream
        for (Assessment a : assessments) {
            List<QtiWriter.Skipped> skipped = QtiWriter.write(a.quiz(), Xml.id(content.id() + "_" + a.key()), QtiWriter.Flavour.QTI,
                    entry(zip, a.key() + "/assessment.xml"));
            skipped.forEach(s -> notes.add(a.key() + "/" + s.questionId() + ": not exported, " + s.reason()));
        }
        manifest(entry(zip, "imsmanifest.xml"), content, CP_NS, x -> {
            for (Assessment a : assessments) {
                resource(x, CP_NS, "R_" + a.key(), "imsqti_xmlv1p2", a.key() + "/assessment.xml");
            }
        });
        notes(zip, content, notes);
        zip.finish();
        return notes;
    }

    /** The Common Cartridge 1.1; returns what was left out, in words. */
    static List<String> writeCartridge(CourseContent content, List<Attachment> attachments, OutputStream out) throws IOException {
        List<String> notes = new ArrayList<>();
        List<Assessment> assessments = assessments(content);
        ZipOutputStream zip = new ZipOutputStream(out); // finished, not closed: the caller owns the stream
        for (CourseContent.Lesson lesson : content.lessons()) {
            entry(zip, "lesson-" + lesson.number() + "/lesson-plan.html")
                    .write(LessonPage.html(lesson.title(), lesson.content()).getBytes(StandardCharsets.UTF_8));
        }
        for (Assessment a : assessments) {
            List<QtiWriter.Skipped> skipped = QtiWriter.write(a.quiz(), Xml.id(content.id() + "_" + a.key()),
                    QtiWriter.Flavour.COMMON_CARTRIDGE, entry(zip, a.key() + "/assessment_qti.xml"));
            skipped.forEach(s -> notes.add(a.key() + "/" + s.questionId() + ": not exported, " + s.reason()));
        }
        for (Attachment f : attachments) {
            entry(zip, "roblox/" + f.name()).write(f.data());
        }
        manifest(entry(zip, "imsmanifest.xml"), content, CC_NS, x -> {
            organization(x, content, assessments, attachments);
            x.writeStartElement(CC_NS, "resources");
            for (CourseContent.Lesson lesson : content.lessons()) {
                String href = "lesson-" + lesson.number() + "/lesson-plan.html";
                resource(x, CC_NS, "R_lesson-" + lesson.number() + "_plan", "webcontent", href);
            }
            for (Assessment a : assessments) {
                // an assessment resource names its file but has no href (the profile allows none)
                x.writeStartElement(CC_NS, "resource");
                x.writeAttribute("identifier", "R_" + a.key() + "_quiz");
                x.writeAttribute("type", ASSESSMENT);
                x.writeEmptyElement(CC_NS, "file");
                x.writeAttribute("href", a.key() + "/assessment_qti.xml");
                x.writeEndElement();
            }
            for (Attachment f : attachments) {
                resource(x, CC_NS, "R_roblox_" + Xml.id(f.name()), "webcontent", "roblox/" + f.name());
            }
            x.writeEndElement();
        });
        notes(zip, content, notes);
        zip.finish();
        return notes;
    }

    /** A module per lesson (plan, quiz and, for a lesson, the place), then the course's place and the final assessment. */
    private static void organization(XMLStreamWriter x, CourseContent content, List<Assessment> assessments, List<Attachment> attachments)
            throws XMLStreamException {
        x.writeStartElement(CC_NS, "organizations");
        x.writeStartElement(CC_NS, "organization");
        x.writeAttribute("identifier", "O_1");
        x.writeAttribute("structure", "rooted-hierarchy");
        x.writeStartElement(CC_NS, "item");
        x.writeAttribute("identifier", "root");
        for (CourseContent.Lesson lesson : content.lessons()) {
            String key = "lesson-" + lesson.number();
            x.writeStartElement(CC_NS, "item");
            x.writeAttribute("identifier", "I_" + key);
            title(x, content.course() ? "Lesson " + lesson.number() + ": " + lesson.title() : lesson.title());
            leaf(x, "I_" + key + "_plan", "R_" + key + "_plan", "Lesson plan");
            if (assessments.stream().anyMatch(a -> a.key().equals(key))) {
                leaf(x, "I_" + key + "_quiz", "R_" + key + "_quiz", "Quiz");
            }
            if (!content.course()) {
                places(x, attachments);
            }
            x.writeEndElement();
        }
        if (content.course()) {
            if (!attachments.isEmpty()) {
                x.writeStartElement(CC_NS, "item");
                x.writeAttribute("identifier", "I_roblox");
                title(x, "The course in Roblox");
                places(x, attachments);
                x.writeEndElement();
            }
            if (assessments.stream().anyMatch(a -> a.key().equals("final"))) {
                leaf(x, "I_final_quiz", "R_final_quiz", content.finalAssessment().title());
            }
        }
        x.writeEndElement(); // root item
        x.writeEndElement(); // organization
        x.writeEndElement(); // organizations
    }

    private static void places(XMLStreamWriter x, List<Attachment> attachments) throws XMLStreamException {
        for (Attachment f : attachments) {
            leaf(x, "I_roblox_" + Xml.id(f.name()), "R_roblox_" + Xml.id(f.name()), f.title());
        }
    }

    private static void leaf(XMLStreamWriter x, String id, String ref, String title) throws XMLStreamException {
        x.writeStartElement(CC_NS, "item");
        x.writeAttribute("identifier", id);
        x.writeAttribute("identifierref", ref);
        title(x, title);
        x.writeEndElement();
    }

    private static void title(XMLStreamWriter x, String title) throws XMLStreamException {
        x.writeStartElement(CC_NS, "title");
        x.writeCharacters(title == null ? "" : title);
        x.writeEndElement();
    }

    private static void resource(XMLStreamWriter x, String ns, String id, String type, String href) throws XMLStreamException {
        x.writeStartElement(ns, "resource");
        x.writeAttribute("identifier", id);
        x.writeAttribute("type", type);
        x.writeAttribute("href", href);
        x.writeEmptyElement(ns, "file");
        x.writeAttribute("href", href);
        x.writeEndElement();
    }

    /** What the manifest holds after its metadata. */
    @FunctionalInterface
    private interface Body {
        void write(XMLStreamWriter x) throws XMLStreamException;
    }

    private static void manifest(OutputStream out, CourseContent content, String ns, Body body) throws IOException {
        boolean cartridge = ns.equals(CC_NS);
        try {
            XMLStreamWriter x = Xml.writer(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.setDefaultNamespace(ns);
            x.writeStartElement(ns, "manifest");
            x.writeDefaultNamespace(ns);
            x.writeNamespace("xsi", XSI);
            if (cartridge) {
                x.writeNamespace("lomimscc", LOM_NS);
                x.writeAttribute(XSI, "schemaLocation", CC_NS + " http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd "
                        + LOM_NS + " http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lommanifest_v1p0.xsd");
            } else {
                x.writeAttribute(XSI, "schemaLocation", CP_NS + " http://www.imsglobal.org/xsd/imscp_v1p1.xsd");
            }
            x.writeAttribute("identifier", Xml.id("M_" + content.id()));
            x.writeStartElement(ns, "metadata");
            x.writeStartElement(ns, "schema");
            x.writeCharacters(cartridge ? "IMS Common Cartridge" : "IMS Content");
            x.writeEndElement();
            x.writeStartElement(ns, "schemaversion");
            x.writeCharacters(cartridge ? "1.1.0" : "1.1.3");
            x.writeEndElement();
            if (cartridge) {
                x.writeStartElement(LOM_NS, "lom");
                x.writeStartElement(LOM_NS, "general");
                x.writeStartElement(LOM_NS, "title");
                x.writeStartElement(LOM_NS, "string");
                x.writeAttribute("language", "en");
                x.writeCharacters(content.title());
                x.writeEndElement();
                x.writeEndElement();
                x.writeEndElement();
                x.writeEndElement();
            }
            x.writeEndElement(); // metadata
            if (!cartridge) {
                x.writeEmptyElement(ns, "organizations");
                x.writeStartElement(ns, "resources");
            }
            body.write(x);
            if (!cartridge) {
                x.writeEndElement(); // resources
            }
            x.writeEndElement(); // manifest
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IOException("Cannot write the manifest of " + content.id() + ": " + e.getMessage(), e);
        }
    }

    private static void notes(ZipOutputStream zip, CourseContent content, List<String> notes) throws IOException {
        if (notes.isEmpty()) {
            return;
        }
        String text = "Left out of this export of " + content.title() + " (" + content.id() + "):\n" + String.join("\n", notes) + "\n";
        entry(zip, NOTES).write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A new zip entry; what is written to the stream goes into it, until the next entry. */
    private static OutputStream entry(ZipOutputStream zip, String name) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        return new java.io.FilterOutputStream(zip) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() {
                // the entry ends with the next one; the zip stays open
            }
        };
    }

    /** The bytes a writer makes, for tests and for the files a push carries. */
    static byte[] bytes(IoWriter writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(out);
        return out.toByteArray();
    }

    /** Writes to a stream. */
    @FunctionalInterface
    interface IoWriter {
        void write(OutputStream out) throws IOException;
    }
}
