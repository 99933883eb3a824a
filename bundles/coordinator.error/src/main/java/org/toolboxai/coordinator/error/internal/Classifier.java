package org.toolboxai.coordinator.error.internal;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.regex.Pattern;

import org.toolboxai.api.error.ErrorClass;
import org.toolboxai.api.failure.Classified;
import org.toolboxai.api.failure.Failure;
import org.toolboxai.api.failure.FailureKind;

/**
 * Classifies a failure further than its {@link FailureKind}: a typed failure's kind decides, except
 * that a transient one is a {@link ErrorClass#NETWORK} error when it came from a remote service (a
 * broken connection, an HTTP 5xx) and an {@link ErrorClass#INTERNAL} one when it is a fault of this
 * system (an unexpected exception no component typed); a permanent one is a refused request.
 */
final class Classifier {

    private static final Pattern HTTP_5XX = Pattern.compile("\\bHTTP 5\\d\\d\\b");

    private Classifier() {
    }

    /** The class of a failure thrown by a call; {@code null} for a cancellation, which is no error. */
    static ErrorClass classify(Throwable thrown) {
        Failure failure = Failure.of(thrown);
        boolean typed = typed(thrown);
        return switch (failure.kind()) {
            case CANCELLED -> null;
            case TIMED_OUT -> ErrorClass.TIMEOUT;
            case RATE_LIMITED -> ErrorClass.RATE_LIMITED;
            case OVER_BUDGET -> ErrorClass.BUDGET;
            case AUTHENTICATION -> ErrorClass.AUTHENTICATION;
            case INVALID_OUTPUT -> ErrorClass.INVALID_OUTPUT;
            case PERMANENT -> ErrorClass.VALIDATION;
            case TRANSIENT -> {
                if (has(thrown, HttpTimeoutException.class) || has(thrown, java.net.SocketTimeoutException.class)) {
                    yield ErrorClass.TIMEOUT;
                }
                if (typed || has(thrown, IOException.class) || HTTP_5XX.matcher(failure.message()).find()) {
                    yield ErrorClass.NETWORK;
                }
                yield ErrorClass.INTERNAL;
            }
        };
    }

    /** Whether a component said what kind of failure it is (a typed transient failure is a remote one). */
    private static boolean typed(Throwable thrown) {
        int depth = 0;
        for (Throwable t = thrown; t != null && depth < 20; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (t instanceof Classified) {
                return true;
            }
        }
        return false;
    }

    private static boolean has(Throwable thrown, Class<? extends Throwable> type) {
        int depth = 0;
        for (Throwable t = thrown; t != null && depth < 20; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The error class as the REST API and shell write it. */
    static String wire(ErrorClass errorClass) {
        return errorClass.name().toLowerCase(Locale.ROOT);
    }
}
