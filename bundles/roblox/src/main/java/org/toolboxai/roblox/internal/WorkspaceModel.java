package org.toolboxai.roblox.internal;

import java.util.ArrayList;
import java.util.List;

import org.toolboxai.api.content.EnvironmentPlan;
import org.toolboxai.api.content.Vec3;
import org.toolboxai.roblox.internal.RobloxInstance.Bool;
import org.toolboxai.roblox.internal.RobloxInstance.Color;
import org.toolboxai.roblox.internal.RobloxInstance.Frame;
import org.toolboxai.roblox.internal.RobloxInstance.Num;
import org.toolboxai.roblox.internal.RobloxInstance.Rgb;
import org.toolboxai.roblox.internal.RobloxInstance.Text;
import org.toolboxai.roblox.internal.RobloxInstance.Token;
import org.toolboxai.roblox.internal.RobloxInstance.UDim2;
import org.toolboxai.roblox.internal.RobloxInstance.Vector;

/**
 * The environment plan as Roblox instances, for the place file and the Rojo project alike.
 * <ul>
 * <li>{@code Baseplate}: the terrain, its top at y = 0, in the type's floor material;</li>
 * <li>{@code LobbySpawn}: the one SpawnLocation, standing on the ground at the plan's spawn and
 * turned to face the stations (the scripts look for it by this name);</li>
 * <li>{@code Zones}: a thin floor per zone; {@code Stations}: a part per station, named by its id,
 * with StringValues {@code DisplayName}, {@code ObjectiveId}, {@code ZoneId} and a BillboardGui
 * {@code Sign} showing the station's name; {@code Props}: decoration in its colour;</li>
 * <li>{@code Environment}: walls and a ceiling indoors (glass ones underwater, with translucent
 * sea water around and above that players walk through), none outdoors;</li>
 * <li>Lighting: ambient light and fog of the type (blue water fog, a dark sky in space).</li>
 * </ul>
 */
final class WorkspaceModel {

    static final double BASEPLATE_THICKNESS = 1;
    static final double ZONE_FLOOR_THICKNESS = 0.2;
    static final double WALL_THICKNESS = 2;
    static final Vec3 SPAWN_SIZE = new Vec3(6, 1, 6);
    private static final double MIN_SIZE = 0.05;
    private static final int[] SPAWN = {245, 205, 48};
    private static final int[] STATION = {13, 105, 172};
    private static final int[] PROP_DEFAULT = {163, 162, 165};
    private static final int[] SEA = {30, 110, 160};
    private static final Token SMOOTH = new Token("Smooth", 0);
    private static final Token BLOCK = new Token("Block", 1);
    private static final double[] IDENTITY = {1, 0, 0, 0, 1, 0, 0, 0, 1};

    private WorkspaceModel() {
    }

    /** Workspace's children, in order; none without a plan. */
    static List<RobloxInstance> workspace(EnvironmentPlan env) {
        List<RobloxInstance> out = new ArrayList<>();
        if (env == null) {
            return out;
        }
        EnvironmentLook look = EnvironmentLook.of(env.type());
        Vec3 terrain = env.terrain() == null ? new Vec3(200, 50, 200) : env.terrain();
        out.add(part("Part", "Baseplate", new Vec3(0, -BASEPLATE_THICKNESS / 2, 0),
                new Vec3(terrain.x(), BASEPLATE_THICKNESS, terrain.z()), look.floorColour(), look.floor().token()));

        Vec3 spawn = orZero(env.spawn());
        out.add(part("SpawnLocation", "LobbySpawn", new Vec3(spawn.x(), SPAWN_SIZE.y() / 2, spawn.z()), SPAWN_SIZE, SPAWN,
                EnvironmentLook.Material.SMOOTH_PLASTIC.token())
                .set("CFrame", new Frame(new Vec3(spawn.x(), SPAWN_SIZE.y() / 2, spawn.z()), facing(spawn, env.stations())))
                .set("Neutral", new Bool(true)).set("Duration", new RobloxInstance.Int(0)));

        RobloxInstance zones = RobloxInstance.of("Folder", "Zones");
        int i = 0;
        for (EnvironmentPlan.Zone z : list(env.zones())) {
            Vec3 pos = orZero(z.position());
            Vec3 size = orZero(z.size());
            zones.add(part("Part", firstOf(z.name(), z.id(), "Zone"), new Vec3(pos.x(), ZONE_FLOOR_THICKNESS / 2, pos.z()),
                    new Vec3(size.x(), ZONE_FLOOR_THICKNESS, size.z()), look.zoneColours().get(i++ % look.zoneColours().size()),
                    look.zoneMaterial().token()));
        }
        out.add(zones);

        RobloxInstance stations = RobloxInstance.of("Folder", "Stations");
        for (EnvironmentPlan.Station s : list(env.stations())) {
            Vec3 size = orZero(s.size());
            stations.add(part("Part", firstOf(s.id(), s.name(), "Station"), orZero(s.position()), size, STATION,
                    EnvironmentLook.Material.SMOOTH_PLASTIC.token())
                    .add(stringValue("DisplayName", firstOf(s.name(), s.id(), "")))
                    .add(stringValue("ObjectiveId", firstOf(s.objectiveId(), "", "")))
                    .add(stringValue("ZoneId", firstOf(s.zoneId(), "", "")))
                    .add(sign(firstOf(s.name(), s.id(), ""), size.y())));
        }
        out.add(stations);

        RobloxInstance props = RobloxInstance.of("Folder", "Props");
        for (EnvironmentPlan.Prop pr : list(env.props())) {
            props.add(part("Part", firstOf(pr.name(), "Prop", ""), orZero(pr.position()), orZero(pr.size()),
                    colour(pr.color()), EnvironmentLook.Material.PLASTIC.token()));
        }
        out.add(props);
        out.add(enclosure(look, terrain));
        return out;
    }

    /** The Lighting service's properties for the type. */
    static RobloxInstance lighting(EnvironmentPlan env) {
        EnvironmentLook look = EnvironmentLook.of(env == null ? null : env.type());
        return RobloxInstance.of("Lighting", "Lighting")
                .set("Ambient", color(look.ambient()))
                .set("OutdoorAmbient", color(look.ambient()))
                .set("FogColor", color(look.fog()))
                .set("FogEnd", new Num(look.fogEnd()))
                .set("TimeOfDay", new Text(look.timeOfDay()));
    }

    /** Walls and ceiling (and sea water) around the terrain, by type. */
    private static RobloxInstance enclosure(EnvironmentLook look, Vec3 terrain) {
        RobloxInstance folder = RobloxInstance.of("Folder", "Environment");
        if (!look.indoors()) {
            return folder;
        }
        double h = look.ceiling();
        double hx = terrain.x() / 2 - WALL_THICKNESS / 2;
        double hz = terrain.z() / 2 - WALL_THICKNESS / 2;
        Token material = look.walls().token();
        List<RobloxInstance> shell = List.of(
                part("Part", "NorthWall", new Vec3(0, h / 2, hz), new Vec3(terrain.x(), h, WALL_THICKNESS), look.wallColour(), material),
                part("Part", "SouthWall", new Vec3(0, h / 2, -hz), new Vec3(terrain.x(), h, WALL_THICKNESS), look.wallColour(), material),
                part("Part", "EastWall", new Vec3(hx, h / 2, 0), new Vec3(WALL_THICKNESS, h, terrain.z()), look.wallColour(), material),
                part("Part", "WestWall", new Vec3(-hx, h / 2, 0), new Vec3(WALL_THICKNESS, h, terrain.z()), look.wallColour(), material),
                part("Part", "Ceiling", new Vec3(0, h + WALL_THICKNESS / 2, 0), new Vec3(terrain.x(), WALL_THICKNESS, terrain.z()),
                        look.wallColour(), material));
        for (RobloxInstance p : shell) {
            if (look.wallTransparency() > 0) {
                p.set("Transparency", new Num(look.wallTransparency()));
            }
            folder.add(p);
        }
        if (look.water()) {
            double top = Math.max(terrain.y(), h + WALL_THICKNESS + 10);
            double bottom = h + WALL_THICKNESS;
            folder.add(part("Part", "SeaWater", new Vec3(0, (top + bottom) / 2, 0),
                    new Vec3(terrain.x(), top - bottom, terrain.z()), SEA, EnvironmentLook.Material.GLASS.token())
                    .set("Transparency", new Num(0.55)).set("CanCollide", new Bool(false))
                    .set("CanQuery", new Bool(false)).set("CanTouch", new Bool(false)).set("CastShadow", new Bool(false)));
        }
        return folder;
    }

    /** A sign above the station with its name, readable from afar and scaled to its box. */
    private static RobloxInstance sign(String title, double stationHeight) {
        RobloxInstance label = RobloxInstance.of("TextLabel", "Title")
                .set("Size", new UDim2(1, 0, 1, 0))
                .set("BackgroundColor3", new Color(20 / 255.0, 30 / 255.0, 50 / 255.0))
                .set("BackgroundTransparency", new Num(0.2))
                .set("TextColor3", new Color(1, 1, 1))
                .set("TextScaled", new Bool(true))
                .set("TextWrapped", new Bool(true))
                .set("Text", new Text(title));
        return RobloxInstance.of("BillboardGui", "Sign")
                .set("Size", new UDim2(12, 0, 3, 0))
                .set("StudsOffset", new Vector(new Vec3(0, Math.abs(stationHeight) / 2 + 2.5, 0)))
                .set("MaxDistance", new Num(120))
                .set("LightInfluence", new Num(0))
                .add(label);
    }

    private static RobloxInstance stringValue(String name, String value) {
        return RobloxInstance.of("StringValue", name).set("Value", new Text(value));
    }

    private static RobloxInstance part(String className, String name, Vec3 position, Vec3 size, int[] rgb, Token material) {
        return RobloxInstance.of(className, name)
                .set("Anchored", new Bool(true))
                .set("CanCollide", new Bool(true))
                .set("Shape", BLOCK)
                .set("Material", material)
                .set("TopSurface", SMOOTH)
                .set("BottomSurface", SMOOTH)
                .set("Color", new Rgb(rgb[0], rgb[1], rgb[2]))
                .set("Size", new Vector(new Vec3(Math.max(Math.abs(size.x()), MIN_SIZE), Math.max(Math.abs(size.y()), MIN_SIZE),
                        Math.max(Math.abs(size.z()), MIN_SIZE))))
                .set("CFrame", new Frame(position, IDENTITY));
    }

    /**
     * A rotation about the vertical axis whose front (LookVector, the matrix's -Z column) points
     * from the spawn to the middle of the stations; north (+Z) when there are none.
     */
    static double[] facing(Vec3 from, List<EnvironmentPlan.Station> stations) {
        double x = 0;
        double z = 0;
        int n = 0;
        for (EnvironmentPlan.Station s : list(stations)) {
            if (s.position() != null) {
                x += s.position().x();
                z += s.position().z();
                n++;
            }
        }
        double dx = n == 0 ? 0 : x / n - from.x();
        double dz = n == 0 ? 1 : z / n - from.z();
        double length = Math.hypot(dx, dz);
        if (length < 1e-9) {
            dx = 0;
            dz = 1;
            length = 1;
        }
        dx /= length;
        dz /= length;
        // LookVector = (-R02, -R12, -R22) = (dx, 0, dz)
        return new double[] {-dz, 0, -dx, 0, 1, 0, dx, 0, -dz};
    }

    private static Color color(double[] c) {
        return new Color(c[0], c[1], c[2]);
    }

    static <T> List<T> list(List<T> l) {
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
        return PlaceFileExport.colour(hex, PROP_DEFAULT);
    }
}
