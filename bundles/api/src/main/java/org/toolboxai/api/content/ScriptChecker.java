package org.toolboxai.api.content;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Checks Luau scripts with a real parser (provided by the roblox bundle). */
@ProviderType
public interface ScriptChecker {

    /** Syntax errors of the script, each with its line; empty when it parses. */
    List<String> check(LuauScript script);
}
