package org.privyrghlsync.mailbox;

import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.StoreClosedException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.mail.MailConstants;
import org.eclipse.angus.mail.iap.ConnectionException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.privyrghlsync.events.EnvelopeParser;
import org.privyrghlsync.events.EventEnvelope;
import org.privyrghlsync.events.InboxWriter;
import org.privyrghlsync.events.InvalidEventException;
import org.privyrghlsync.jobs.JobReport;
import org.privyrghlsync.mapping.Masking;
import org.privyrghlsync.store.InboxEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one mail message polled by routes/privyr-mailbox.yaml, whose body is the raw {@link Message}
 * ({@code mapMailMessage=false}).
 *
 * <ul>
 *   <li>A lead alert becomes a {@code client.created} event, parsed and stored in the inbox like a webhook event.
 *       The processor returns only after the store committed (or found the event_id stored before), so camel-mail
 *       flags the message as seen, or moves it to {@code privyr.mailbox.processed-folder}, only then.</li>
 *   <li>When storing fails, or the connection to the mail server fails, the processor throws: camel-mail then leaves
 *       the message unseen and the next poll reads it again.</li>
 *   <li>An alert that cannot be parsed is moved to {@code privyr.mailbox.failed-folder} and logged.</li>
 *   <li>Any other message (not from a Privyr sender, another subject, the daily digest) creates nothing and is
 *       flagged as seen where it is.</li>
 * </ul>
 *
 * <p>Logs name the event id, the Message-ID and the sent date, with email addresses and phone numbers masked. The
 * Message-ID is masked by {@link Masking#maskMessageId}, which adds a short hash of it. The content of a message is
 * never logged.
 */
public final class MailboxProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(MailboxProcessor.class);

    private final AlertFilter filter;
    private final EnvelopeParser parser;
    private final InboxWriter writer;
    private final String accountId;
    private final String locationId;
    private final String processedFolder;
    private final String failedFolder;
    private final long storeTimeoutMillis;
    private final Clock clock;

    /**
     * Creates the processor.
     *
     * @param processedFolder the folder that stored alerts are moved to, or null to leave them where they are
     * @param failedFolder the folder that alerts which cannot be parsed are moved to
     */
    public MailboxProcessor(AlertFilter filter, EnvelopeParser parser, InboxWriter writer, String accountId,
            String locationId, String processedFolder, String failedFolder, long storeTimeoutMillis, Clock clock) {
        this.filter = filter;
        this.parser = parser;
        this.writer = writer;
        this.accountId = accountId;
        this.locationId = locationId;
        this.processedFolder = processedFolder;
        this.failedFolder = failedFolder;
        this.storeTimeoutMillis = storeTimeoutMillis;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message mail = exchange.getIn().getBody(Message.class);
        if (mail == null) {
            throw new IllegalStateException("The mailbox route must deliver the raw jakarta.mail.Message; set"
                    + " mapMailMessage=false on its endpoint");
        }
        String reference = reference(mail);
        EventEnvelope event;
        try {
            Optional<AlertFilter.Rejection> rejection = filter.rejection(mail.getFrom(), mail.getSubject());
            if (rejection.isPresent() && rejection.get().review()) {
                // Privyr may have changed the subject of its alerts, so the message is kept for a person to review.
                moveToFailedFolder(exchange, reference, rejection.get().reason());
                return;
            }
            if (rejection.isPresent()) {
                LOG.info("Ignored mail message {} because {}; it is flagged as seen and left in its folder",
                        reference, rejection.get().reason());
                JobReport.current().add("ignored", 1);
                return;
            }
            MailContent content = MailContent.read(mail);
            LeadAlert alert = LeadAlertParser.parse(mail.getSubject(), content);
            if (alert.comments() != null && alert.comments().length() > LeadAlertEvent.MAX_STRING_CHARS) {
                LOG.warn("The comments of lead alert {} are longer than {} characters and are cut to that length",
                        reference, LeadAlertEvent.MAX_STRING_CHARS);
            }
            byte[] json = LeadAlertEvent.toJson(alert, messageKey(mail, content), occurredAt(mail), accountId);
            event = parser.parse(json);
        } catch (UnparseableAlertException e) {
            moveToFailedFolder(exchange, reference, e.getMessage());
            return;
        } catch (InvalidEventException e) {
            moveToFailedFolder(exchange, reference, "its event breaks the event contract: field '" + e.field()
                    + "' " + Masking.maskPersonalData(e.reason()));
            return;
        } catch (MessagingException | IOException e) {
            if (isConnectionFailure(e)) {
                throw e;
            }
            moveToFailedFolder(exchange, reference, "its content cannot be read: "
                    + Masking.maskPersonalData(String.valueOf(e.getMessage())));
            return;
        }
        store(exchange, event, reference);
    }

    private void store(Exchange exchange, EventEnvelope event, String reference) throws MailboxStoreException {
        InboxEntry stored;
        try {
            stored = writer.storeAndWait(event, locationId, clock.instant(), storeTimeoutMillis);
        } catch (ExecutionException | TimeoutException e) {
            String cause = e instanceof ExecutionException ? e.getCause().toString() : "timed out after "
                    + storeTimeoutMillis + " ms (privyr.inbox.store-timeout-ms)";
            throw new MailboxStoreException("Storing event " + event.eventId() + " of lead alert " + reference
                    + " failed, so the message stays unseen and is read again on the next poll: "
                    + Masking.maskPersonalData(cause), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailboxStoreException("Storing event " + event.eventId() + " of lead alert " + reference
                    + " was interrupted by shutdown; the message stays unseen and is read again after a restart", e);
        }
        if (processedFolder != null) {
            exchange.getIn().setHeader(MailConstants.MAIL_MOVE_TO, processedFolder);
        }
        String done = processedFolder == null ? "flagged as seen" : "moved to folder '" + processedFolder + "'";
        if (stored == null) {
            LOG.info("Event {} of lead alert {} was stored before; the message is {}", event.eventId(), reference,
                    done);
            JobReport.current().add("stored_before", 1);
        } else {
            JobReport.current().add("stored", 1);
            LOG.info("Stored event {} of lead alert {} for Privyr client {}; the message is {}", event.eventId(),
                    reference, event.client().id(), done);
        }
    }

    private void moveToFailedFolder(Exchange exchange, String reference, String reason) {
        exchange.getIn().setHeader(MailConstants.MAIL_MOVE_TO, failedFolder);
        JobReport.current().add("unparsed", 1);
        LOG.warn("Lead alert {} cannot be parsed because {}; it is moved to folder '{}' and creates no contact",
                reference, reason, failedFolder);
    }

    /** Returns the masked Message-ID with its short hash, and the sent date, to name a message in logs. */
    private static String reference(Message mail) throws MessagingException {
        String messageId = messageId(mail);
        Date sent = mail.getSentDate();
        return "(Message-ID " + (messageId == null ? "none" : Masking.maskMessageId(messageId)) + ", sent "
                + (sent == null ? "unknown" : sent.toInstant().toString()) + ")";
    }

    private static String messageId(Message mail) throws MessagingException {
        String[] values = mail.getHeader("Message-ID");
        if (values == null || values.length == 0 || values[0].isBlank()) {
            return null;
        }
        return values[0].strip();
    }

    /**
     * Returns the Message-ID, or without one a key built from the sender, sent date, subject and content, which is
     * the same each time the message is read.
     */
    private static String messageKey(Message mail, MailContent content) throws MessagingException {
        String messageId = messageId(mail);
        if (messageId != null) {
            return messageId;
        }
        Date sent = mail.getSentDate();
        return "no-message-id|" + Arrays.toString(mail.getFrom()) + "|" + (sent == null ? "" : sent.getTime()) + "|"
                + mail.getSubject() + "|" + content.html() + "|" + content.text();
    }

    /**
     * Returns when the alert was sent, or when it was received when the Date header is missing. A time ahead of this
     * host's clock is replaced by now, so that a sender's wrong clock cannot make later Privyr events look stale.
     */
    private Instant occurredAt(Message mail) throws MessagingException {
        Instant now = clock.instant();
        Date date = mail.getSentDate();
        if (date == null) {
            date = mail.getReceivedDate();
        }
        if (date == null || date.toInstant().isAfter(now)) {
            return now;
        }
        return date.toInstant();
    }

    /** Returns true when {@code e} comes from the connection to the mail server, not from the message itself. */
    static boolean isConnectionFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            // Angus Mail reports a folder closed during a content read as FolderClosedIOException, which lives
            // outside its public API, so it is matched by name.
            if (cause instanceof FolderClosedException || cause instanceof StoreClosedException
                    || cause instanceof MailConnectException || cause instanceof ConnectionException
                    || cause instanceof SocketException || cause instanceof SocketTimeoutException
                    || cause.getClass().getSimpleName().equals("FolderClosedIOException")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
