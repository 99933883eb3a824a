package org.toolboxai.coordinator.resource.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Use of each external service on this node over the last hour, a minute at a time: calls granted,
 * calls that waited for a limit and how long, refusals by a rate limit or a budget, calls that
 * failed (their reservation released) or settled, and what they cost. From it, and from the day's
 * budgets, plain-language recommendations: a limit that made calls wait or refused them for most of
 * the last hour, a budget on track to run out before the day ends, a provider failing so often
 * that its fallback is the better deal.
 */
final class Monitor {

    static final int MINUTES = 60;

    /** One minute of one service. */
    record Minute(Instant at, long granted, long waited, long waitMillis, long refusedByLimit, long refusedByBudget, long failed,
            long settled, long costMicros) {

        boolean limited() {
            return waited > 0 || refusedByLimit > 0;
        }
    }

    private static final class Ring {
        final long[][] counts = new long[MINUTES][8];
        long minute = -1;

        void advance(long now) {
            if (minute < 0 || now - minute >= MINUTES) {
                for (long[] c : counts) {
                    Arrays.fill(c, 0);
                }
            } else {
                for (long m = minute + 1; m <= now; m++) {
                    Arrays.fill(counts[(int) (m % MINUTES)], 0);
                }
            }
            minute = Math.max(minute, now);
        }
    }

    private static final int GRANTED = 0;
    private static final int WAITED = 1;
    private static final int WAIT_MILLIS = 2;
    private static final int REFUSED_LIMIT = 3;
    private static final int REFUSED_BUDGET = 4;
    private static final int FAILED = 5;
    private static final int SETTLED = 6;
    private static final int COST = 7;

    private final Clock clock;
    private final Map<String, Ring> rings = new ConcurrentHashMap<>();

    Monitor(Clock clock) {
        this.clock = clock;
    }

    void granted(String service, Duration waited) {
        add(service, GRANTED, 1);
        if (!waited.isZero()) {
            add(service, WAITED, 1);
            add(service, WAIT_MILLIS, waited.toMillis());
        }
    }

    void refusedByLimit(String service) {
        add(service, REFUSED_LIMIT, 1);
    }

    void refusedByBudget(String service) {
        add(service, REFUSED_BUDGET, 1);
    }

    void settled(String service, long costMicros) {
        add(service, SETTLED, 1);
        add(service, COST, costMicros);
    }

    void failed(String service) {
        add(service, FAILED, 1);
    }

    private void add(String service, int what, long amount) {
        Ring ring = rings.computeIfAbsent(service, s -> new Ring());
        long minute = clock.millis() / 60_000L;
        synchronized (ring) {
            ring.advance(minute);
            ring.counts[(int) (minute % MINUTES)][what] += amount;
        }
    }

    /** The services seen in the last hour, by name. */
    List<String> services() {
        return new ArrayList<>(new TreeMap<>(rings).keySet());
    }

    /** A service's last hour, oldest minute first (minutes without anything included). */
    List<Minute> series(String service) {
        Ring ring = rings.get(service);
        long now = clock.millis() / 60_000L;
        List<Minute> minutes = new ArrayList<>(MINUTES);
        if (ring == null) {
            return minutes;
        }
        synchronized (ring) {
            ring.advance(now);
            for (long m = now - MINUTES + 1; m <= now; m++) {
                long[] c = ring.counts[(int) Math.floorMod(m, (long) MINUTES)];
                minutes.add(new Minute(Instant.ofEpochSecond(m * 60), c[GRANTED], c[WAITED], c[WAIT_MILLIS], c[REFUSED_LIMIT],
                        c[REFUSED_BUDGET], c[FAILED], c[SETTLED], c[COST]));
            }
        }
        return minutes;
    }

    /**
     * Recommendations from the last hour and today's budgets, most urgent first.
     *
     * @param limits  the configured limits, by service
     * @param budgets today's spend of every scope with a budget
     */
    List<String> recommendations(Map<String, ServiceLimits> limits, List<BudgetLedger.Spend> budgets) {
        List<String> advice = new ArrayList<>();
        Instant now = clock.instant();
        for (BudgetLedger.Spend spend : budgets) {
            paceOf(spend, now).ifPresent(advice::add);
        }
        for (String service : services()) {
            List<Minute> hour = series(service);
            long limitedMinutes = hour.stream().filter(Minute::limited).count();
            long refused = hour.stream().mapToLong(Minute::refusedByLimit).sum();
            if (limitedMinutes > MINUTES / 2) {
                ServiceLimits l = limits.get(service);
                advice.add(service + ": its rate limits made calls wait or refused them in " + limitedMinutes + " of the last "
                        + MINUTES + " minutes (" + refused + " refused). "
                        + (l == null ? "" : "Raise service." + service + ".per.minute (now " + l.perMinute() + ") or .concurrent (now "
                                + l.concurrent() + ") if the provider's plan allows, or spread the work over the day."));
            }
            long failed = hour.stream().mapToLong(Minute::failed).sum();
            long settled = hour.stream().mapToLong(Minute::settled).sum();
            if (failed + settled >= 10 && failed * 2 >= failed + settled) {
                long percent = Math.round(100.0 * failed / (failed + settled));
                advice.add(service + " failed " + percent + "% of its calls in the last hour (" + failed + " of " + (failed + settled)
                        + "): every answer takes " + String.format(java.util.Locale.ROOT, "%.1f", (failed + settled) / (double) Math.max(1, settled))
                        + " calls of waiting and retries, and its fallback answers at once for less. Make the fallback the "
                        + "agents' provider (provider in etc/org.toolboxai.agents.cfg) until " + service + " recovers.");
            }
        }
        return advice;
    }

    /** When a budget runs out at today's pace, if before midnight (UTC) and at least an hour into the day. */
    static java.util.Optional<String> paceOf(BudgetLedger.Spend spend, Instant now) {
        if (spend.budget() <= 0) {
            return java.util.Optional.empty();
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (!today.equals(spend.day())) {
            return java.util.Optional.empty();
        }
        long elapsed = Duration.between(today.atStartOfDay(ZoneOffset.UTC).toInstant(), now).toSeconds();
        long spent = spend.reserved() + spend.settled();
        if (elapsed < 3600 || spent <= 0) {
            return java.util.Optional.empty();
        }
        double secondsToRunOut = spend.budget() * (double) elapsed / spent;
        if (secondsToRunOut >= 86_400) {
            return java.util.Optional.empty();
        }
        LocalTime runsOut = LocalTime.ofSecondOfDay((long) secondsToRunOut).withSecond(0);
        LocalTime at = LocalTime.ofSecondOfDay(elapsed).withSecond(0);
        String scope = spend.scope().equals(BudgetLedger.GLOBAL) ? "global" : spend.scope();
        return java.util.Optional.of("At today's pace the " + scope + " daily budget of " + Money.format(spend.budget())
                + " runs out at about " + runsOut + " UTC (" + Money.format(spent) + " spent or reserved by " + at
                + "). Raise it with PUT /api/v1/budgets/" + spend.scope() + " or expect refused generations after that.");
    }
}
