package org.toolboxai.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An error the container raises gets its status's reason phrase as the problem's title. */
class FallbackServletTitleTest {

    @Test
    void eachStatusGetsItsOwnTitle() {
        assertThat(FallbackServlet.title(404)).isEqualTo("Not Found");
        assertThat(FallbackServlet.title(405)).isEqualTo("Method Not Allowed");
        assertThat(FallbackServlet.title(413)).isEqualTo("Content Too Large");
        assertThat(FallbackServlet.title(400)).isEqualTo("Bad Request");
        assertThat(FallbackServlet.title(418)).isEqualTo("Bad Request");
        assertThat(FallbackServlet.title(503)).isEqualTo("Service Unavailable");
        assertThat(FallbackServlet.title(500)).isEqualTo("Internal Server Error");
    }
}
