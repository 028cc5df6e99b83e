package org.privyrghlsync.cli;

/** Turns a start-up failure into the one message an operator needs, without Camel's wrapping layers. */
final class StartupErrors {

    private StartupErrors() {
    }

    static String describe(Throwable failure) {
        if (StoreInUse.isCause(failure)) {
            return "the embedded store is open in another process, such as another run, an import or a demo with"
                    + " the same DATA_DIR; stop that process, or set DATA_DIR to another folder";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root && isWrapper(root)) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.toString() : message;
    }

    private static boolean isWrapper(Throwable failure) {
        String name = failure.getClass().getName();
        return name.startsWith("org.apache.camel.") || failure instanceof java.lang.reflect.InvocationTargetException
                || failure.getMessage() == null;
    }
}
