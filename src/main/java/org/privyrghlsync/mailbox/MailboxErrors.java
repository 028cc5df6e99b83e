package org.privyrghlsync.mailbox;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.privyrghlsync.jobs.JobReport;
import org.privyrghlsync.mapping.Masking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Poll strategy and exception handler of the mailbox consumer. A failed poll (server down, wrong password, timeout)
 * is counted and logged once, in place of Camel's default warning with a stack trace. The next poll that works logs
 * that polling recovered. Nothing here stops the route, so the next scheduled poll always runs.
 */
public final class MailboxErrors implements PollingConsumerPollStrategy, ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(MailboxErrors.class);

    private final String mailbox;
    private boolean pollFailed;
    private int failedPolls;

    /** Creates the handler; {@code mailbox} names the server and folder in logs, as in imaps://host:993/INBOX. */
    public MailboxErrors(String mailbox) {
        this.mailbox = mailbox;
    }

    @Override
    public synchronized boolean begin(Consumer consumer, Endpoint endpoint) {
        pollFailed = false;
        return true;
    }

    @Override
    public synchronized void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        JobReport.current().set("messages", polledMessages);
        if (!pollFailed && failedPolls > 0) {
            LOG.info("Polling the Privyr mailbox {} works again after {} failed {}", mailbox, failedPolls,
                    failedPolls == 1 ? "poll" : "polls");
            failedPolls = 0;
        }
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        // The consumer passes the exception to handleException next, which logs it. False waits for the next poll.
        return false;
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    /**
     * Logs a failed poll once per poll. With an exchange, flagging or moving that exchange's message failed after the
     * processor handled it. camel-mail sets the seen flag before it moves a message, so the message stays in the
     * polled folder, either unseen (read again by the next poll, which stores nothing new) or flagged as seen.
     */
    @Override
    public synchronized void handleException(String message, Exchange exchange, Throwable exception) {
        if (exchange != null) {
            LOG.warn("Flagging or moving a handled mail message in the Privyr mailbox {} failed: {}. The message"
                    + " stays in the polled folder: if still unseen, the next poll reads it again and stores nothing"
                    + " new; if flagged as seen, move it by hand", mailbox, describe(exception));
            return;
        }
        if (pollFailed) {
            LOG.debug("Another error in the same poll of {}: {}", mailbox, describe(exception));
            return;
        }
        pollFailed = true;
        failedPolls++;
        JobReport.current().fail("Polling the Privyr mailbox " + mailbox + " failed: " + describe(exception));
        LOG.warn("Polling the Privyr mailbox {} failed (failure {} in a row): {}. Unread alerts stay in the mailbox"
                + " and the next scheduled poll tries again", mailbox, failedPolls, describe(exception));
    }

    /** Returns the exception's class and message and those of its causes, with personal data masked. */
    static String describe(Throwable exception) {
        StringBuilder text = new StringBuilder();
        Throwable cause = exception;
        for (int depth = 0; cause != null && depth < 4; depth++) {
            if (depth > 0) {
                text.append("; caused by ");
            }
            text.append(cause.getClass().getSimpleName());
            if (cause.getMessage() != null) {
                text.append(": ").append(Masking.maskPersonalData(cause.getMessage()));
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        if (text.indexOf("STARTTLS") >= 0) {
            text.append(". The server offers no STARTTLS: use PRIVYR_MAILBOX_PROTOCOL=imaps with its TLS port, or, only"
                    + " for a server on this machine or a trusted network, set privyr.mailbox.starttls=false in the"
                    + " configuration file");
        }
        return text.toString();
    }
}
