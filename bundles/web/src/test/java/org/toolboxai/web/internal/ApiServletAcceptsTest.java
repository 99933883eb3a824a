package org.toolboxai.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.toolboxai.api.http.ApiRoute;

class ApiServletAcceptsTest {

    private static final String JSON = ApiRoute.JSON;
    private static final String CSV = "text/csv";

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "  " })
    void absentAcceptHeaderAdmitsEverything(String accept) {
        assertThat(ApiServlet.accepts(accept, JSON)).isTrue();
        assertThat(ApiServlet.accepts(accept, CSV)).isTrue();
    }

    @Test
    void anyTypeAdmitsEverything() {
        assertThat(ApiServlet.accepts("*/*", JSON)).isTrue();
        assertThat(ApiServlet.accepts("*/*", CSV)).isTrue();
    }

    @Test
    void majorTypeWildcardAdmitsOnlyThatMajorType() {
        assertThat(ApiServlet.accepts("application/*", JSON)).isTrue();
        assertThat(ApiServlet.accepts("text/*", CSV)).isTrue();
        assertThat(ApiServlet.accepts("text/*", JSON)).isFalse();
        assertThat(ApiServlet.accepts("application/*", CSV)).isFalse();
    }

    @Test
    void exactTypeIsAdmittedCaseInsensitively() {
        assertThat(ApiServlet.accepts("application/json", JSON)).isTrue();
        assertThat(ApiServlet.accepts("Application/JSON", JSON)).isTrue();
        assertThat(ApiServlet.accepts("text/csv", "Text/CSV")).isTrue();
    }

    @Test
    void parametersAndWhitespaceAroundARangeAreIgnored() {
        assertThat(ApiServlet.accepts("application/json; charset=utf-8", JSON)).isTrue();
        assertThat(ApiServlet.accepts("text/html ,  application/json ;q=0.5", JSON)).isTrue();
        assertThat(ApiServlet.accepts("application/json;q=1", JSON)).isTrue();
        assertThat(ApiServlet.accepts("application/json;q=0.001", JSON)).isTrue();
    }

    @Test
    void rangeWithZeroQualityIsExcluded() {
        assertThat(ApiServlet.accepts("application/json;q=0", JSON)).isFalse();
        assertThat(ApiServlet.accepts("application/json; q=0.0", JSON)).isFalse();
        assertThat(ApiServlet.accepts("*/*;q=0", JSON)).isFalse();
        assertThat(ApiServlet.accepts("application/*;q=0", JSON)).isFalse();
    }

    @Test
    void zeroQualityExcludesOnlyItsOwnRange() {
        assertThat(ApiServlet.accepts("text/html;q=0, application/json", JSON)).isTrue();
    }

    @Test
    void unparsableQualityIsTreatedAsAcceptable() {
        assertThat(ApiServlet.accepts("application/json;q=abc", JSON)).isTrue();
    }

    @Test
    void problemJsonIsAcceptedForJsonRoutes() {
        assertThat(ApiServlet.accepts("application/problem+json", JSON)).isTrue();
        assertThat(ApiServlet.accepts("application/problem+json;q=0", JSON)).isFalse();
    }

    @Test
    void problemJsonDoesNotAdmitOtherTypes() {
        assertThat(ApiServlet.accepts("application/problem+json", CSV)).isFalse();
    }

    @Test
    void textHtmlIsRejectedForJson() {
        assertThat(ApiServlet.accepts("text/html", JSON)).isFalse();
        assertThat(ApiServlet.accepts("text/html,application/xhtml+xml,application/xml", JSON)).isFalse();
    }

    @Test
    void typicalBrowserHeaderWithWildcardAdmitsJson() {
        assertThat(ApiServlet.accepts("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", JSON))
                .isTrue();
    }

    @Test
    void jsonDoesNotAdmitACsvRoute() {
        assertThat(ApiServlet.accepts("application/json", CSV)).isFalse();
    }

    @Test
    void theMostSpecificRangeDecidesSoAZeroQualityExactTypeBeatsTheWildcard() {
        assertThat(ApiServlet.accepts("application/json;q=0, */*", JSON)).isFalse();
        assertThat(ApiServlet.accepts("application/json;Q=0, */*", JSON)).isFalse();
        assertThat(ApiServlet.accepts("application/json;q=0, */*", CSV)).isTrue();
        assertThat(ApiServlet.accepts("*/*;q=0, application/json", JSON)).isTrue();
    }
}
