package org.toolboxai.example.flashcards.command;

import java.util.Optional;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.toolboxai.example.flashcards.internal.Card;
import org.toolboxai.example.flashcards.internal.Deck;
import org.toolboxai.example.flashcards.internal.DeckStore;

/** {@code toolbox:flashcards [RUN-ID]}: the saved decks, or one deck's cards. */
@Service
@Command(scope = "toolbox", name = "flashcards", description = "List flashcard decks, or show one deck's cards")
public class FlashcardsCommand implements Action {

    @Reference
    DeckStore decks;

    @Argument(index = 0, name = "run-id", description = "the run that made the deck", required = false)
    String runId;

    @Override
    public Object execute() throws Exception {
        ShellTable table = new ShellTable();
        if (runId == null) {
            table.column("Run");
            table.column("Title");
            table.column("Owner");
            table.column("Cards");
            for (Deck deck : decks.list(null, 200)) {
                table.addRow().addContent(deck.runId(), deck.title(), deck.owner(), deck.cardCount());
            }
        } else {
            Optional<Deck> deck = decks.find(runId);
            if (deck.isEmpty()) {
                throw new IllegalArgumentException("No flashcard deck " + runId + ".");
            }
            System.out.println(deck.get().title() + " (" + deck.get().cardCount() + " cards)");
            table.column("Term");
            table.column("Definition").maxSize(80);
            for (Card card : deck.get().cards()) {
                table.addRow().addContent(card.front(), card.back());
            }
        }
        table.print(System.out);
        return null;
    }
}
