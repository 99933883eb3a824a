package org.toolboxai.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.http.ApiHandler;
import org.toolboxai.api.http.ApiResponse;
import org.toolboxai.api.http.ApiRoute;
import org.toolboxai.api.security.Role;

class RouteTableTest {

    private static final ApiHandler OK = request -> ApiResponse.noContent();

    private final RouteTable table = new RouteTable();
    private final Object owner = new Object();

    private static ApiRoute route(String method, String path) {
        return new ApiRoute(method, path, Role.VIEWER, OK);
    }

    @Test
    void literalPathMatchesWithNoParams() {
        ApiRoute health = route("GET", "/health");
        table.add(owner, List.of(health));

        RouteTable.Result result = table.match("GET", "/health");

        assertThat(result).isEqualTo(new RouteTable.Found(health, Map.of()));
    }

    @Test
    void paramSegmentCapturesTheActualValue() {
        ApiRoute byId = route("GET", "/tokens/{id}");
        table.add(owner, List.of(byId));

        RouteTable.Result result = table.match("GET", "/tokens/a1b2c3");

        assertThat(result).isInstanceOf(RouteTable.Found.class);
        RouteTable.Found found = (RouteTable.Found) result;
        assertThat(found.route()).isSameAs(byId);
        assertThat(found.params()).containsExactly(Map.entry("id", "a1b2c3"));
    }

    @Test
    void severalParamsAreAllCaptured() {
        table.add(owner, List.of(route("GET", "/courses/{course}/quizzes/{quiz}")));

        RouteTable.Found found = (RouteTable.Found) table.match("GET", "/courses/c7/quizzes/q9");

        assertThat(found.params()).containsOnly(Map.entry("course", "c7"), Map.entry("quiz", "q9"));
    }

    @Test
    void literalSegmentWinsOverParamRegardlessOfRegistrationOrder() {
        ApiRoute byId = route("GET", "/tokens/{id}");
        ApiRoute current = route("GET", "/tokens/current");
        table.add(owner, List.of(byId));
        table.add(new Object(), List.of(current));

        assertThat(((RouteTable.Found) table.match("GET", "/tokens/current")).route()).isSameAs(current);
        assertThat(((RouteTable.Found) table.match("GET", "/tokens/other")).route()).isSameAs(byId);
    }

    @Test
    void paramRouteWithTheRightMethodIsFoundWhenTheLiteralRouteHasAnotherMethod() {
        ApiRoute getById = route("GET", "/tokens/{id}");
        table.add(owner, List.of(route("DELETE", "/tokens/current"), getById));

        RouteTable.Found found = (RouteTable.Found) table.match("GET", "/tokens/current");

        assertThat(found.route()).isSameAs(getById);
        assertThat(found.params()).containsExactly(Map.entry("id", "current"));
    }

    @Test
    void unknownPathIsNotFound() {
        table.add(owner, List.of(route("GET", "/health")));

        assertThat(table.match("GET", "/nothing")).isInstanceOf(RouteTable.NotFound.class);
        assertThat(table.match("GET", "/health/extra")).isInstanceOf(RouteTable.NotFound.class);
        assertThat(table.match("GET", "/")).isInstanceOf(RouteTable.NotFound.class);
    }

    @Test
    void emptyTableFindsNothing() {
        assertThat(table.size()).isZero();
        assertThat(table.match("GET", "/health")).isInstanceOf(RouteTable.NotFound.class);
    }

    @Test
    void knownPathWithWrongMethodIsMethodNotAllowedListingAllowedMethodsSorted() {
        table.add(owner, List.of(route("POST", "/tokens"), route("GET", "/tokens"), route("DELETE", "/tokens/{id}")));

        RouteTable.Result result = table.match("PUT", "/tokens");

        assertThat(result).isInstanceOf(RouteTable.MethodNotAllowed.class);
        assertThat(((RouteTable.MethodNotAllowed) result).allowed()).containsExactly("GET", "POST");
    }

    @Test
    void methodNotAllowedCollectsMethodsOfLiteralAndParamRoutesMatchingThePath() {
        table.add(owner, List.of(route("DELETE", "/tokens/{id}"), route("GET", "/tokens/current")));

        RouteTable.Result result = table.match("PATCH", "/tokens/current");

        assertThat(((RouteTable.MethodNotAllowed) result).allowed()).containsExactly("DELETE", "GET");
    }

    @Test
    void trailingSlashIsIgnored() {
        ApiRoute tokens = route("GET", "/tokens");
        ApiRoute byId = route("GET", "/tokens/{id}");
        table.add(owner, List.of(tokens, byId));

        assertThat(((RouteTable.Found) table.match("GET", "/tokens/")).route()).isSameAs(tokens);
        assertThat(((RouteTable.Found) table.match("GET", "/tokens//")).route()).isSameAs(tokens);
        RouteTable.Found found = (RouteTable.Found) table.match("GET", "/tokens/abc/");
        assertThat(found.route()).isSameAs(byId);
        assertThat(found.params()).containsExactly(Map.entry("id", "abc"));
    }

    @Test
    void trailingSlashInTheTemplateIsIgnoredToo() {
        ApiRoute tokens = route("GET", "/tokens/");
        table.add(owner, List.of(tokens));

        assertThat(((RouteTable.Found) table.match("GET", "/tokens")).route()).isSameAs(tokens);
    }

    @Test
    void rootRouteMatchesTheEmptyPathAndSlash() {
        ApiRoute root = route("GET", "/");
        table.add(owner, List.of(root));

        assertThat(((RouteTable.Found) table.match("GET", "")).route()).isSameAs(root);
        assertThat(((RouteTable.Found) table.match("GET", "/")).route()).isSameAs(root);
    }

    @Test
    void emptySegmentDoesNotFillAParam() {
        table.add(owner, List.of(route("GET", "/tokens/{id}/uses")));

        assertThat(table.match("GET", "/tokens//uses")).isInstanceOf(RouteTable.NotFound.class);
    }

    @Test
    void duplicateMethodAndPathFromAnotherOwnerIsIgnored() {
        ApiRoute first = route("GET", "/tokens");
        ApiRoute second = route("GET", "/tokens");
        table.add(owner, List.of(first));
        table.add(new Object(), List.of(second));

        assertThat(table.size()).isEqualTo(1);
        assertThat(((RouteTable.Found) table.match("GET", "/tokens")).route()).isSameAs(first);
    }

    @Test
    void aShadowedRouteIsServedWhenTheEndpointServingItLeaves() {
        ApiRoute first = route("GET", "/tokens");
        ApiRoute second = route("GET", "/tokens");
        Object other = new Object();
        table.add(owner, List.of(first), Map.of("service.id", 7L));
        table.add(other, List.of(second), Map.of("service.id", 9L));

        table.remove(owner);

        assertThat(table.size()).isEqualTo(1);
        assertThat(((RouteTable.Found) table.match("GET", "/tokens")).route()).isSameAs(second);
    }

    @Test
    void aBetterRankedEndpointTakesARouteOverAndGivesItBack() {
        ApiRoute old = route("GET", "/tokens/{id}");
        ApiRoute preferred = route("GET", "/tokens/{name}");
        Object other = new Object();
        table.add(owner, List.of(old), Map.of("service.id", 7L));
        table.add(other, List.of(preferred), Map.of("service.id", 9L, "service.ranking", 5));

        RouteTable.Found found = (RouteTable.Found) table.match("GET", "/tokens/x");
        assertThat(found.route()).isSameAs(preferred);
        assertThat(found.params()).containsOnlyKeys("name");

        table.remove(other);
        assertThat(((RouteTable.Found) table.match("GET", "/tokens/x")).route()).isSameAs(old);
    }

    @Test
    void routesDifferingOnlyInParamNameAreDuplicates() {
        ApiRoute byId = route("GET", "/tokens/{id}");
        table.add(owner, List.of(byId, route("GET", "/tokens/{name}")));

        assertThat(table.size()).isEqualTo(1);
        RouteTable.Found found = (RouteTable.Found) table.match("GET", "/tokens/x");
        assertThat(found.route()).isSameAs(byId);
        assertThat(found.params()).containsOnlyKeys("id");
    }

    @Test
    void samePathWithAnotherMethodIsNotADuplicate() {
        table.add(owner, List.of(route("GET", "/tokens")));
        table.add(new Object(), List.of(route("POST", "/tokens")));

        assertThat(table.size()).isEqualTo(2);
        assertThat(table.match("POST", "/tokens")).isInstanceOf(RouteTable.Found.class);
    }

    @Test
    void duplicateDoesNotStopTheOwnersOtherRoutes() {
        table.add(owner, List.of(route("GET", "/tokens")));
        Object other = new Object();
        ApiRoute fresh = route("GET", "/components");
        table.add(other, List.of(route("GET", "/tokens"), fresh));

        assertThat(table.size()).isEqualTo(2);
        assertThat(((RouteTable.Found) table.match("GET", "/components")).route()).isSameAs(fresh);
    }

    @Test
    void removeDropsEveryRouteOfThatOwnerOnly() {
        Object other = new Object();
        ApiRoute health = route("GET", "/health");
        table.add(owner, List.of(route("GET", "/tokens"), route("POST", "/tokens"), route("DELETE", "/tokens/{id}")));
        table.add(other, List.of(health));

        table.remove(owner);

        assertThat(table.size()).isEqualTo(1);
        assertThat(table.match("GET", "/tokens")).isInstanceOf(RouteTable.NotFound.class);
        assertThat(table.match("DELETE", "/tokens/x")).isInstanceOf(RouteTable.NotFound.class);
        assertThat(((RouteTable.Found) table.match("GET", "/health")).route()).isSameAs(health);
    }

    @Test
    void removeUsesIdentityNotEquality() {
        table.add("owner", List.of(route("GET", "/health")));

        table.remove(new String("owner"));

        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void removedPathCanBeServedByAnotherOwnerAfterwards() {
        table.add(owner, List.of(route("GET", "/tokens")));
        table.remove(owner);
        ApiRoute replacement = route("GET", "/tokens");
        table.add(new Object(), List.of(replacement));

        assertThat(((RouteTable.Found) table.match("GET", "/tokens")).route()).isSameAs(replacement);
    }

    @Test
    void methodIsMatchedCaseSensitivelyAgainstTheUpperCasedRouteMethod() {
        ApiRoute lower = route("get", "/health");
        table.add(owner, List.of(lower));

        assertThat(((RouteTable.Found) table.match("GET", "/health")).route()).isSameAs(lower);
    }
}
