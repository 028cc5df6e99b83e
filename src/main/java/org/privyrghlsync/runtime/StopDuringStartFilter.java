package org.privyrghlsync.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops Camel's ERROR line with a stack trace for a start that a stop signal ended: once the JVM runs its shutdown
 * hooks, a start step that adds a hook fails with "Shutdown in progress". {@link SyncRuntime} logs one INFO line for
 * that case instead.
 */
public final class StopDuringStartFilter extends TurboFilter {

    private static final String SHUTDOWN_IN_PROGRESS = "Shutdown in progress";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
            Throwable thrown) {
        if (level != Level.ERROR || !logger.getName().startsWith("org.apache.camel")) {
            return FilterReply.NEUTRAL;
        }
        Throwable failure = thrown;
        // SLF4J passes a throwable given after the format's arguments as the last parameter.
        if (failure == null && params != null && params.length > 0
                && params[params.length - 1] instanceof Throwable last) {
            failure = last;
        }
        return isStopDuringStart(failure) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }

    /** Returns whether the failure, or one of its causes, is the JVM's refusal to add a hook while it stops. */
    private static boolean isStopDuringStart(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof IllegalStateException && SHUTDOWN_IN_PROGRESS.equals(cause.getMessage())) {
                return true;
            }
        }
        return false;
    }
}
