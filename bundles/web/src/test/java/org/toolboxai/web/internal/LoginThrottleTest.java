package org.toolboxai.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final LoginThrottle throttle = new LoginThrottle(3, now::get);

    @Test
    void anAddressIsBlockedAfterTheLimitUntilTheMinuteIsOver() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.retryAfterSeconds("10.0.0.1")).isZero();
            throttle.recordFailure("10.0.0.1");
        }
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isEqualTo(60);
        now.addAndGet(59_500);
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isEqualTo(1);
        now.addAndGet(500);
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isZero();
    }

    @Test
    void otherAddressesAreNotAffected() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("10.0.0.1");
        }
        assertThat(throttle.retryAfterSeconds("10.0.0.2")).isZero();
    }

    @Test
    void raisingTheLimitLiftsABlockAtOnce() {
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure("10.0.0.1");
        }
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isPositive();
        throttle.limit(10);
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isZero();
    }

    @Test
    void failuresOfAnExpiredWindowStartANewOne() {
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure("10.0.0.1");
        }
        now.addAndGet(61_000);
        throttle.recordFailure("10.0.0.1");
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isZero();
    }
}
