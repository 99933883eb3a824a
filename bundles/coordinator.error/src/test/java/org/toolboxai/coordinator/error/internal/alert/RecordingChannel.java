package org.toolboxai.coordinator.error.internal.alert;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.toolboxai.api.error.Alert;
import org.toolboxai.api.error.AlertChannel;
import org.toolboxai.api.error.AlertLevel;

/** A channel that keeps what it is sent; it can be made to hang until released, or to fail. */
final class RecordingChannel implements AlertChannel {

    final List<Alert> received = new CopyOnWriteArrayList<>();
    private final String name;
    private final AlertLevel minimumLevel;
    private volatile CountDownLatch gate;
    private volatile RuntimeException failure;

    RecordingChannel(String name, AlertLevel minimumLevel) {
        this.name = name;
        this.minimumLevel = minimumLevel;
    }

    /** Every send waits (at most a minute) until {@link #release()}. */
    RecordingChannel hang() {
        gate = new CountDownLatch(1);
        return this;
    }

    void release() {
        gate.countDown();
    }

    RecordingChannel failWith(RuntimeException e) {
        failure = e;
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AlertLevel minimumLevel() {
        return minimumLevel;
    }

    @Override
    public void send(Alert alert) throws InterruptedException {
        CountDownLatch g = gate;
        if (g != null) {
            g.await(1, TimeUnit.MINUTES);
        }
        if (failure != null) {
            throw failure;
        }
        received.add(alert);
    }
}
