package org.toolboxai.coordinator.content.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.toolboxai.api.content.ContentService;
import org.toolboxai.api.content.ContentVersion;
import org.toolboxai.api.workflow.WorkflowException;

/** The version history of a lesson package, as {@code GET /api/v1/content/{id}/versions}. */
@Service
@Command(scope = "toolbox", name = "content-versions", description = "List the versions of a lesson package (generated, then each edit)")
public class ContentVersionsCommand implements Action {

    @Reference
    ContentService content;

    @Argument(index = 0, name = "id", required = true, description = "the content id")
    String id;

    @Override
    public Object execute() {
        try {
            var versions = content.versions(id, null);
            if (versions.isEmpty()) {
                System.out.println("Content " + id + " has no package yet.");
                return null;
            }
            System.out.printf("%-8s %-24s %-20s %s%n", "VERSION", "CREATED", "AUTHOR", "QUALITY");
            for (ContentVersion v : versions) {
                System.out.printf("%-8d %-24s %-20s %s%n", v.number(), v.createdAt(), v.author(), v.passed() ? "passed" : "FAILED");
            }
            return null;
        } catch (WorkflowException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
