package org.privyrghlsync.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises the product's loggers to WARN while a command opens the store itself, so that the store's INFO lines about
 * its own start and stop do not crowd the command's results on the terminal. Warnings and errors still print, on
 * standard error like every log line of such a command.
 */
final class QuietLogs implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("org.privyrghlsync");
    private final Level previous = logger.getLevel();

    QuietLogs() {
        logger.setLevel(Level.WARN);
    }

    @Override
    public void close() {
        logger.setLevel(previous);
    }
}
