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
import org.toolboxai.api.content.EnvironmentPlan;
import org.toolboxai.api.content.ExportFormat;
import org.toolboxai.api.content.LuauScript;
import org.toolboxai.api.content.Vec3;

/**
 * {@code place.rbxlx}: the whole lesson as a Roblox XML place (format version 4), to open in
 * Roblox Studio as it is.
 * <ul>
 * <li>Workspace: a {@code Baseplate} the size of the terrain with its top at y = 0, a
 * {@code SpawnLocation} pad at the spawn point, and anchored Parts in three folders:
 * {@code Zones} (a thin floor per zone, named after the zone), {@code Stations} (named by station
 * id, with StringValues {@code DisplayName}, {@code ObjectiveId} and {@code ZoneId}, for scripts
 * to find) and {@code Props} (in their colour);</li>
 * <li>ServerScriptService: a Script per {@code server} script; StarterPlayer &gt;
 * StarterPlayerScripts: a LocalScript per {@code client} script; ReplicatedStorage: a
 * ModuleScript per {@code module} script, and {@code QuizData} with the quiz's questions but not
 * its answers, unless the package has a script of that name.</li>
 * </ul>
 * Written with the JDK's own StAX writer, so names and text are always escaped; script sources go
 * into CDATA sections, split around {@code ]]>} and with carriage returns as character references,
 * so that every source reads back exactly. Characters XML 1.0 cannot hold at all (most control
 * characters, lone surrogates) become U+FFFD. Referents are derived from the package id and the
 * item's position, so the same package gives the same bytes.
 */
@Component(service = ExportFormat.class)
public class PlaceFileExport implements ExportFormat {

    static final int MATERIAL_PLASTIC = 256;
    static final int MATERIAL_SMOOTH_PLASTIC = 272;
    static final int MATERIAL_GRASS = 1280;
    private static final int SHAPE_BLOCK = 1;
    private static final int SURFACE_SMOOTH = 0;
    private static final double BASEPLATE_THICKNESS = 1;
    private static final double ZONE_FLOOR_THICKNESS = 0.2;
    private static final double MIN_SIZE = 0.05;
    private static final int[] GRASS = {75, 151, 75};
    private static final int[] SPAWN = {245, 205, 48};
    private static final int[] STATION = {13, 105, 172};
    private static final int[] PROP_DEFAULT = {163, 162, 165};
    private static final int[][] ZONE_COLOURS = {{196, 226, 166}, {166, 200, 236}, {240, 214, 160}, {214, 186, 230},
            {170, 222, 216}, {236, 188, 180}};
    private static final Pattern HEX_COLOUR = Pattern.compile("#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})");

    @Override
    public String fileName() {
        return "place.rbxlx";
    }

    @Override
    public String contentType() {
        return "application/xml";
    }

    /** Whether the place gets a generated {@code QuizData} module. */
    static boolean addsQuizData(ContentPackage p) {
        return p.quiz() != null && scripts(p).stream().noneMatch(s -> s != null && QuizDataModule.NAME.equals(s.name()));
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

        workspace(place, contentPackage.environment());
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
        if (addsQuizData(contentPackage)) {
            place.script(ScriptPlace.MODULE, QuizDataModule.NAME, QuizDataModule.source(contentPackage.quiz()));
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
            if (ScriptPlace.of(s) == kind && s.source() != null) {
                place.script(kind, s.name() == null ? kind.className : s.name(), s.source());
            }
        }
    }

    private static void workspace(Place place, EnvironmentPlan env) throws XMLStreamException {
        place.open("Workspace", "Workspace");
        if (env != null) {
            Vec3 terrain = env.terrain() == null ? new Vec3(200, 50, 200) : env.terrain();
            place.part("Part", "Baseplate", new Vec3(0, -BASEPLATE_THICKNESS / 2, 0),
                    new Vec3(terrain.x(), BASEPLATE_THICKNESS, terrain.z()), GRASS, MATERIAL_GRASS);
            place.end();
            Vec3 spawn = env.spawn() == null ? new Vec3(0, 0, 0) : env.spawn();
            place.part("SpawnLocation", "SpawnLocation", new Vec3(spawn.x(), spawn.y() + 0.5, spawn.z()),
                    new Vec3(6, 1, 6), SPAWN, MATERIAL_SMOOTH_PLASTIC);
            place.end();

            place.folder("Zones");
            int i = 0;
            for (EnvironmentPlan.Zone z : list(env.zones())) {
                Vec3 pos = orZero(z.position());
                Vec3 size = orZero(z.size());
                place.part("Part", firstOf(z.name(), z.id(), "Zone"), new Vec3(pos.x(), ZONE_FLOOR_THICKNESS / 2, pos.z()),
                        new Vec3(size.x(), ZONE_FLOOR_THICKNESS, size.z()), ZONE_COLOURS[i++ % ZONE_COLOURS.length],
                        MATERIAL_SMOOTH_PLASTIC);
                place.end();
            }
            place.end();

            place.folder("Stations");
            for (EnvironmentPlan.Station s : list(env.stations())) {
                place.part("Part", firstOf(s.id(), s.name(), "Station"), orZero(s.position()), orZero(s.size()), STATION,
                        MATERIAL_SMOOTH_PLASTIC);
                place.stringValue("DisplayName", firstOf(s.name(), s.id(), ""));
                place.stringValue("ObjectiveId", firstOf(s.objectiveId(), "", ""));
                place.stringValue("ZoneId", firstOf(s.zoneId(), "", ""));
                place.end();
            }
            place.end();

            place.folder("Props");
            for (EnvironmentPlan.Prop pr : list(env.props())) {
                place.part("Part", firstOf(pr.name(), "Prop", ""), orZero(pr.position()), orZero(pr.size()),
                        colour(pr.color()), MATERIAL_PLASTIC);
                place.end();
            }
            place.end();
        }
        place.end();
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l.stream().filter(x -> x != null).toList();
    }

    private static Vec3 orZero(Vec3 v) {
        return v == null ? new Vec3(0, 0, 0) : v;
    }

    private static String firstOf(String a, String b, String c) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : c;
    }

    /** {@code #88aaff}, {@code 88aaff} or {@code #8af}; grey otherwise. */
    static int[] colour(String hex) {
        Matcher m = hex == null ? null : HEX_COLOUR.matcher(hex.strip());
        if (m == null || !m.matches()) {
            return PROP_DEFAULT;
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

        void folder(String name) throws XMLStreamException {
            open("Folder", name);
        }

        void stringValue(String name, String value) throws XMLStreamException {
            start("StringValue", name);
            property("string", "Value", value);
            endProperties();
            end();
        }

        void part(String className, String name, Vec3 position, Vec3 size, int[] rgb, int material)
                throws XMLStreamException {
            start(className, name);
            property("bool", "Anchored", "true");
            property("bool", "CanCollide", "true");
            if (className.equals("SpawnLocation")) {
                property("bool", "Neutral", "true");
                property("int", "Duration", "0");
            }
            property("token", "shape", Integer.toString(SHAPE_BLOCK));
            property("token", "Material", Integer.toString(material));
            property("token", "TopSurface", Integer.toString(SURFACE_SMOOTH));
            property("token", "BottomSurface", Integer.toString(SURFACE_SMOOTH));
            long packed = 0xFF000000L | (long) rgb[0] << 16 | (long) rgb[1] << 8 | rgb[2];
            property("Color3uint8", "Color3uint8", Long.toString(packed));
            indent();
            w.writeStartElement("Vector3");
            w.writeAttribute("name", "size");
            component("X", Math.max(Math.abs(size.x()), MIN_SIZE));
            component("Y", Math.max(Math.abs(size.y()), MIN_SIZE));
            component("Z", Math.max(Math.abs(size.z()), MIN_SIZE));
            w.writeEndElement();
            indent();
            w.writeStartElement("CoordinateFrame");
            w.writeAttribute("name", "CFrame");
            component("X", position.x());
            component("Y", position.y());
            component("Z", position.z());
            double[] identity = {1, 0, 0, 0, 1, 0, 0, 0, 1};
            for (int i = 0; i < 9; i++) {
                component("R" + i / 3 + i % 3, identity[i]);
            }
            w.writeEndElement();
            endProperties();
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
