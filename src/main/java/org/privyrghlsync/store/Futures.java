package org.privyrghlsync.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Helpers for the futures of the group commit, whose failures arrive wrapped in {@link CompletionException}. */
public final class Futures {

    private Futures() {
    }

    /** Returns the failure that a future completed with, unwrapped from a {@link CompletionException}. */
    public static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** Waits for {@code future} and returns its value, or throws its failure as it was raised when that is unchecked. */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
