package org.toolboxai.lms.cartridge.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.toolboxai.api.content.QuestionType;
import org.toolboxai.api.content.Quiz;

/**
 * A quiz as a QTI 1.2 assessment ({@code questestinterop}), in one of two flavours:
 * <ul>
 * <li>{@link Flavour#QTI}: every question type the product makes, with the metadata Canvas reads
 * ({@code question_type}, {@code points_possible}): matching as one choice per left-hand item, as
 * Canvas writes it, and ordering as matching each item to its position (1st, 2nd ...), which every
 * LMS that imports matching can hold;</li>
 * <li>{@link Flavour#COMMON_CARTRIDGE}: the Common Cartridge profile of QTI (multiple choice,
 * true/false and fill in the blank here), with {@code cc_profile} metadata; matching and ordering
 * have no place in it and are left out, each reported.</li>
 * </ul>
 * A right answer scores 100 (a matching or ordering question scores by the share of right pairs).
 */
final class QtiWriter {

    static final String NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2";
    static final String SCHEMA_LOCATION = NS + " http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd";
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    /** Which QTI. */
    enum Flavour {
        /** Every type, for LMSs that import QTI 1.2 (Canvas's classic quizzes, Moodle, Blackboard). */
        QTI,
        /** The types the Common Cartridge profile of QTI allows. */
        COMMON_CARTRIDGE
    }

    /**
     * A question left out.
     *
     * @param questionId its id
     * @param reason     why, in words
     */
    record Skipped(String questionId, String reason) {
    }

    private QtiWriter() {
    }

    /** Whether the flavour can hold this question. */
    static boolean expressible(Quiz.Question q, Flavour flavour) {
        QuestionType type = QuestionType.fromWire(q.type()).orElse(null);
        if (type == null) {
            return false;
        }
        return flavour == Flavour.QTI || (type != QuestionType.MATCHING && type != QuestionType.ORDERING);
    }

    /**
     * Writes the quiz as one assessment.
     *
     * @param ident the assessment's identifier (an XML name)
     * @return the questions left out, with why
     */
    static List<Skipped> write(Quiz quiz, String ident, Flavour flavour, OutputStream out) throws IOException {
        List<Skipped> skipped = new ArrayList<>();
        List<Quiz.Question> kept = new ArrayList<>();
        for (Quiz.Question q : quiz.questions() == null ? List.<Quiz.Question>of() : quiz.questions()) {
            if (expressible(q, flavour) && answerable(q)) {
                kept.add(q);
            } else {
                skipped.add(new Skipped(q.id(), QuestionType.fromWire(q.type()).isEmpty() ? "unknown question type " + q.type()
                        : !answerable(q) ? "its answer key does not fit its options"
                        : "a Common Cartridge assessment has no " + q.type().replace('_', ' ') + " questions; the QTI zip has it"));
            }
        }
        try {
            XMLStreamWriter x = Xml.writer(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.setDefaultNamespace(NS);
            x.writeStartElement(NS, "questestinterop");
            x.writeDefaultNamespace(NS);
            x.writeNamespace("xsi", XSI);
            x.writeAttribute(XSI, "schemaLocation", SCHEMA_LOCATION);
            x.writeStartElement(NS, "assessment");
            x.writeAttribute("ident", ident);
            x.writeAttribute("title", quiz.title() == null || quiz.title().isBlank() ? "Quiz" : quiz.title());
            x.writeStartElement(NS, "qtimetadata");
            field(x, "cc_maxattempts", "1");
            x.writeEndElement();
            x.writeStartElement(NS, "section");
            x.writeAttribute("ident", "root_section");
            for (Quiz.Question q : kept) {
                item(x, q, Xml.id(ident + "_" + q.id()), flavour);
            }
            x.writeEndElement(); // section
            x.writeEndElement(); // assessment
            x.writeEndElement(); // questestinterop
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IOException("Cannot write the QTI of " + ident + ": " + e.getMessage(), e);
        }
        return skipped;
    }

    /** Whether its key fits its options (the checks see to it; a hand-edited package may still be off). */
    static boolean answerable(Quiz.Question q) {
        List<String> options = q.options() == null ? List.of() : q.options();
        List<String> answer = q.answer() == null ? List.of() : q.answer();
        return switch (QuestionType.fromWire(q.type()).orElse(QuestionType.SHORT_ANSWER)) {
            case MULTIPLE_CHOICE -> !answer.isEmpty() && options.contains(answer.get(0));
            case TRUE_FALSE -> !answer.isEmpty() && List.of("true", "false").contains(answer.get(0).trim().toLowerCase(Locale.ROOT));
            case SHORT_ANSWER, FILL_BLANK -> answer.stream().anyMatch(a -> a != null && !a.isBlank());
            case MATCHING -> options.size() >= 2 && options.stream().allMatch(o -> o.contains("=>"));
            case ORDERING -> options.size() >= 2 && answer.size() == options.size() && answer.containsAll(options);
        };
    }

    private static void item(XMLStreamWriter x, Quiz.Question q, String ident, Flavour flavour) throws XMLStreamException {
        QuestionType type = QuestionType.fromWire(q.type()).orElseThrow();
        x.writeStartElement(NS, "item");
        x.writeAttribute("ident", ident);
        x.writeAttribute("title", q.id());
        x.writeStartElement(NS, "itemmetadata");
        x.writeStartElement(NS, "qtimetadata");
        if (flavour == Flavour.COMMON_CARTRIDGE) {
            field(x, "cc_profile", switch (type) {
                case MULTIPLE_CHOICE -> "cc.multiple_choice.v0p1";
                case TRUE_FALSE -> "cc.true_false.v0p1";
                default -> "cc.fib.v0p1";
            });
            field(x, "cc_weighting", String.valueOf(Math.max(1, q.points())));
        } else {
            field(x, "question_type", switch (type) {
                case MULTIPLE_CHOICE -> "multiple_choice_question";
                case TRUE_FALSE -> "true_false_question";
                case SHORT_ANSWER, FILL_BLANK -> "short_answer_question";
                case MATCHING, ORDERING -> "matching_question";
            });
            field(x, "points_possible", String.valueOf(Math.max(1, q.points())));
        }
        x.writeEndElement();
        x.writeEndElement();
        switch (type) {
            case MULTIPLE_CHOICE -> choice(x, q, ident, q.options(), q.answer().get(0));
            case TRUE_FALSE -> choice(x, q, ident, List.of("True", "False"),
                    q.answer().get(0).trim().equalsIgnoreCase("true") ? "True" : "False");
            case SHORT_ANSWER, FILL_BLANK -> blank(x, q);
            case MATCHING -> {
                List<String[]> pairs = q.options().stream().map(QtiWriter::pair).toList();
                matching(x, q, ident, pairs.stream().map(p -> p[0]).toList(), pairs.stream().map(p -> p[1]).toList());
            }
            case ORDERING -> {
                List<String> positions = new ArrayList<>();
                for (int i = 1; i <= q.answer().size(); i++) {
                    positions.add(ordinal(i));
                }
                // each item (in the shuffled order the quiz shows them) matched to its position in the key
                List<String> items = q.options();
                List<String> rights = items.stream().map(o -> positions.get(q.answer().indexOf(o))).toList();
                matching(x, q, ident, items, rights, positions);
            }
        }
        if (q.explanation() != null && !q.explanation().isBlank()) {
            x.writeStartElement(NS, "itemfeedback");
            x.writeAttribute("ident", "general_fb");
            x.writeStartElement(NS, "flow_mat");
            material(x, q.explanation());
            x.writeEndElement();
            x.writeEndElement();
        }
        x.writeEndElement(); // item
    }

    private static void choice(XMLStreamWriter x, Quiz.Question q, String ident, List<String> options, String right)
            throws XMLStreamException {
        x.writeStartElement(NS, "presentation");
        material(x, q.prompt());
        x.writeStartElement(NS, "response_lid");
        x.writeAttribute("ident", "response1");
        x.writeAttribute("rcardinality", "Single");
        x.writeStartElement(NS, "render_choice");
        String rightId = null;
        for (int i = 0; i < options.size(); i++) {
            String id = ident + "_" + (i + 1);
            if (options.get(i).equals(right) && rightId == null) {
                rightId = id;
            }
            x.writeStartElement(NS, "response_label");
            x.writeAttribute("ident", id);
            material(x, options.get(i));
            x.writeEndElement();
        }
        x.writeEndElement(); // render_choice
        x.writeEndElement(); // response_lid
        x.writeEndElement(); // presentation
        resprocessing(x, List.<String[]>of(new String[] {"response1", rightId}), "100", q.explanation() != null && !q.explanation().isBlank());
    }

    private static void blank(XMLStreamWriter x, Quiz.Question q) throws XMLStreamException {
        x.writeStartElement(NS, "presentation");
        material(x, q.prompt());
        x.writeStartElement(NS, "response_str");
        x.writeAttribute("ident", "response1");
        x.writeAttribute("rcardinality", "Single");
        x.writeStartElement(NS, "render_fib");
        x.writeEmptyElement(NS, "response_label");
        x.writeAttribute("ident", "answer1");
        x.writeAttribute("rshuffle", "No");
        x.writeEndElement(); // render_fib
        x.writeEndElement(); // response_str
        x.writeEndElement(); // presentation
        List<String[]> accepted = q.answer().stream().filter(a -> a != null && !a.isBlank())
                .map(a -> new String[] {"response1", a.trim()}).toList();
        // any one accepted answer is right: a condition each
        x.writeStartElement(NS, "resprocessing");
        outcomes(x);
        for (String[] a : accepted) {
            condition(x, List.<String[]>of(a), "100", q.explanation() != null && !q.explanation().isBlank());
        }
        x.writeEndElement();
    }

    private static void matching(XMLStreamWriter x, Quiz.Question q, String ident, List<String> lefts, List<String> rights)
            throws XMLStreamException {
        // the choices in alphabetical order: in the key's order, the first item's match would be the first choice, and so on
        matching(x, q, ident, lefts, rights, rights.stream().distinct().sorted().toList());
    }

    /** Canvas's matching: a response per left-hand item, each choosing among every right-hand one. */
    private static void matching(XMLStreamWriter x, Quiz.Question q, String ident, List<String> lefts, List<String> rights,
            List<String> choices) throws XMLStreamException {
        x.writeStartElement(NS, "presentation");
        material(x, q.prompt());
        for (int i = 0; i < lefts.size(); i++) {
            x.writeStartElement(NS, "response_lid");
            x.writeAttribute("ident", "response_" + (i + 1));
            x.writeAttribute("rcardinality", "Single");
            material(x, lefts.get(i));
            x.writeStartElement(NS, "render_choice");
            x.writeAttribute("shuffle", "Yes");
            for (int c = 0; c < choices.size(); c++) {
                x.writeStartElement(NS, "response_label");
                x.writeAttribute("ident", ident + "_m" + (c + 1));
                material(x, choices.get(c));
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeEndElement();
        }
        x.writeEndElement(); // presentation
        x.writeStartElement(NS, "resprocessing");
        outcomes(x);
        String share = String.format(Locale.ROOT, "%.2f", 100.0 / lefts.size());
        for (int i = 0; i < lefts.size(); i++) {
            String right = ident + "_m" + (choices.indexOf(rights.get(i)) + 1);
            x.writeStartElement(NS, "respcondition");
            x.writeAttribute("continue", "Yes");
            x.writeStartElement(NS, "conditionvar");
            x.writeStartElement(NS, "varequal");
            x.writeAttribute("respident", "response_" + (i + 1));
            x.writeCharacters(right);
            x.writeEndElement();
            x.writeEndElement();
            x.writeStartElement(NS, "setvar");
            x.writeAttribute("varname", "SCORE");
            x.writeAttribute("action", "Add");
            x.writeCharacters(share);
            x.writeEndElement();
            x.writeEndElement();
        }
        x.writeEndElement();
    }

    private static void resprocessing(XMLStreamWriter x, List<String[]> equal, String score, boolean feedback) throws XMLStreamException {
        x.writeStartElement(NS, "resprocessing");
        outcomes(x);
        condition(x, equal, score, feedback);
        x.writeEndElement();
    }

    private static void outcomes(XMLStreamWriter x) throws XMLStreamException {
        x.writeStartElement(NS, "outcomes");
        x.writeEmptyElement(NS, "decvar");
        x.writeAttribute("varname", "SCORE");
        x.writeAttribute("vartype", "Decimal");
        x.writeAttribute("minvalue", "0");
        x.writeAttribute("maxvalue", "100");
        x.writeEndElement();
    }

    /** If every response equals its value: the score, and the explanation shown. */
    private static void condition(XMLStreamWriter x, List<String[]> equal, String score, boolean feedback) throws XMLStreamException {
        x.writeStartElement(NS, "respcondition");
        x.writeAttribute("continue", "No");
        x.writeStartElement(NS, "conditionvar");
        for (String[] e : equal) {
            x.writeStartElement(NS, "varequal");
            x.writeAttribute("respident", e[0]);
            x.writeCharacters(e[1]);
            x.writeEndElement();
        }
        x.writeEndElement();
        x.writeStartElement(NS, "setvar");
        x.writeAttribute("varname", "SCORE");
        x.writeAttribute("action", "Set");
        x.writeCharacters(score);
        x.writeEndElement();
        if (feedback) {
            x.writeEmptyElement(NS, "displayfeedback");
            x.writeAttribute("feedbacktype", "Response");
            x.writeAttribute("linkrefid", "general_fb");
        }
        x.writeEndElement();
    }

    private static void material(XMLStreamWriter x, String text) throws XMLStreamException {
        x.writeStartElement(NS, "material");
        x.writeStartElement(NS, "mattext");
        x.writeAttribute("texttype", "text/plain");
        x.writeCharacters(text == null ? "" : text);
        x.writeEndElement();
        x.writeEndElement();
    }

    private static void field(XMLStreamWriter x, String label, String entry) throws XMLStreamException {
        x.writeStartElement(NS, "qtimetadatafield");
        x.writeStartElement(NS, "fieldlabel");
        x.writeCharacters(label);
        x.writeEndElement();
        x.writeStartElement(NS, "fieldentry");
        x.writeCharacters(entry);
        x.writeEndElement();
        x.writeEndElement();
    }

    /** "left => right" as its two sides. */
    static String[] pair(String option) {
        int at = option.indexOf("=>");
        return new String[] {option.substring(0, at).trim(), option.substring(at + 2).trim()};
    }

    /** 1st, 2nd, 3rd, 4th ... */
    static String ordinal(int n) {
        int mod100 = n % 100;
        String suffix = mod100 >= 11 && mod100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }
}
