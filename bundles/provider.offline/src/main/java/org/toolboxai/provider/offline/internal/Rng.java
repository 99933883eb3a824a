package org.toolboxai.provider.offline.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small deterministic random generator (SplitMix64), seeded from a hash of the request, so the
 * same request always gives the same answer, on every JVM.
 */
final class Rng {

    private long state;

    Rng(long seed) {
        this.state = seed;
    }

    /** A generator seeded from the FNV-1a hash of the text. */
    static Rng of(String text) {
        return new Rng(hash(text));
    }

    /** 64-bit FNV-1a of the UTF-8 bytes. */
    static long hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** A generator for a sub-task, independent of how much this one has been used. */
    Rng fork(String label) {
        return new Rng(state ^ hash(label) * 0x9e3779b97f4a7c15L);
    }

    long nextLong() {
        state += 0x9e3779b97f4a7c15L;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound). */
    int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        return (int) Math.floorMod(nextLong(), (long) bound);
    }

    /** Uniform in [min, max], both included. */
    int between(int min, int max) {
        return max <= min ? min : min + nextInt(max - min + 1);
    }

    boolean nextBoolean() {
        return (nextLong() & 1) == 1;
    }

    <T> T pick(List<T> items) {
        return items.get(nextInt(items.size()));
    }

    /** A shuffled copy (Fisher-Yates). */
    <T> List<T> shuffle(List<T> items) {
        List<T> copy = new ArrayList<>(items);
        for (int i = copy.size() - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            T t = copy.get(i);
            copy.set(i, copy.get(j));
            copy.set(j, t);
        }
        return copy;
    }
}
