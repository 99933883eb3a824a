package org.toolboxai.roblox.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.osgi.service.component.annotations.Component;
import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.ExportFormat;
import org.toolboxai.api.content.LuauScript;

/**
 * {@code place.rbxlx}: the whole lesson as a Roblox XML place (format version 4), to open in
 * Roblox Studio as it is.
 * <ul>
 * <li>Workspace: the environment as {@link WorkspaceModel} lays it out (baseplate, the one
 * spawn {@code LobbySpawn} facing the stations, zones, stations with their signs, props, walls and
 * ceiling by environment type); Lighting: the type's light and fog;</li>
 * <li>ServerScriptService: a Script per {@code server} script; StarterPlayer &gt;
 * StarterPlayerScripts: a LocalScript per {@code client} script; ReplicatedStorage: a
 * ModuleScript per {@code module} script, and {@code QuizData} with the quiz's questions but not
 * its answers; ServerStorage (never replicated to clients): {@code QuizKeys} with the answer keys.
 * Both are written from the package's current quiz and environment whenever it has a quiz,
 * replacing the package's own scripts of those names ({@link QuizDataModule}).</li>
 * </ul>
 * Written with the JDK's own StAX writer, so names and text are always escaped; script sources go
 * into CDATA sections, split around {@code ]]>} and with carriage returns as character references,
 * so that every source reads back exactly. Characters XML 1.0 cannot hold at all (most control
 * characters, lone surrogates) become U+FFFD. Referents are derived from the package id and the
 * item's position, so the same package gives the same bytes.
 */
@Component(service = ExportFormat.class)
public class PlaceFileExport implements ExportFormat {

    private static final int[] PROP_DEFAULT = {163, 162, 165};
    /** A part's properties whose names in a place file differ from the API's. */
    private static final java.util.Map<String, String> PART_NAMES = java.util.Map.of("Size", "size", "Color", "Color3uint8",
            "Shape", "shape");
    private static final Pattern HEX_COLOUR = Pattern.compile("#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})");

    @Override
    public String fileName() {
        return "place.rbxlx";
    }

    @Override
    public String contentType() {
        return "application/xml";
    }

    private static List<LuauScript> scripts(ContentPackage p) {
        return p.scripts() == null ? List.of() : p.scripts();
    }

    @Override
    public String id() {
        return "place";
    }

    @Override
    public void export(ContentPackage contentPackage, OutputStream out) throws IOException {
        try {
            write(contentPackage, out);
        } catch (XMLStreamException e) {
            throw new IOException("Writing the place failed: " + e.getMessage(), e);
        }
    }

    private static void write(ContentPackage contentPackage, OutputStream out) throws XMLStreamException {
        // the JDK's implementation, whatever else the framework offers: its behaviour is known
        XMLStreamWriter writer = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, "UTF-8");
        Place place = new Place(writer, contentPackage.id());
        writer.writeStartDocument("UTF-8", "1.0");
        writer.writeCharacters("\n");
        writer.writeStartElement("roblox");
        writer.writeAttribute("version", "4");

        place.open("Workspace", "Workspace");
        for (RobloxInstance item : WorkspaceModel.workspace(contentPackage.environment())) {
            place.instance(item);
        }
        place.end();
        if (contentPackage.environment() != null) {
            place.instance(WorkspaceModel.lighting(contentPackage.environment()));
        }
        place.open("ServerScriptService", "ServerScriptService");
        scripts(place, contentPackage, ScriptPlace.SERVER);
        place.end();
        place.open("StarterPlayer", "StarterPlayer");
        place.open("StarterPlayerScripts", "StarterPlayerScripts");
        scripts(place, contentPackage, ScriptPlace.CLIENT);
        place.end();
        place.end();
        place.open("ReplicatedStorage", "ReplicatedStorage");
        scripts(place, contentPackage, ScriptPlace.MODULE);
        if (QuizDataModule.writes(contentPackage)) {
            place.script(ScriptPlace.MODULE, QuizDataModule.NAME, QuizDataModule.source(contentPackage));
        }
        place.end();
        place.open("ServerStorage", "ServerStorage");
        if (QuizDataModule.writes(contentPackage)) {
            place.script(ScriptPlace.MODULE, QuizDataModule.KEYS, QuizDataModule.keys(contentPackage));
        } else {
            for (LuauScript s : scripts(contentPackage)) {
                if (QuizDataModule.serverOnly(s) && s.source() != null) {
                    place.script(ScriptPlace.MODULE, s.name(), s.source());
                }
            }
        }
        place.end();

        writer.writeCharacters("\n");
        writer.writeEndElement();
        writer.writeCharacters("\n");
        writer.writeEndDocument();
        // flushes; the stream stays open (the caller owns it)
        writer.close();
    }

    private static void scripts(Place place, ContentPackage p, ScriptPlace kind) throws XMLStreamException {
        for (LuauScript s : scripts(p)) {
            if (ScriptPlace.of(s) == kind && s.source() != null && !QuizDataModule.replaced(p, s)
                    && !QuizDataModule.serverOnly(s)) {
                place.script(kind, s.name() == null ? kind.className : s.name(), s.source());
            }
        }
    }

    /** {@code #88aaff}, {@code 88aaff} or {@code #8af}; grey otherwise. */
    static int[] colour(String hex) {
        return colour(hex, PROP_DEFAULT);
    }

    /** {@code #88aaff}, {@code 88aaff} or {@code #8af}; the fallback otherwise. */
    static int[] colour(String hex, int[] fallback) {
        Matcher m = hex == null ? null : HEX_COLOUR.matcher(hex.strip());
        if (m == null || !m.matches()) {
            return fallback;
        }
        String h = m.group(1);
        if (h.length() == 3) {
            h = "" + h.charAt(0) + h.charAt(0) + h.charAt(1) + h.charAt(1) + h.charAt(2) + h.charAt(2);
        }
        int rgb = Integer.parseInt(h, 16);
        return new int[] {rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF};
    }

    /** A number as XML float text: plain decimal, no exponent; 0 for what is not finite. */
    static String number(double d) {
        if (!Double.isFinite(d) || d == 0) {
            return "0";
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** The writer's position in the place: open items, indentation, referents. */
    private static final class Place {
        private final XMLStreamWriter w;
        private final String seed;
        private final Set<String> referents = new HashSet<>();
        private int depth = 1;
        private int counter;

        Place(XMLStreamWriter w, String packageId) {
            this.w = w;
            this.seed = packageId == null ? "" : packageId;
        }

        /** Opens an Item with its Properties and name; the caller closes it with {@link #end()}. */
        void start(String className, String name) throws XMLStreamException {
            indent();
            w.writeStartElement("Item");
            w.writeAttribute("class", className);
            w.writeAttribute("referent", referent());
            depth++;
            indent();
            w.writeStartElement("Properties");
            depth++;
            property("string", "Name", name);
        }

        /** Closes the Properties opened by {@link #start}; children may follow. */
        private void endProperties() throws XMLStreamException {
            depth--;
            indent();
            w.writeEndElement();
        }

        void end() throws XMLStreamException {
            depth--;
            indent();
            w.writeEndElement();
        }

        /** Opens an Item that has only a name; the caller closes it with {@link #end()}. */
        void open(String className, String name) throws XMLStreamException {
            start(className, name);
            endProperties();
        }

        /** An instance and its children, each property as the place format writes its type. */
        void instance(RobloxInstance item) throws XMLStreamException {
            start(item.className(), item.name());
            for (var e : item.properties().entrySet()) {
                value(item.isPart() ? PART_NAMES.getOrDefault(e.getKey(), e.getKey()) : e.getKey(), e.getValue());
            }
            endProperties();
            for (RobloxInstance child : item.children()) {
                instance(child);
            }
            end();
        }

        private void value(String name, RobloxInstance.Value value) throws XMLStreamException {
            if (value instanceof RobloxInstance.Bool b) {
                property("bool", name, Boolean.toString(b.value()));
            } else if (value instanceof RobloxInstance.Int i) {
                property("int", name, Integer.toString(i.value()));
            } else if (value instanceof RobloxInstance.Num n) {
                property("float", name, number(n.value()));
            } else if (value instanceof RobloxInstance.Text t) {
                property("string", name, t.value());
            } else if (value instanceof RobloxInstance.Token t) {
                property("token", name, Integer.toString(t.number()));
            } else if (value instanceof RobloxInstance.Rgb c) {
                property("Color3uint8", name, Long.toString(0xFF000000L | (long) c.r() << 16 | (long) c.g() << 8 | c.b()));
            } else if (value instanceof RobloxInstance.Color c) {
                compound("Color3", name, new String[] {"R", "G", "B"}, new double[] {c.r(), c.g(), c.b()});
            } else if (value instanceof RobloxInstance.Vector v) {
                compound("Vector3", name, new String[] {"X", "Y", "Z"},
                        new double[] {v.value().x(), v.value().y(), v.value().z()});
            } else if (value instanceof RobloxInstance.UDim2 u) {
                compound("UDim2", name, new String[] {"XS", "XO", "YS", "YO"},
                        new double[] {u.xScale(), u.xOffset(), u.yScale(), u.yOffset()});
            } else if (value instanceof RobloxInstance.Frame f) {
                double[] r = f.rotation();
                compound("CoordinateFrame", name, new String[] {"X", "Y", "Z", "R00", "R01", "R02", "R10", "R11", "R12",
                    "R20", "R21", "R22"}, new double[] {f.position().x(), f.position().y(), f.position().z(), r[0], r[1],
                    r[2], r[3], r[4], r[5], r[6], r[7], r[8]});
            }
        }

        private void compound(String type, String name, String[] tags, double[] values) throws XMLStreamException {
            indent();
            w.writeStartElement(type);
            w.writeAttribute("name", name);
            for (int i = 0; i < tags.length; i++) {
                component(tags[i], values[i]);
            }
            w.writeEndElement();
        }

        void script(ScriptPlace kind, String name, String source) throws XMLStreamException {
            start(kind.className, name);
            if (kind != ScriptPlace.MODULE) {
                property("bool", "Disabled", "false");
            }
            indent();
            w.writeStartElement("ProtectedString");
            w.writeAttribute("name", "Source");
            cdata(source);
            w.writeEndElement();
            endProperties();
            end();
        }

        private void property(String type, String name, String value) throws XMLStreamException {
            indent();
            w.writeStartElement(type);
            w.writeAttribute("name", name);
            text(value);
            w.writeEndElement();
        }

        private void component(String name, double value) throws XMLStreamException {
            w.writeStartElement(name);
            w.writeCharacters(number(value));
            w.writeEndElement();
        }

        private void indent() throws XMLStreamException {
            w.writeCharacters("\n" + "\t".repeat(depth));
        }

        /** Escaped text; a carriage return as a character reference, since parsers turn a literal one into \n. */
        private void text(String s) throws XMLStreamException {
            String clean = xmlSafe(s);
            int from = 0;
            for (int i = clean.indexOf('\r'); i >= 0; i = clean.indexOf('\r', from)) {
                w.writeCharacters(clean.substring(from, i));
                w.writeEntityRef("#13");
                from = i + 1;
            }
            w.writeCharacters(clean.substring(from));
        }

        /**
         * Text in CDATA sections: one cannot hold {@code ]]>}, so a section ends between its
         * {@code ]]} and {@code >}; carriage returns go between sections as references.
         */
        private void cdata(String s) throws XMLStreamException {
            String clean = xmlSafe(s);
            StringBuilder section = new StringBuilder();
            for (int i = 0; i < clean.length(); i++) {
                char c = clean.charAt(i);
                if (c == '\r') {
                    flush(section);
                    w.writeEntityRef("#13");
                    continue;
                }
                if (c == '>' && section.length() >= 2 && section.charAt(section.length() - 1) == ']'
                        && section.charAt(section.length() - 2) == ']') {
                    flush(section);
                }
                section.append(c);
            }
            flush(section);
        }

        private void flush(StringBuilder section) throws XMLStreamException {
            if (section.length() > 0) {
                w.writeCData(section.toString());
                section.setLength(0);
            }
        }

        /** "RBX" and 32 hex digits, from the package id and the item's position in the file. */
        private String referent() {
            String r;
            do {
                UUID u = UUID.nameUUIDFromBytes((seed + "/" + counter++).getBytes(StandardCharsets.UTF_8));
                r = "RBX" + u.toString().replace("-", "").toUpperCase(java.util.Locale.ROOT);
            } while (!referents.add(r));
            return r;
        }
    }

    /** The text with what XML 1.0 cannot carry (most C0 controls, U+FFFE/U+FFFF, lone surrogates) as U+FFFD. */
    static String xmlSafe(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok;
            if (Character.isHighSurrogate(c)) {
                ok = i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                if (ok) {
                    if (b != null) {
                        b.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else if (Character.isLowSurrogate(c)) {
                ok = false;
            } else {
                ok = c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c != 0xFFFE && c != 0xFFFF;
            }
            if (!ok && b == null) {
                b = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (b != null) {
                b.append(ok ? c : '\uFFFD');
            }
        }
        return b == null ? s : b.toString();
    }
}
