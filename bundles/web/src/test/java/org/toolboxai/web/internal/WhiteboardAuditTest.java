package org.toolboxai.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.osgi.service.http.runtime.dto.ErrorPageDTO;
import org.osgi.service.http.runtime.dto.RuntimeDTO;
import org.osgi.service.http.runtime.dto.ServletContextDTO;
import org.osgi.service.http.runtime.dto.ServletDTO;

class WhiteboardAuditTest {

    private static final long S = 1_000_000_000L;
    private static final WhiteboardAudit.Registered API = new WhiteboardAudit.Registered(11, "ApiServlet", "toolbox-api");
    private static final WhiteboardAudit.Registered FALLBACK = new WhiteboardAudit.Registered(12, "FallbackServlet", "toolbox-fallback");

    @Test
    void aServletTheRuntimeServesIsNeverRegisteredAgain() {
        WhiteboardAudit audit = new WhiteboardAudit(Duration.ofSeconds(5), 5);
        for (long t = 0; t < 100; t++) {
            assertEquals(List.of(), audit.lost(List.of(API, FALLBACK), Set.of(11L, 12L), t * S));
        }
    }

    @Test
    void aServletMissingLongerThanTheGraceIsRegisteredAgainOnce() {
        WhiteboardAudit audit = new WhiteboardAudit(Duration.ofSeconds(5), 5);
        assertEquals(List.of(), audit.lost(List.of(API, FALLBACK), Set.of(12L), 0));
        assertEquals(List.of(), audit.lost(List.of(API, FALLBACK), Set.of(12L), 4 * S), "still within the grace");
        assertEquals(List.of(API), audit.lost(List.of(API, FALLBACK), Set.of(12L), 5 * S));
        assertEquals(1, audit.repairs("ApiServlet"));
        // the component registers anew under a new service id, which the runtime serves
        WhiteboardAudit.Registered again = new WhiteboardAudit.Registered(21, "ApiServlet", "toolbox-api");
        assertEquals(List.of(), audit.lost(List.of(again, FALLBACK), Set.of(21L, 12L), 7 * S));
        assertEquals(List.of(), audit.lost(List.of(again, FALLBACK), Set.of(21L, 12L), 60 * S));
        assertEquals(0, audit.repairs("FallbackServlet"));
    }

    @Test
    void aServletThatComesBackWithinTheGraceIsLeftAlone() {
        WhiteboardAudit audit = new WhiteboardAudit(Duration.ofSeconds(5), 5);
        assertEquals(List.of(), audit.lost(List.of(API), Set.of(), 0));
        assertEquals(List.of(), audit.lost(List.of(API), Set.of(11L), 3 * S));
        // missing again: the grace starts over
        assertEquals(List.of(), audit.lost(List.of(API), Set.of(), 4 * S));
        assertEquals(List.of(), audit.lost(List.of(API), Set.of(), 8 * S));
        assertEquals(List.of(API), audit.lost(List.of(API), Set.of(), 9 * S));
    }

    @Test
    void attemptsAreBoundedAndTheGraceDoublesAfterEach() {
        WhiteboardAudit audit = new WhiteboardAudit(Duration.ofSeconds(1), 3);
        long t = 0;
        int attempts = 0;
        long lastAttempt = 0;
        long previousGap = 0;
        for (; t < 1000; t++) {
            // the runtime never serves it, and each attempt gives the servlet a new service id
            WhiteboardAudit.Registered current = new WhiteboardAudit.Registered(100 + attempts, "ApiServlet", "toolbox-api");
            if (!audit.lost(List.of(current), Set.of(), t * S).isEmpty()) {
                attempts++;
                long gap = t - lastAttempt;
                assertTrue(gap > previousGap, "the wait grows: " + gap + " after " + previousGap);
                previousGap = gap;
                lastAttempt = t;
            }
        }
        assertEquals(3, attempts);
        assertEquals(3, audit.repairs("ApiServlet"));
    }

    @Test
    void servedIdsComeFromServletsAndErrorPagesOfEveryContext() {
        RuntimeDTO dto = new RuntimeDTO();
        ServletContextDTO root = new ServletContextDTO();
        ServletDTO api = new ServletDTO();
        api.serviceId = 11;
        root.servletDTOs = new ServletDTO[] {api};
        ErrorPageDTO errors = new ErrorPageDTO();
        errors.serviceId = 12;
        root.errorPageDTOs = new ErrorPageDTO[] {errors};
        ServletContextDTO other = new ServletContextDTO();
        ServletDTO elsewhere = new ServletDTO();
        elsewhere.serviceId = 30;
        other.servletDTOs = new ServletDTO[] {elsewhere};
        dto.servletContextDTOs = new ServletContextDTO[] {root, other};
        assertEquals(Set.of(11L, 12L, 30L), WhiteboardWatch.served(dto));
        assertEquals(Set.of(), WhiteboardWatch.served(new RuntimeDTO()));
    }
}
