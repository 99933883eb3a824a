package org.toolboxai.lms.canvas.internal;

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
import org.toolboxai.api.content.CourseContent;
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
 * The LMS named {@code canvas}: lessons and courses pushed through Canvas's REST API with the
 * teacher's token (or the school's), every request a guarded call of the LMS bundle's connection.
 */
@Component(service = LmsProvider.class, configurationPid = CanvasConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = CanvasConfig.class)
public class CanvasLmsProvider implements LmsProvider {

    static final String NO_TOKEN = "no Canvas token: store yours with PUT /api/v1/lms/canvas/credentials {\"token\": \"...\"} "
            + "(Canvas: Account, Settings, New access token), or ask the administrator to set the school's .token";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private volatile CanvasSettings settings;
    private volatile double lastRemaining = Double.NaN;

    @Activate
    public CanvasLmsProvider(CanvasConfig config, Map<String, Object> properties) {
        modified(config, properties);
    }

    @Modified
    void modified(CanvasConfig config, Map<String, Object> properties) {
        settings = CanvasSettings.of(config, properties);
    }

    @Override
    public String name() {
        return "canvas";
    }

    @Override
    public String title() {
        return "Canvas LMS";
    }

    @Override
    public List<String> credentialFields() {
        return List.of("token");
    }

    @Override
    public HealthCheck health() {
        CanvasSettings s = settings;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("base_url", s.base() == null ? "-" : s.base().toString());
        details.put("mode", s.cartridge() ? "cartridge" : "modules");
        details.put("school_token", s.schoolToken() != null);
        if (!Double.isNaN(lastRemaining)) {
            details.put("rate_limit_remaining", lastRemaining);
        }
        return s.problems().isEmpty() ? HealthCheck.up(details) : HealthCheck.degraded(String.join("; ", s.problems()), details);
    }

    private CanvasClient client(LmsConnection connection) {
        CanvasSettings s = settings;
        if (!s.problems().isEmpty()) {
            throw new FailureException(Failure.of(FailureKind.PERMANENT, "canvas is not configured: " + String.join("; ", s.problems())));
        }
        String token = connection.credential("token").orElse(s.schoolToken());
        if (token == null) {
            throw new FailureException(Failure.of(FailureKind.AUTHENTICATION, NO_TOKEN));
        }
        return new CanvasClient(http, s.base(), token, s.timeout());
    }

    @Override
    public List<LmsCourse> courses(LmsConnection connection) throws Exception {
        CanvasClient client = client(connection);
        try {
            List<JsonNode> courses = CanvasPush.all(connection, client, "list_courses", "courses?enrollment_type=teacher&include[]=sections");
            List<LmsCourse> list = new ArrayList<>();
            for (JsonNode c : courses) {
                List<LmsCourse.Section> sections = new ArrayList<>();
                c.path("sections").forEach(x -> sections.add(new LmsCourse.Section(x.path("id").asText(), x.path("name").asText())));
                list.add(new LmsCourse(c.path("id").asText(), c.path("name").asText(), c.path("course_code").asText(null),
                        settings.web("courses/" + c.path("id").asText()), sections));
            }
            return list;
        } finally {
            lastRemaining = client.lastRemaining();
        }
    }

    @Override
    public LmsPushResult push(LmsDelivery delivery, LmsConnection connection) throws Exception {
        CanvasClient client = client(connection);
        try {
            return new CanvasPush(client, connection, settings).push(delivery);
        } finally {
            lastRemaining = client.lastRemaining();
        }
    }

    @Override
    public List<LmsObject> readBack(LmsDelivery delivery, LmsConnection connection) throws Exception {
        CanvasClient client = client(connection);
        String course = "courses/" + delivery.target().course();
        CourseContent content = delivery.content();
        List<String> names = new ArrayList<>();
        content.lessons().forEach(l -> names.add(content.course() ? "Lesson " + l.number() + ": " + l.title() : l.title()));
        if (content.course()) {
            names.add(content.title() + ": final assessment");
            names.add(content.title() + ": play in Roblox");
        }
        List<LmsObject> found = new ArrayList<>();
        for (JsonNode module : CanvasPush.all(connection, client, "list_modules", course + "/modules")) {
            if (!names.contains(module.path("name").asText())) {
                continue;
            }
            found.add(new LmsObject("module", module.path("name").asText(), module.path("id").asText(), module.path("name").asText(),
                    settings.web(course + "/modules"), "found"));
            String items = course + "/modules/" + module.path("id").asText() + "/items";
            for (JsonNode item : CanvasPush.all(connection, client, "list_module_items", items)) {
                found.add(new LmsObject(item.path("type").asText().toLowerCase(java.util.Locale.ROOT), module.path("name").asText(),
                        item.path("type").asText().equals("Page") ? item.path("page_url").asText() : item.path("content_id").asText(),
                        item.path("title").asText(), item.path("html_url").asText(null), "found"));
            }
        }
        lastRemaining = client.lastRemaining();
        return found;
    }
}
