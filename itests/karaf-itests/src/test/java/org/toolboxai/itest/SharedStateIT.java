package org.toolboxai.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Shared documents over REST in the distribution, as a teacher and a student use them: created
 * by the teacher, read by the student, written only by the teacher; versions as ETags; a stale
 * write refused (412 with the current version), a write without If-Match asked for one (428);
 * patches in both formats; the merge strategy combining a stale write or listing its conflicts;
 * the history and a rollback; bad input answered with a problem.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SharedStateIT extends ToolboxTestSupport {

    private HttpResponse<String> call(String method, String path, String who, String body, String contentType, String ifMatch)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
        if (who != null) {
            b.header("Authorization", who);
        }
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return send(b);
    }

    private String tom() {
        return basic("tom", TOM_PASSWORD);
    }

    /** A student: the viewer role. */
    private String sam() {
        return basic("sam", SAM_PASSWORD);
    }

    @Test
    public void aTeachersDocumentIsReadByStudentsWrittenByTheTeacherAndGuardedByItsVersion() throws Exception {
        String doc = "/api/v1/state/class-7a.session";
        HttpResponse<String> created = call("PUT", doc, tom(), "{\"lesson\": \"Ratios\", \"step\": 1}", "application/json", null);
        assertEquals(created.body(), 201, created.statusCode());
        assertEquals("\"1\"", created.headers().firstValue("ETag").orElseThrow());
        JsonNode first = json(created);
        assertEquals("tom", first.path("owner").asText());
        assertEquals(64, first.path("checksum").asText().length());

        // a student reads it, and may not write it
        HttpResponse<String> read = call("GET", doc, sam(), null, null, null);
        assertEquals(read.body(), 200, read.statusCode());
        assertEquals("Ratios", json(read).path("content").path("lesson").asText());
        HttpResponse<String> refused = call("PUT", doc, sam(), "{\"lesson\": \"Mine\"}", "application/json", "\"1\"");
        assertEquals(refused.body(), 403, refused.statusCode());
        RuntimeIT.assertProblem(refused, 403);

        HttpResponse<String> second = call("PUT", doc, tom(), "{\"lesson\": \"Ratios\", \"step\": 2}", "application/json", "\"1\"");
        assertEquals(second.body(), 200, second.statusCode());
        assertEquals("\"2\"", second.headers().firstValue("ETag").orElseThrow());

        // stale, and without a version: nothing is written, the answer says what is current
        HttpResponse<String> stale = call("PUT", doc, tom(), "{\"lesson\": \"Old\"}", "application/json", "\"1\"");
        assertEquals(stale.body(), 412, stale.statusCode());
        assertEquals(2, json(stale).path("current").path("version").asInt());
        HttpResponse<String> blind = call("PUT", doc, tom(), "{\"lesson\": \"Blind\"}", "application/json", null);
        assertEquals(blind.body(), 428, blind.statusCode());

        // patches: a merge patch, and a JSON Patch whose test fails (nothing written)
        HttpResponse<String> merged = call("PATCH", doc, tom(), "{\"step\": 3, \"hint\": \"use a table\"}",
                "application/merge-patch+json", "\"2\"");
        assertEquals(merged.body(), 200, merged.statusCode());
        assertEquals(3, json(merged).path("content").path("step").asInt());
        assertEquals("Ratios", json(merged).path("content").path("lesson").asText());
        HttpResponse<String> failedTest = call("PATCH", doc, tom(), "[{\"op\": \"test\", \"path\": \"/step\", \"value\": 9}, "
                + "{\"op\": \"replace\", \"path\": \"/step\", \"value\": 4}]", "application/json-patch+json", "\"3\"");
        assertEquals(failedTest.body(), 422, failedTest.statusCode());
        HttpResponse<String> patched = call("PATCH", doc, tom(), "[{\"op\": \"test\", \"path\": \"/step\", \"value\": 3}, "
                + "{\"op\": \"remove\", \"path\": \"/hint\"}]", "application/json-patch+json", "\"3\"");
        assertEquals(patched.body(), 200, patched.statusCode());
        assertTrue(patched.body(), json(patched).path("content").path("hint").isMissingNode());
        HttpResponse<String> untyped = call("PATCH", doc, tom(), "{\"step\": 5}", "application/json", "\"4\"");
        assertEquals(untyped.body(), 415, untyped.statusCode());

        // the history, newest first, and a rollback that is a new version
        JsonNode history = json(call("GET", doc + "/history", sam(), null, null, null));
        assertEquals(history.toString(), 4, history.path("versions").size());
        assertEquals(4, history.path("versions").get(0).path("version").asInt());
        HttpResponse<String> rolledBack = call("POST", doc + "/rollback?version=1", tom(), null, null, null);
        assertEquals(rolledBack.body(), 200, rolledBack.statusCode());
        assertEquals(5, json(rolledBack).path("version").asInt());
        assertEquals(1, json(rolledBack).path("content").path("step").asInt());
        assertEquals(first.path("checksum").asText(), json(rolledBack).path("checksum").asText());

        // the administrator's view in the shell
        String shown = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> executeCommand("toolbox:state class-7a.session"), out -> out.contains("version 5 by tom"));
        assertTrue(shown, shown.contains("rollback") && shown.contains("\"step\" : 1"));
        String versions = executeCommand("toolbox:state-history class-7a.session");
        assertTrue(versions, versions.contains("rollback") && versions.contains("patch") && versions.contains("put"));
    }

    @Test
    public void underTheMergeStrategyAStaleWriteIsMergedOrItsConflictsListed() throws Exception {
        String doc = "/api/v1/state/course-draft.7?strategy=merge&writers=*";
        HttpResponse<String> created = call("PUT", doc, tom(), "{\"title\": \"Ratios\", \"minutes\": 30, \"notes\": \"\"}",
                "application/json", null);
        assertEquals(created.body(), 201, created.statusCode());
        String path = "/api/v1/state/course-draft.7";
        assertEquals(200, call("PUT", path, tom(), "{\"title\": \"Ratios and rates\", \"minutes\": 30, \"notes\": \"\"}",
                "application/json", "\"1\"").statusCode());

        // sam (a writer by the document's settings) edits another member from version 1: merged
        HttpResponse<String> merged = call("PUT", path, sam(), "{\"title\": \"Ratios\", \"minutes\": 45, \"notes\": \"\"}",
                "application/json", "\"1\"");
        assertEquals(merged.body(), 200, merged.statusCode());
        JsonNode content = json(merged).path("content");
        assertEquals("Ratios and rates", content.path("title").asText());
        assertEquals(45, content.path("minutes").asInt());
        assertEquals("merge", json(merged).path("kind").asText());

        // the same member changed on both sides: 409 with the conflict's path and both values
        HttpResponse<String> conflict = call("PUT", path, sam(), "{\"title\": \"Proportions\", \"minutes\": 30, \"notes\": \"\"}",
                "application/json", "\"1\"");
        assertEquals(conflict.body(), 409, conflict.statusCode());
        JsonNode first = json(conflict).path("conflicts").get(0);
        assertEquals(conflict.body(), "/title", first.path("path").asText());
        assertEquals(3, json(conflict).path("current").path("version").asInt());
    }

    @Test
    public void badInputIsAProblemNeverAStackTrace() throws Exception {
        RuntimeIT.assertProblem(call("GET", "/api/v1/state/Bad%20Name", tom(), null, null, null), 400);
        RuntimeIT.assertProblem(call("GET", "/api/v1/state/no-such-doc", tom(), null, null, null), 404);
        RuntimeIT.assertProblem(call("PUT", "/api/v1/state/x1?strategy=sometimes&max_history=0", tom(), "{}", "application/json", null), 400);
        RuntimeIT.assertProblem(call("PUT", "/api/v1/state/x2", tom(), "{not json", "application/json", null), 400);
        RuntimeIT.assertProblem(call("PUT", "/api/v1/state/x3", tom(), "{}", "application/json", "\"7\""), 412);
        RuntimeIT.assertProblem(call("PUT", "/api/v1/state/x4", tom(), "{}", "application/json", "seven"), 400);
        // students do not create documents
        RuntimeIT.assertProblem(call("PUT", "/api/v1/state/x5", sam(), "{}", "application/json", null), 403);
        RuntimeIT.assertProblem(call("GET", "/api/v1/state/x1", null, null, null, null), 401);
    }
}
