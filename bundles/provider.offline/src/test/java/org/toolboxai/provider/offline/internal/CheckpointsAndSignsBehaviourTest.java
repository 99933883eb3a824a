package org.toolboxai.provider.offline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaValue;
import org.toolboxai.api.content.EnvironmentPlan;

/** Checkpoints and station signs, run in LuaJ against the fake Roblox API. */
class CheckpointsAndSignsBehaviourTest {

    private static Requests.Package lesson;

    @BeforeAll
    static void generate() throws Exception {
        lesson = Requests.chain(Requests.request("Mathematics", 6, List.of("Fractions", "Decimals", "Percent"), "space_station",
                45, 6, QuizMakerTest.ALL_TYPES, "medium", List.of()));
    }

    private static void start(RobloxWorld world) {
        world.runServer("QuizStation", RobloxWorld.source(lesson.scripts(), "QuizStation"));
        world.runServer("Progress", RobloxWorld.source(lesson.scripts(), "Progress"));
        world.runServer("Checkpoints", RobloxWorld.source(lesson.scripts(), "Checkpoints"));
    }

    private static int spawnLocations(RobloxWorld world) {
        return world.eval("(function() local n = 0 for _, d in ipairs(W.workspace:GetDescendants()) do "
                + "if d:IsA('SpawnLocation') then n = n + 1 end end return n end)()").toint();
    }

    @Test
    void aPlayerAlreadyInTheGameRespawnsOnTheCheckpointFacingTheStation() {
        RobloxWorld world = RobloxWorld.server(lesson.scripts());
        // Ada joined and has a character before the scripts start
        LuaValue ada = world.exec("local p = W.addPlayer(101, 'Ada')\nW.spawnCharacter(p)\nreturn p").arg1();
        start(world);
        world.advance(1);
        EnvironmentPlan.Station station = lesson.environment().stations().get(1);

        LuaValue pad = world.eval("W.workspace.Checkpoints.Checkpoint2");
        world.exec("local player, pad = ...\npad.Touched:Fire(player.Character.HumanoidRootPart)", ada, pad);
        LuaValue root = world.exec("local character, root = W.spawnCharacter(...)\nreturn root", ada).arg1();
        world.advance(1);

        LuaValue at = root.get("CFrame").get("Position");
        LuaValue padAt = pad.get("Position");
        assertThat(at.get("X").todouble()).isEqualTo(padAt.get("X").todouble());
        assertThat(at.get("Z").todouble()).isEqualTo(padAt.get("Z").todouble());
        assertThat(at.get("Y").todouble()).isGreaterThan(padAt.get("Y").todouble());
        LuaValue look = root.get("CFrame").get("LookVector");
        double toStationZ = station.position().z() - padAt.get("Z").todouble();
        assertThat(Math.signum(look.get("Z").todouble())).isEqualTo(Math.signum(toStationZ));
        assertThat(look.get("Y").todouble()).isZero();
        assertThat(world.errors()).isEmpty();
    }

    @Test
    void aPlayerWithoutCheckpointStaysAtTheSpawn() {
        RobloxWorld world = RobloxWorld.server(lesson.scripts());
        start(world);
        LuaValue bo = world.addPlayer(102, "Bo");
        LuaValue root = world.exec("local character, root = W.spawnCharacter(...)\nreturn root", bo).arg1();
        world.advance(1);
        assertThat(root.get("CFrame").get("Position").get("X").todouble()).isZero();
        assertThat(root.get("CFrame").get("Position").get("Z").todouble()).isZero();
    }

    @Test
    void padsArePlainPartsOnTheFloorInFrontOfTheirStationsAndThereIsOneSpawn() {
        RobloxWorld world = RobloxWorld.server(lesson.scripts());
        start(world);
        world.advance(1);
        assertThat(spawnLocations(world)).isEqualTo(1);
        assertThat(world.eval("W.workspace.LobbySpawn.ClassName").tojstring()).isEqualTo("SpawnLocation");
        // the spawn stands on the floor and faces the stations (which are north of it)
        LuaValue spawn = world.eval("W.workspace.LobbySpawn");
        assertThat(spawn.get("Position").get("Y").todouble() - spawn.get("Size").get("Y").todouble() / 2).isZero();
        assertThat(spawn.get("CFrame").get("LookVector").get("Z").todouble()).isPositive();

        double spawnZ = lesson.environment().spawn().z();
        List<EnvironmentPlan.Station> stations = lesson.environment().stations();
        for (int i = 0; i < stations.size(); i++) {
            EnvironmentPlan.Station s = stations.get(i);
            LuaValue pad = world.eval("W.workspace.Checkpoints:FindFirstChild(...)", LuaValue.valueOf("Checkpoint" + (i + 1)));
            assertThat(pad.get("ClassName").tojstring()).isEqualTo("Part");
            LuaValue p = pad.get("Position");
            LuaValue size = pad.get("Size");
            assertThat(p.get("Y").todouble() - size.get("Y").todouble() / 2).as("on the floor").isZero();
            assertThat(p.get("X").todouble()).isEqualTo(s.position().x());
            // in front: between the station and the spawn, clear of the station
            assertThat(Math.abs(p.get("Z").todouble() - spawnZ)).isLessThan(Math.abs(s.position().z() - spawnZ));
            assertThat(Math.abs(p.get("Z").todouble() - s.position().z()))
                    .isGreaterThanOrEqualTo(s.size().z() / 2 + size.get("Z").todouble() / 2);
        }

        // a place that has the spawn gets no second one
        RobloxWorld place = RobloxWorld.server(lesson.scripts());
        place.exec("W.new('SpawnLocation', { Name = 'LobbySpawn', Parent = W.workspace })");
        start(place);
        assertThat(spawnLocations(place)).isEqualTo(1);
    }

    @Test
    void everyStationHasASignWithItsName() {
        RobloxWorld world = RobloxWorld.server(lesson.scripts());
        start(world);
        for (EnvironmentPlan.Station s : lesson.environment().stations()) {
            LuaValue sign = world.eval("W.workspace:FindFirstChild(..., true).Sign", LuaValue.valueOf(s.id()));
            assertThat(sign.get("ClassName").tojstring()).isEqualTo("BillboardGui");
            assertThat(sign.get("Title").get("Text").tojstring()).isEqualTo(s.name());
            assertThat(sign.get("Title").get("TextScaled").toboolean()).isTrue();
        }
        // a sign the place already has is kept, not doubled
        RobloxWorld place = RobloxWorld.server(lesson.scripts());
        String id = lesson.environment().stations().get(0).id();
        place.exec("local part = W.new('Part', { Name = ..., Parent = W.workspace })\n"
                + "W.new('BillboardGui', { Name = 'Sign', Parent = part })", LuaValue.valueOf(id));
        start(place);
        assertThat(place.eval("#W.workspace:FindFirstChild(...):GetChildren()", LuaValue.valueOf(id)).toint())
                .as("the place's sign and the prompt").isEqualTo(2);
    }
}
