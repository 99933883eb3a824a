package org.toolboxai.api.error;

/**
 * A call whose attempts change remote state step by step (an LMS push that creates a quiz, then
 * its questions), so that a failed attempt can leave something half made. When the failure stands
 * (no retry, wait or fallback is left for it), the error coordinator's {@code roll-back} strategy
 * asks it to undo what the failed attempt made, so nothing half made stays behind.
 *
 * @param <T> what the call returns
 * @since 1.1.0
 */
public interface UndoableCall<T> extends RemoteCall<T> {

    /**
     * Undoes what a failed attempt changed; called at most once per call, after its last attempt.
     *
     * @param service the service that attempt called
     * @param attempt that attempt's number, from 1
     * @throws Exception when the undo fails too (it is reported; the call's own failure stands)
     */
    void rollBack(String service, int attempt) throws Exception;

    /** What undoes an attempt. */
    @FunctionalInterface
    interface Undo {
        /** Undoes what the attempt {@code attempt} to {@code service} changed. */
        void undo(String service, int attempt) throws Exception;
    }

    /** {@code call}, undone by {@code undo}. */
    static <T> UndoableCall<T> of(RemoteCall<T> call, Undo undo) {
        java.util.Objects.requireNonNull(call, "call");
        java.util.Objects.requireNonNull(undo, "undo");
        return new UndoableCall<>() {
            @Override
            public T call(String service, int attempt) throws Exception {
                return call.call(service, attempt);
            }

            @Override
            public void rollBack(String service, int attempt) throws Exception {
                undo.undo(service, attempt);
            }
        };
    }
}
