package org.toolboxai.api.guard;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Permission for one call, from {@link ResourceGuard#acquire}: make the call, {@link #settle} it
 * with what it used, and close the permit (try-with-resources). A permit closed without a settle
 * releases its budget reservation: the call failed and cost nothing.
 */
@ProviderType
public interface Permit extends AutoCloseable {

    /** The call is done: the ledger records what it used and the budgets are charged its real cost. */
    void settle(ModelUsage used);

    /** Frees the concurrent-call slot; releases the reservation unless settled. Never throws. */
    @Override
    void close();
}
