package org.toolboxai.example.flashcards.internal;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.toolboxai.api.http.ApiEndpoint;
import org.toolboxai.api.http.ApiRequest;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.http.ProblemException;
import org.toolboxai.api.security.Caller;
import org.toolboxai.api.security.Role;

/**
 * {@code GET /api/v1/flashcards} (your decks; an admin sees all) and
 * {@code GET /api/v1/flashcards/{id}} (one deck with its cards). Served while this bundle runs;
 * authentication, JSON and problem details come from the web bundle.
 */
@Component(service = ApiEndpoint.class)
public class FlashcardsEndpoint implements ApiEndpoint {

    /** Answer of {@code GET /api/v1/flashcards}. */
    public record DeckList(List<Deck> decks) {
    }

    private final DeckStore decks;

    /** Serves the decks of the store. */
    @Activate
    public FlashcardsEndpoint(@Reference DeckStore decks) {
        this.decks = decks;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/flashcards", Role.VIEWER, this::list)
                        .described("Your flashcard decks (admins: all), newest first", null, DeckList.class),
                ApiRoute.get("/flashcards/{id}", Role.VIEWER, this::one)
                        .described("One deck with its cards, by the id of the run that made it", null, Deck.class));
    }

    private ApiResponse list(ApiRequest request) throws Exception {
        Caller caller = request.requireCaller();
        String owner = caller.role() == Role.ADMIN ? null : caller.name();
        return ApiResponse.ok(new DeckList(decks.list(owner, 200)));
    }

    private ApiResponse one(ApiRequest request) throws Exception {
        Caller caller = request.requireCaller();
        String id = request.pathParam("id");
        // someone else's deck is as absent as a deck that does not exist
        return decks.find(id)
                .filter(deck -> caller.role() == Role.ADMIN || deck.owner().equals(caller.name()))
                .map(ApiResponse::ok)
                .orElseThrow(() -> ProblemException.notFound("No flashcard deck " + id + "."));
    }
}
