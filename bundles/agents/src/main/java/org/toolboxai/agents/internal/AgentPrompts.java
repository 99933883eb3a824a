package org.toolboxai.agents.internal;

/** Wording the agents' prompts share. */
final class AgentPrompts {

    private AgentPrompts() {
    }

    /** Who the lesson is for, as a teacher would say it: "grade 7 learners", "kindergarten children". */
    static String learners(ContentBrief brief) {
        return switch (brief.gradeLevel()) {
            case "K" -> "kindergarten children";
            case "university" -> "university students";
            default -> "grade " + brief.gradeLevel() + " learners";
        };
    }
}
