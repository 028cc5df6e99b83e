package org.privyrghlsync.cli;

/** A command that failed for a reason its message explains; the command prints the message and exits with 1. */
final class CommandFailedException extends RuntimeException {

    CommandFailedException(String message) {
        super(message);
    }

    CommandFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
