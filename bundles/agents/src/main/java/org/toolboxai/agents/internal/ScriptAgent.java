package org.toolboxai.agents.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.toolboxai.api.content.LuauScript;
import org.toolboxai.api.content.ScriptChecker;
import org.toolboxai.api.content.ScriptKind;
import org.toolboxai.api.workflow.StepHandler;

/** {@code agent.script}: the Luau scripts of the experience, each parsed before it is accepted. */
@Component(service = StepHandler.class)
public class ScriptAgent extends AgentStep<List<LuauScript>> {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ScriptChecker checker;

    /** Uses the active model provider. */
    @Activate
    public ScriptAgent(@Reference ModelProviders providers) {
        super(providers, "agent.script", "script", Upstream.SCRIPTS, new TypeReference<>() { });
    }

    @Override
    String system(ContentBrief brief) {
        return "You are a Roblox developer scripting a lesson experience for " + AgentPrompts.learners(brief) + ". Write "
                + "Luau in its Lua 5.1-compatible subset, which a Lua 5.1 parser accepts: no type annotations, no compound "
                + "assignment (+=, -=), no continue, no backtick string interpolation, no if-then-else expressions, no "
                + "generalized iteration (always pairs or ipairs). Never call loadstring, getfenv or setfenv.\n"
                + "Include: QuizStation (server; a ProximityPrompt per station of the environment in the facts, firing a "
                + "RemoteEvent; answers checked on the server, each counted once), Progress (server; leaderstats), "
                + "Checkpoints (server) and QuizClient (client; shows the question and its options, sends the chosen "
                + "answer). Do not write QuizData or QuizKeys: the export writes both from the quiz, and rewrites them when "
                + "a teacher edits it. Read the quiz from them: require(ReplicatedStorage.QuizData) gives QuizData.stations "
                + "({id, name, objectiveId, position, size}), QuizData.questions ({id, type, station, objectiveId, points, "
                + "prompt, options; matching questions have lefts and rights instead}), QuizData.forStation(stationId) and "
                + "QuizData.progressStore (the DataStore name); require(ServerStorage.QuizKeys) gives QuizKeys.answers[id] "
                + "= {kind, accepted, explanation}, for the server only. Use the station, objective and question ids from "
                + "the facts.\n"
                + "Answer with one JSON array only: [{\"name\", \"kind\": \"server\"|\"client\"|\"module\", \"source\"}].";
    }

    @Override
    String prompt(ContentBrief brief, Upstream upstream) {
        return "Script the experience for: " + brief.describe() + ". The environment and the quiz are in the facts.";
    }

    @Override
    Findings validate(List<LuauScript> value, ContentBrief brief, Upstream upstream) {
        return checkScripts(value, checker);
    }

    /** Functions that load or rewrite code at run time. */
    private static final Pattern UNSAFE = Pattern.compile("\\b(loadstring|getfenv|setfenv)\\s*\\(");

    static Findings checkScripts(List<LuauScript> scripts, ScriptChecker checker) {
        Findings f = new Findings();
        if (scripts.isEmpty()) {
            f.error("completeness", "scripts", "no scripts");
        }
        Set<String> names = new HashSet<>();
        for (LuauScript s : scripts) {
            String part = "scripts." + s.name();
            if (s.name() == null || !s.name().matches("[A-Za-z][A-Za-z0-9_]{0,63}") || !names.add(s.name())) {
                f.error("completeness", "scripts", "script names must be unique identifiers, got " + s.name());
            }
            if (s.kind() == null) {
                f.error("completeness", part, "kind must be one of " + ScriptKind.wireNames());
            }
            if (s.source() == null || s.source().isBlank()) {
                f.error("completeness", part, "has no source");
                continue;
            }
            Matcher unsafe = UNSAFE.matcher(s.source());
            if (unsafe.find()) {
                f.error("script_safety", part, "calls " + unsafe.group(1) + ", which runs or rewrites code at run time; "
                        + "Roblox disables it and it is a way in for exploits");
            }
            if (checker == null) {
                f.warning("luau_syntax", part, "not parsed: the roblox bundle (Luau checker) is not installed");
                continue;
            }
            List<String> errors = new ArrayList<>(checker.check(s));
            errors.forEach(e -> f.error("luau_syntax", part, e));
        }
        return f;
    }
}
