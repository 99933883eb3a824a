import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Events per second through the sync coordinator's bus and delivery latency to many live
 * subscribers of a running distribution, over WebSocket and over Server-Sent Events. Not a
 * test: it prints numbers. One shared document is written EVENTS times (each write is an event
 * on state/NAME); every subscriber follows that topic; the latency of a delivery is the time it
 * arrived minus the time the event was appended to the log (the event's "at", same machine).
 *
 * java LiveBench.java PORT TOKEN [SUBSCRIBERS=1000] [EVENTS=500] [MODE=ws,sse]
 */
public class LiveBench {

    private static final Pattern AT = Pattern.compile("\"at\":(\\d+)");
    private static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String token = args[1];
        int subscribers = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int events = args.length > 3 ? Integer.parseInt(args[3]) : 500;
        List<String> modes = Arrays.asList((args.length > 4 ? args[4] : "ws,sse").split(","));
        String base = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

        System.out.println("| transport | subscribers | events | publish rate (events/s) | deliveries/s | latency p50 | p99 | max | missing |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String mode : modes) {
            String doc = "bench-" + mode + "-" + System.currentTimeMillis();
            put(http, base, token, doc, 0);
            long[] latencies = new long[subscribers * events];
            AtomicLong filled = new AtomicLong();
            CountDownLatch all = new CountDownLatch(subscribers);
            List<AutoCloseable> open = new ArrayList<>();
            CountDownLatch ready = new CountDownLatch(subscribers);
            for (int i = 0; i < subscribers; i++) {
                Receiver r = new Receiver(events, latencies, filled, all);
                if (mode.equals("ws")) {
                    open.add(ws(http, port, token, doc, r, ready));
                } else {
                    open.add(sse(http, base, token, doc, r, ready));
                }
            }
            if (!ready.await(120, TimeUnit.SECONDS)) {
                System.out.println("| " + mode + " | only " + (subscribers - ready.getCount()) + " of " + subscribers + " subscribed in 120 s |");
                continue;
            }
            Thread.sleep(500);
            long start = System.nanoTime();
            for (int v = 1; v <= events; v++) {
                put(http, base, token, doc, v);
            }
            long published = System.nanoTime();
            boolean complete = all.await(120, TimeUnit.SECONDS);
            long end = System.nanoTime();
            long n = filled.get();
            long[] got = Arrays.copyOf(latencies, (int) Math.min(n, latencies.length));
            Arrays.sort(got);
            System.out.printf("| %s | %d | %d | %.0f | %.0f | %d ms | %d ms | %d ms | %d |%n", mode, subscribers, events,
                    events / ((published - start) / 1e9), n / ((end - start) / 1e9), pct(got, 0.50), pct(got, 0.99),
                    got.length == 0 ? -1 : got[got.length - 1], complete ? 0 : (long) subscribers * events - n);
            for (AutoCloseable c : open) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing is best effort
                }
            }
            Thread.sleep(2000);
        }
        System.exit(0);
    }

    private static long pct(long[] sorted, double p) {
        return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }

    /** Writes version {@code v} of the document (0 creates it). */
    private static void put(HttpClient http, String base, String token, String doc, int v) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/v1/state/" + doc)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"n\":" + v + "}"));
        if (v > 0) {
            b.header("If-Match", "\"" + v + "\"");
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("PUT " + doc + " v" + v + ": " + r.statusCode() + " " + r.body());
        }
    }

    /** Counts one subscriber's events and records each delivery's latency. */
    static final class Receiver {
        final int expected;
        final long[] latencies;
        final AtomicLong filled;
        final CountDownLatch all;
        int seen;

        Receiver(int expected, long[] latencies, AtomicLong filled, CountDownLatch all) {
            this.expected = expected;
            this.latencies = latencies;
            this.filled = filled;
            this.all = all;
        }

        void event(String json) {
            long now = System.currentTimeMillis();
            Matcher at = AT.matcher(json);
            Matcher version = VERSION.matcher(json);
            if (!at.find() || !version.find() || Long.parseLong(version.group(1)) < 2) {
                return; // not an event of a write (or the creating version)
            }
            long i = filled.getAndIncrement();
            if (i < latencies.length) {
                latencies[(int) i] = now - Long.parseLong(at.group(1));
            }
            if (++seen == expected) {
                all.countDown();
            }
        }
    }

    private static AutoCloseable ws(HttpClient http, int port, String token, String doc, Receiver r, CountDownLatch ready)
            throws Exception {
        WebSocket socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                    final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            String m = text.toString();
                            text.setLength(0);
                            if (m.startsWith("{\"type\":\"event\"")) {
                                r.event(m);
                            } else if (m.startsWith("{\"type\":\"subscribed\"")) {
                                ready.countDown();
                            }
                        }
                        w.request(1);
                        return null;
                    }
                }).get(30, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"subscribe\",\"topics\":[\"state/" + doc + "\"]}", true).get(30, TimeUnit.SECONDS);
        return () -> socket.abort();
    }

    private static AutoCloseable sse(HttpClient http, String base, String token, String doc, Receiver r, CountDownLatch ready) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/events/stream?topic=state/" + doc))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build();
        Flow.Subscription[] held = new Flow.Subscription[1];
        CompletableFuture<HttpResponse<Void>> response = http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(
                new Flow.Subscriber<String>() {
                    @Override
                    public void onSubscribe(Flow.Subscription s) {
                        held[0] = s;
                        s.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onNext(String line) {
                        if (line.startsWith("retry:")) {
                            ready.countDown();
                        } else if (line.startsWith("data: ")) {
                            r.event(line);
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onComplete() {
                    }
                }));
        return () -> {
            if (held[0] != null) {
                held[0].cancel();
            }
            response.cancel(true);
        };
    }
}
