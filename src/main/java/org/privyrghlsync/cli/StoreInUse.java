package org.privyrghlsync.cli;

import java.sql.SQLException;

/** Recognises the failure to open an embedded H2 store that another process, such as a running runtime, has open. */
final class StoreInUse {

    /** H2's error code for a database file that another process has open. */
    private static final int H2_DATABASE_IN_USE = 90020;

    private StoreInUse() {
    }

    static boolean isCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_IN_USE) {
                return true;
            }
        }
        return false;
    }
}
