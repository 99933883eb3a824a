package org.toolboxai.api.error;

/**
 * One attempt at a call, to the service the error coordinator names: the one asked for, or a
 * fallback while that one's circuit is open.
 *
 * @param <T> what the call returns
 */
@FunctionalInterface
public interface RemoteCall<T> {

    /**
     * Makes the call.
     *
     * @param service the service to call
     * @param attempt 1 for the first attempt
     */
    T call(String service, int attempt) throws Exception;
}
