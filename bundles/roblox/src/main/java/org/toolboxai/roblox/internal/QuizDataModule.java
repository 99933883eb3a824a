package org.toolboxai.roblox.internal;

import org.toolboxai.api.content.ContentPackage;
import org.toolboxai.api.content.LuauScript;
import org.toolboxai.api.content.QuizModules;
import org.toolboxai.api.content.ScriptKind;

/**
 * The quiz's two data modules as the exports write them, always from the package's current quiz
 * and environment (so a teacher's edit reaches the place without new scripts):
 * {@code QuizData} in ReplicatedStorage (the questions without answers, which clients can read)
 * and {@code QuizKeys} in ServerStorage (the answer keys, never replicated). A package's own
 * scripts of those names are replaced; the DataStore is named after the package id.
 */
final class QuizDataModule {

    static final String NAME = QuizModules.DATA;
    static final String KEYS = QuizModules.KEYS;

    private QuizDataModule() {
    }

    /** Whether the export writes the modules: whenever the package has a quiz. */
    static boolean writes(ContentPackage p) {
        return p.quiz() != null;
    }

    /** Whether the package's own script gives way to a written module. */
    static boolean replaced(ContentPackage p, LuauScript s) {
        return writes(p) && s != null && (NAME.equals(s.name()) || KEYS.equals(s.name()));
    }

    /** Whether the script belongs in ServerStorage: a module named QuizKeys is never replicated. */
    static boolean serverOnly(LuauScript s) {
        return s != null && s.kind() == ScriptKind.MODULE && KEYS.equals(s.name());
    }

    /** QuizData: title, spawn, the package's DataStore, stations and questions without answers. */
    static String source(ContentPackage p) {
        return QuizModules.quizData(RojoProjectExport.title(p), p.environment(), p.quiz(), QuizModules.progressStore(p.id()));
    }

    /** QuizKeys: the answer keys by question id. */
    static String keys(ContentPackage p) {
        return QuizModules.quizKeys(p.quiz());
    }
}
