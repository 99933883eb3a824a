package org.toolboxai.lms.schoology.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.failure.FailureException;
import org.toolboxai.api.failure.FailureKind;
import org.toolboxai.api.health.HealthCheck;
import org.toolboxai.api.lms.LmsConnection;
import org.toolboxai.api.lms.LmsCourse;
import org.toolboxai.api.lms.LmsDelivery;
import org.toolboxai.api.lms.LmsObject;
import org.toolboxai.api.lms.LmsProvider;
import org.toolboxai.api.lms.LmsPushResult;

/**
 * The LMS named {@code schoology}: lessons and courses as assignments in a Schoology section,
 * through its REST API with the teacher's API key and secret (or the school's), every request a
 * guarded call of the LMS bundle's connection.
 */
@Component(service = LmsProvider.class, configurationPid = SchoologyConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SchoologyConfig.class)
public class SchoologyLmsProvider implements LmsProvider {

    static final String NO_KEYS = "no Schoology API key: store yours with PUT /api/v1/lms/schoology/credentials "
            + "{\"consumer_key\": \"...\", \"consumer_secret\": \"...\"} (Schoology: your account, API), or ask the administrator "
            + "to set the school's consumer.key and .consumer.secret";

    /**
     * The settings as one value.
     *
     * @param api      the API root
     * @param web      the web site, for links
     * @param key      the school's consumer key, or {@code null}
     * @param secret   the school's consumer secret, or {@code null}
     * @param publish  publish at once
     * @param timeout  per request
     * @param problems what is wrong, in words
     */
    record Settings(URI api, String web, String key, String secret, boolean publish, Duration timeout, List<String> problems) {

        /** Without the school's secret: a record would print it. */
        @Override
        public String toString() {
            return "Settings[api=" + api + ", web=" + web + ", key=" + (key == null ? "none" : "set") + ", secret="
                    + (secret == null ? "none" : "set") + ", publish=" + publish + ", problems=" + problems + "]";
        }

        static Settings of(SchoologyConfig c, Map<String, Object> properties) {
            List<String> problems = new ArrayList<>();
            URI api = null;
            String url = c.api_url() == null ? "" : c.api_url().trim().replaceAll("/+$", "");
            try {
                api = URI.create(url);
                if (api.getHost() == null || !List.of("https", "http").contains(String.valueOf(api.getScheme()))) {
                    problems.add("api.url " + url + " is not an http(s) address");
                    api = null;
                } else if (api.getScheme().equals("http") && !List.of("127.0.0.1", "localhost", "::1").contains(api.getHost())) {
                    problems.add("api.url " + url + " is plain http: keys would be signed over an unencrypted network; use https");
                    api = null;
                }
            } catch (IllegalArgumentException e) {
                problems.add("api.url " + url + " is not an address");
            }
            Object raw = properties == null ? null : properties.get(SchoologyConfig.SECRET);
            String secret = raw == null ? c._consumer_secret() : raw.toString();
            secret = secret == null || secret.isBlank() || secret.startsWith("${env:") ? null : secret.trim();
            String key = c.consumer_key() == null || c.consumer_key().isBlank() ? null : c.consumer_key().trim();
            return new Settings(api, c.web_url() == null ? "" : c.web_url().trim().replaceAll("/+$", ""), key, secret, c.publish(),
                    Duration.ofSeconds(Math.max(1, c.timeout_seconds())), List.copyOf(problems));
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private volatile Settings settings;

    @Activate
    public SchoologyLmsProvider(SchoologyConfig config, Map<String, Object> properties) {
        modified(config, properties);
    }

    @Modified
    void modified(SchoologyConfig config, Map<String, Object> properties) {
        settings = Settings.of(config, properties);
    }

    @Override
    public String name() {
        return "schoology";
    }

    @Override
    public String title() {
        return "Schoology";
    }

    @Override
    public List<String> credentialFields() {
        return List.of("consumer_key", "consumer_secret");
    }

    @Override
    public HealthCheck health() {
        Settings s = settings;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("api_url", s.api() == null ? "-" : s.api().toString());
        details.put("school_key", s.key() != null && s.secret() != null);
        return s.problems().isEmpty() ? HealthCheck.up(details) : HealthCheck.degraded(String.join("; ", s.problems()), details);
    }

    private SchoologyClient client(LmsConnection connection) {
        Settings s = settings;
        if (!s.problems().isEmpty()) {
            throw new FailureException(Failure.of(FailureKind.PERMANENT, "schoology is not configured: " + String.join("; ", s.problems())));
        }
        String key = connection.credential("consumer_key").orElse(null);
        String secret = connection.credential("consumer_secret").orElse(null);
        if (key == null || secret == null) {
            key = s.key();
            secret = s.secret();
        }
        if (key == null || secret == null) {
            throw new FailureException(Failure.of(FailureKind.AUTHENTICATION, NO_KEYS));
        }
        return new SchoologyClient(http, s.api(), key, secret, s.timeout());
    }

    @Override
    public List<LmsCourse> courses(LmsConnection connection) throws Exception {
        SchoologyClient client = client(connection);
        JsonNode me = connection.call("me", (s, a) -> client.get("users/me"));
        String uid = me.path("id").asText();
        List<JsonNode> sections = SchoologyPush.all(connection, client, "list_sections", "users/" + uid + "/sections", "section");
        Map<String, List<LmsCourse.Section>> byCourse = new LinkedHashMap<>();
        Map<String, JsonNode> first = new LinkedHashMap<>();
        for (JsonNode x : sections) {
            String course = x.path("course_id").asText();
            first.putIfAbsent(course, x);
            byCourse.computeIfAbsent(course, k -> new ArrayList<>()).add(new LmsCourse.Section(x.path("id").asText(), x.path("section_title").asText()));
        }
        List<LmsCourse> courses = new ArrayList<>();
        byCourse.forEach((id, list) -> courses.add(new LmsCourse(id, first.get(id).path("course_title").asText(),
                first.get(id).path("course_code").asText(null), settings.web() + "/course/" + id, list)));
        return courses;
    }

    @Override
    public LmsPushResult push(LmsDelivery delivery, LmsConnection connection) throws Exception {
        return new SchoologyPush(client(connection), connection, settings).push(delivery);
    }

    @Override
    public List<LmsObject> readBack(LmsDelivery delivery, LmsConnection connection) throws Exception {
        SchoologyClient client = client(connection);
        String section = SchoologyPush.section(delivery);
        List<String> titles = SchoologyPush.titles(delivery.content());
        List<LmsObject> found = new ArrayList<>();
        for (JsonNode a : SchoologyPush.all(connection, client, "list_assignments", "sections/" + section + "/assignments", "assignment")) {
            if (titles.contains(a.path("title").asText())) {
                found.add(new LmsObject("assignment", a.path("title").asText(), a.path("id").asText(), a.path("title").asText(),
                        settings.web() + "/assignment/" + a.path("id").asText(), "found"));
            }
        }
        return found;
    }
}
