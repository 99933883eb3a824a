package org.toolboxai.lms.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.toolboxai.lms.internal.LmsService;

/** {@code toolbox:lms-list}: the installed LMS providers and how each is. */
@Service
@Command(scope = "toolbox", name = "lms-list", description = "List the installed LMS providers, their health and the credentials teachers store for them")
public class LmsListCommand implements Action {

    @Reference
    LmsService lms;

    @Override
    public Object execute() throws Exception {
        ShellTable table = new ShellTable();
        for (String column : new String[] {"Name", "Title", "Health", "Teachers' credentials"}) {
            table.column(column);
        }
        lms.providers("").forEach(p -> table.addRow().addContent(p.name(), p.title(), p.health().status()
                + (p.health().message() == null ? "" : ": " + p.health().message()),
                p.credentialFields().isEmpty() ? "-" : String.join(", ", p.credentialFields())));
        table.print(System.out);
        return null;
    }
}
