package org.toolboxai.lms.cartridge.internal;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** The JDK's StAX writer (no lookup through the context class loader, which differs in OSGi) and safe XML names. */
final class Xml {

    private Xml() {
    }

    /** A UTF-8 writer on {@code out}; closing it leaves {@code out} open. */
    static XMLStreamWriter writer(OutputStream out) throws XMLStreamException {
        return XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, StandardCharsets.UTF_8.name());
    }

    /** {@code text} as an XML name (an identifier attribute): letters, digits, '_', '-' and '.', starting with a letter. */
    static String id(String text) {
        String cleaned = text.replaceAll("[^A-Za-z0-9_.-]", "_");
        return cleaned.isEmpty() || !Character.isLetter(cleaned.charAt(0)) ? "i" + cleaned : cleaned;
    }
}
