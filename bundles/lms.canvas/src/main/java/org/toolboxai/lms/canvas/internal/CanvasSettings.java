package org.toolboxai.lms.canvas.internal;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The canvas provider's settings as one immutable value, swapped whole when the configuration
 * changes. The school's token (when there is one) is only here and in requests to the Canvas host.
 *
 * @param base          the Canvas root, e.g. {@code https://school.instructure.com}, or {@code null} when unset
 * @param schoolToken   the token used for teachers who stored none, or {@code null}
 * @param timeout       per request
 * @param publish       whether pushed modules, pages and quizzes are published at once
 * @param cartridge     import the Common Cartridge through a content migration instead of building modules
 * @param migrationWait how long to wait for Canvas to import a cartridge
 * @param problems      what is wrong with the configuration, in words (empty: nothing)
 */
record CanvasSettings(URI base, String schoolToken, Duration timeout, boolean publish, boolean cartridge, Duration migrationWait,
        List<String> problems) {

    static CanvasSettings of(CanvasConfig config, Map<String, Object> properties) {
        List<String> problems = new ArrayList<>();
        URI base = null;
        String url = config.base_url() == null ? "" : config.base_url().trim().replaceAll("/+$", "");
        if (url.isEmpty()) {
            problems.add("base.url is not set (the school's Canvas, e.g. https://school.instructure.com)");
        } else {
            try {
                base = URI.create(url);
                if (!List.of("https", "http").contains(String.valueOf(base.getScheme())) || base.getHost() == null) {
                    problems.add("base.url " + url + " is not an http(s) address");
                    base = null;
                } else if (base.getScheme().equals("http") && !List.of("127.0.0.1", "localhost", "::1").contains(base.getHost())) {
                    problems.add("base.url " + url + " is plain http: tokens would cross the network unencrypted; use https");
                    base = null;
                }
            } catch (IllegalArgumentException e) {
                problems.add("base.url " + url + " is not an address: " + e.getMessage());
            }
        }
        Object raw = properties == null ? null : properties.get(CanvasConfig.TOKEN);
        String token = raw == null ? config._token() : raw.toString();
        token = token == null || token.isBlank() || token.startsWith("${env:") ? null : token.trim();
        String mode = config.mode() == null ? "modules" : config.mode().trim();
        if (!List.of("modules", "cartridge").contains(mode)) {
            problems.add("mode " + mode + " is neither modules nor cartridge");
        }
        return new CanvasSettings(base, token, Duration.ofSeconds(Math.max(1, config.timeout_seconds())), config.publish(),
                mode.equals("cartridge"), Duration.ofSeconds(Math.max(5, config.migration_wait_seconds())), List.copyOf(problems));
    }

    /** Without the school's token: a record would print it. */
    @Override
    public String toString() {
        return "CanvasSettings[base=" + base + ", schoolToken=" + (schoolToken == null ? "none" : "set") + ", timeout=" + timeout
                + ", publish=" + publish + ", cartridge=" + cartridge + ", problems=" + problems + "]";
    }

    /** A page of the Canvas web site, e.g. {@code courses/12/modules}. */
    String web(String path) {
        return base == null ? null : base + "/" + path;
    }
}
