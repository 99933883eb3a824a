package org.toolboxai.web.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which handshakes count as coming from the server's own pages, for Basic credentials on /ws. */
class LiveHandshakeTest {

    @Test
    void noOriginIsNotABrowserPageAndTheSameHostAndPortIsTheSameOrigin() {
        assertTrue(LiveHandshake.sameOrigin(null, "127.0.0.1:8008"));
        assertTrue(LiveHandshake.sameOrigin("http://127.0.0.1:8008", "127.0.0.1:8008"));
        assertTrue(LiveHandshake.sameOrigin("https://Toolbox.School.example", "toolbox.school.example"));
    }

    @Test
    void anotherHostOrPortOrAnUnreadableOriginIsAnotherOrigin() {
        assertFalse(LiveHandshake.sameOrigin("http://evil.example", "127.0.0.1:8008"));
        assertFalse(LiveHandshake.sameOrigin("http://127.0.0.1:9000", "127.0.0.1:8008"));
        assertFalse(LiveHandshake.sameOrigin("null", "127.0.0.1:8008"));
        assertFalse(LiveHandshake.sameOrigin("http://127.0.0.1:8008", null));
        assertFalse(LiveHandshake.sameOrigin("::not a uri::", "127.0.0.1:8008"));
    }
}
