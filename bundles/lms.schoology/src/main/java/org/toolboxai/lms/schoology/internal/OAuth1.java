package org.toolboxai.lms.schoology.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OAuth 1.0a request signing (RFC 5849) with HMAC-SHA1, as Schoology's two-legged calls use it:
 * the consumer key and secret, an empty token, a fresh nonce and timestamp per request. The
 * signature base string is the method, the URL without its query, and every query and oauth
 * parameter sorted, each part percent-encoded per RFC 3986; the key is
 * {@code secret&tokenSecret}. A JSON body is not signed (only form bodies are, and we send none).
 */
final class OAuth1 {

    private static final SecureRandom RANDOM = new SecureRandom();

    private OAuth1() {
    }

    /** The {@code Authorization} header for a request, with a fresh nonce and the current time. */
    static String header(String method, URI uri, String consumerKey, String consumerSecret) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        return header(method, uri, consumerKey, consumerSecret, "", "", java.util.HexFormat.of().formatHex(nonce),
                String.valueOf(System.currentTimeMillis() / 1000));
    }

    /** The header with a given nonce and timestamp (tests reproduce published signatures with it). */
    static String header(String method, URI uri, String consumerKey, String consumerSecret, String token, String tokenSecret, String nonce,
            String timestamp) {
        Map<String, String> oauth = new TreeMap<>();
        oauth.put("oauth_consumer_key", consumerKey);
        oauth.put("oauth_nonce", nonce);
        oauth.put("oauth_signature_method", "HMAC-SHA1");
        oauth.put("oauth_timestamp", timestamp);
        oauth.put("oauth_token", token);
        oauth.put("oauth_version", "1.0");
        String signature = signature(method, uri, oauth, consumerSecret, tokenSecret);
        StringBuilder h = new StringBuilder("OAuth realm=\"Schoology API\"");
        oauth.forEach((k, v) -> h.append(", ").append(k).append("=\"").append(encode(v)).append('"'));
        return h.append(", oauth_signature=\"").append(encode(signature)).append('"').toString();
    }

    static String signature(String method, URI uri, Map<String, String> oauth, String consumerSecret, String tokenSecret) {
        List<String[]> params = new ArrayList<>();
        oauth.forEach((k, v) -> params.add(new String[] {encode(k), encode(v)}));
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
                params.add(new String[] {encode(k), encode(v)});
            }
        }
        params.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder normalized = new StringBuilder();
        for (String[] p : params) {
            if (normalized.length() > 0) {
                normalized.append('&');
            }
            normalized.append(p[0]).append('=').append(p[1]);
        }
        String base = method.toUpperCase(java.util.Locale.ROOT) + "&" + encode(baseUrl(uri)) + "&" + encode(normalized.toString());
        String key = encode(consumerSecret) + "&" + encode(tokenSecret == null ? "" : tokenSecret);
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available: " + e.getMessage(), e);
        }
    }

    /** scheme://host[:port]/path, lower-case scheme and host, the default port left out. */
    static String baseUrl(URI uri) {
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = uri.getPort();
        boolean standard = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        return scheme + "://" + uri.getHost().toLowerCase(java.util.Locale.ROOT) + (standard ? "" : ":" + port) + uri.getRawPath();
    }

    /** RFC 3986 percent-encoding: everything but letters, digits and -._~ */
    static String encode(String value) {
        StringBuilder b = new StringBuilder();
        for (byte c : value.getBytes(StandardCharsets.UTF_8)) {
            int u = c & 0xff;
            if (u >= 'A' && u <= 'Z' || u >= 'a' && u <= 'z' || u >= '0' && u <= '9' || u == '-' || u == '.' || u == '_' || u == '~') {
                b.append((char) u);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(u >> 4, 16))).append(Character.toUpperCase(Character.forDigit(u & 15, 16)));
            }
        }
        return b.toString();
    }

    private static String decode(String value) {
        return java.net.URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
