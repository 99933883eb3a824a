package org.toolboxai.sparc.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.toolboxai.sparc.internal.SparcService;
import org.toolboxai.sparc.internal.Wire;

/** {@code toolbox:sparc-items [BANK]}: the item banks, or one bank's items with exposure, calibration and fit. */
@Service
@Command(scope = "toolbox", name = "sparc-items", description = "List SPARC item banks, or one bank's items with exposure, calibration and fit")
public class SparcItemsCommand implements Action {

    @Reference
    SparcService sparc;

    @Argument(index = 0, name = "bank", description = "the bank (subject), e.g. mathematics", required = false)
    String bank;

    @Override
    public Object execute() throws Exception {
        ShellTable table = new ShellTable();
        if (bank == null) {
            table.column("Bank");
            table.column("Items");
            sparc.banks().banks().forEach(b -> table.addRow().addContent(b.bank(), b.items()));
            table.print(System.out);
            return null;
        }
        Wire.BankStats stats = sparc.bank(bank);
        System.out.println(stats.bank() + ": " + stats.items() + " items, " + stats.sessions() + " sessions, " + stats.answers()
                + " answers; calibrated by IRT " + stats.calibratedIrt() + ", by Elo " + stats.calibratedElo() + "; max exposure "
                + SparcStudentCommand.f(stats.maxExposure()));
        table.column("Item");
        table.column("Level");
        table.column("b");
        table.column("Calibration");
        table.column("Presented");
        table.column("Answers");
        table.column("p");
        table.column("Infit");
        table.column("Outfit");
        for (Wire.ItemStats i : stats.list()) {
            table.addRow().addContent(i.id(), i.level(), SparcStudentCommand.f(i.b()), i.calibration(), i.presented(), i.responses(),
                    i.pValue() == null ? "-" : SparcStudentCommand.f(i.pValue()),
                    i.infit() == null ? "-" : SparcStudentCommand.f(i.infit()), i.outfit() == null ? "-" : SparcStudentCommand.f(i.outfit()));
        }
        table.print(System.out);
        return null;
    }
}
