package org.toolboxai.coordinator.workflow.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.toolboxai.api.workflow.StepEffect;

/**
 * Applies a completion's step effects in the commit transaction, bounded. Effects run on the
 * scheduler's only loop thread, so one that blocks would hold up every run: the connection they
 * are handed gives every statement the time left of the step's budget as its query time-out and
 * fails any statement at once when the budget is spent; an effect that returns late fails anyway.
 * The transaction is the engine's, so effects may not end it or leave it.
 */
final class StepEffects {

    /** What an effect may not do to the engine's transaction. */
    private static final Set<String> REFUSED = Set.of("commit", "rollback", "close", "abort", "setAutoCommit", "unwrap");

    /** A step effect failed or overran: the completion it belongs to cannot be committed. */
    static final class EffectFailed extends SQLException {

        private static final long serialVersionUID = 1L;
        private final transient WorkflowStore.Completion completion;

        EffectFailed(WorkflowStore.Completion completion, Exception cause) {
            super("a store effect of step " + completion.stepId() + " failed: " + cause.getMessage(), cause);
            this.completion = completion;
        }

        /** The completion whose effect failed. */
        WorkflowStore.Completion completion() {
            return completion;
        }

        /** Whether the effects ran out of time rather than failed. */
        boolean overran() {
            // PostgreSQL reports a query time-out by its SQL state only
            return getCause() instanceof SQLTimeoutException
                    || getCause() instanceof SQLException sql && "57014".equals(sql.getSQLState());
        }
    }

    private StepEffects() {
    }

    /** Applies the completion's effects on {@code connection} within {@code timeoutMillis} in all. */
    static void apply(Connection connection, WorkflowStore.Completion done, long timeoutMillis) throws EffectFailed {
        if (done.effects().isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        Connection bounded = bounded(connection, deadline, timeoutMillis);
        try {
            for (StepEffect effect : done.effects()) {
                effect.apply(bounded);
            }
        } catch (SQLException | RuntimeException e) {
            throw new EffectFailed(done, e);
        }
        // work outside JDBC cannot be stopped from here; what overran anyway does not count
        if (System.nanoTime() - deadline > 0) {
            throw new EffectFailed(done, overrun(timeoutMillis));
        }
    }

    /** {@code connection}, for effects that must be done by {@code deadlineNanos} ({@link System#nanoTime()}). */
    static Connection bounded(Connection connection, long deadlineNanos, long budgetMillis) {
        return (Connection) proxy(Connection.class, (proxy, method, args) -> {
            if (REFUSED.contains(method.getName())) {
                throw new SQLException("A step effect may not call Connection." + method.getName()
                        + "(): the engine commits the step's completion and its effects together.");
            }
            Object result = invoke(connection, method, args);
            Class<?> type = method.getReturnType();
            if (result instanceof Statement statement && (type == Statement.class || type == PreparedStatement.class
                    || type == CallableStatement.class)) {
                return boundedStatement(type, statement, (Connection) proxy, deadlineNanos, budgetMillis);
            }
            return result;
        });
    }

    /** A statement whose every execution is bounded by the time left. */
    private static Object boundedStatement(Class<?> type, Statement statement, Connection owner, long deadlineNanos,
            long budgetMillis) {
        return proxy(type, (proxy, method, args) -> {
            if (method.getName().equals("getConnection")) {
                return owner;
            }
            if (method.getName().equals("unwrap")) {
                throw new SQLException("A step effect may not unwrap its statements.");
            }
            if (method.getName().startsWith("execute")) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
                if (left <= 0) {
                    throw overrun(budgetMillis);
                }
                // JDBC counts whole seconds; rounding up keeps a short remainder from meaning "no limit" (0)
                statement.setQueryTimeout((int) Math.max(1, (left + 999) / 1000));
            }
            return invoke(statement, method, args);
        });
    }

    private static SQLTimeoutException overrun(long budgetMillis) {
        return new SQLTimeoutException("the step's store effects took longer than their " + budgetMillis + " ms");
    }

    private static Object proxy(Class<?> type, InvocationHandler handler) {
        return Proxy.newProxyInstance(StepEffects.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
