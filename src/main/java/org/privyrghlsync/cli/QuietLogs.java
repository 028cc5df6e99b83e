package org.privyrghlsync.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises the product's loggers to WARN while a command opens the store itself. Their INFO lines would otherwise
 * appear on standard output between the command's results, and break {@code --json} output. Warnings and errors
 * still print.
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
