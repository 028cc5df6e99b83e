package org.privyrghlsync.cli;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.main.MainHelper;

/** Turns a start-up failure into the one message an operator needs, without Camel's wrapping layers. */
final class StartupErrors {

    /**
     * camel-main 4.18's own message for a {@code camel.*} key that is empty in a properties file, a -D option or a
     * {@code CAMEL_*} environment variable, checked before the runtime reads its settings. Group 1 is the key.
     */
    private static final Pattern CAMEL_EMPTY_VALUE =
            Pattern.compile("Error configuring property: (\\S+) because value is empty");
    private static final String HOST_HINT = "set it to 0.0.0.0 (every interface), 127.0.0.1 or an address of this"
            + " machine";
    private static final String PORT_HINT = "set it to a port number from 1 to 65535";
    /** The listen keys, each with the environment variable that the shipped defaults read it from. */
    private static final Map<String, ListenKey> LISTEN_KEYS = Map.of(
            "camel.server.host", new ListenKey("HOST", HOST_HINT),
            "camel.server.port", new ListenKey("PORT", PORT_HINT),
            "camel.management.host", new ListenKey("MANAGEMENT_HOST", HOST_HINT),
            "camel.management.port", new ListenKey("MANAGEMENT_PORT", PORT_HINT));

    /** A listen key's environment variable, and what to set the key to. */
    private record ListenKey(String variable, String hint) {
    }

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
        if (message == null) {
            return root.toString();
        }
        Matcher emptyValue = CAMEL_EMPTY_VALUE.matcher(message);
        return emptyValue.matches() ? describeEmptyValue(emptyValue.group(1)) : message;
    }

    /** Returns a message that names the empty key, where it can be set, and the value that it expects. */
    private static String describeEmptyValue(String key) {
        String environmentVariable = MainHelper.toEnvVar(key);
        ListenKey listenKey = LISTEN_KEYS.get(key);
        String hint = listenKey == null
                ? "give it a value, or remove that setting to use the default"
                : listenKey.hint() + ", or remove that setting to use " + listenKey.variable() + " or its default";
        return "Configuration key " + key + " is empty in the configuration file, a -D option or the environment"
                + " variable " + environmentVariable + "; " + hint;
    }

    private static boolean isWrapper(Throwable failure) {
        String name = failure.getClass().getName();
        return name.startsWith("org.apache.camel.") || failure instanceof java.lang.reflect.InvocationTargetException
                || failure.getMessage() == null;
    }
}
