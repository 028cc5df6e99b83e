package org.privyrghlsync.sync;

import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.privyrghlsync.events.EnvelopeParser;
import org.privyrghlsync.events.EventEnvelope;
import org.privyrghlsync.events.InvalidEventException;
import org.privyrghlsync.ghl.GhlException;
import org.privyrghlsync.ghl.TokenRefreshException;
import org.privyrghlsync.mapping.MappingException;
import org.privyrghlsync.mapping.Masking;
import org.privyrghlsync.store.DeadLetter;
import org.privyrghlsync.store.InboxEntry;
import org.privyrghlsync.store.InboxStore;
import org.privyrghlsync.store.Outcome;
import org.privyrghlsync.store.SyncLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one stored event through the {@code direct:sync-event} route and records the result: the outcome and id
 * map on success, a dead letter when GHL rejected the event or retries ran out, or one more attempt on an unexpected
 * failure (the event then stays pending until {@code sync.max-attempts}).
 */
public final class EventApplier implements InboxDispatcher.Handler {

    private static final Logger LOG = LoggerFactory.getLogger(EventApplier.class);
    public static final String SYNC_ENDPOINT = "direct:sync-event";

    private final ProducerTemplate template;
    private final EnvelopeParser parser;
    private final InboxStore inbox;
    private final SyncLedger ledger;
    private final int maxAttempts;

    public EventApplier(ProducerTemplate template, EnvelopeParser parser, InboxStore inbox, SyncLedger ledger,
            int maxAttempts) {
        this.template = template;
        this.parser = parser;
        this.inbox = inbox;
        this.ledger = ledger;
        this.maxAttempts = maxAttempts;
    }

    @Override
    public void apply(InboxDispatcher.Work work) {
        InboxEntry entry = work.entry();
        EventEnvelope envelope;
        try {
            envelope = work.envelope() != null ? work.envelope()
                    : parser.parse(entry.payload().getBytes(StandardCharsets.UTF_8));
        } catch (InvalidEventException e) {
            deadLetter(entry, "The stored event is no longer valid: " + e.getMessage(), null, null, null);
            return;
        }

        Exchange result = template.send(SYNC_ENDPOINT, exchange -> {
            exchange.setProperty(SyncResult.INBOX_ENTRY, entry);
            exchange.getMessage().setBody(envelope);
        });
        if (result.getException() == null) {
            record(entry, result.getProperty(SyncResult.PROPERTY, SyncResult.class));
        } else {
            recordFailure(entry, result);
        }
    }

    /** Dead-letters an event GHL rejected or that cannot be mapped, keeps it pending without a token, else retries. */
    private void recordFailure(InboxEntry entry, Exchange result) {
        Exception failure = result.getException();
        GhlException ghl = result.getException(GhlException.class);
        if (ghl != null) {
            String reason = ghl.status() == 0 ? "Calling GHL failed after all retries: " + ghl.getMessage()
                    : ghl.getMessage();
            deadLetter(entry, reason, ghl.status() == 0 ? null : ghl.status(), ghl.ghlMessage(), ghl.responseBody());
            return;
        }
        TokenRefreshException token = result.getException(TokenRefreshException.class);
        if (token != null) {
            // Without a token nothing reached GHL: the event waits for the token, not counted as an attempt.
            LOG.debug("Event {} stays pending until location {} has a token: {}", entry.eventId(),
                    entry.locationId(), token.getMessage());
            return;
        }
        MappingException mapping = result.getException(MappingException.class);
        if (mapping != null) {
            deadLetter(entry, "Mapping the client failed: " + mapping.getMessage(), null, null, null);
            return;
        }
        int attempts = inbox.recordFailedAttempt(entry.id(), failure.toString());
        if (attempts >= maxAttempts) {
            deadLetter(entry, "Applying the event failed " + attempts + " times; last error: " + failure, null,
                    null, null);
        } else {
            LOG.warn("Applying event {} failed (attempt {} of {}); it stays pending: {}", entry.eventId(), attempts,
                    maxAttempts, Masking.maskPersonalData(failure.toString()));
        }
    }

    private void record(InboxEntry entry, SyncResult result) {
        if (result == null) {
            ledger.recordOutcome(entry, Outcome.STORED, "No step of the contact-sync route recorded a result",
                    entry.attempts() + 1);
            return;
        }
        if (result.link() != null) {
            ledger.recordApplied(entry, result.link(), result.outcome(), result.detail(), entry.attempts() + 1);
        } else {
            ledger.recordOutcome(entry, result.outcome(), result.detail(), entry.attempts() + 1);
        }
        LOG.info("Event {} ({}) of client {}: {}, {}", entry.eventId(), entry.eventType(), entry.clientId(),
                result.outcome().dbValue(), result.detail());
    }

    private void deadLetter(InboxEntry entry, String reason, Integer status, String ghlMessage, String response) {
        ledger.recordDeadLetter(entry, DeadLetter.of(entry, reason, status, ghlMessage, response,
                entry.attempts() + 1));
        LOG.error("Event {} ({}) of client {} in location {} moved to the dead letters: {}", entry.eventId(),
                entry.eventType(), entry.clientId(), entry.locationId(), Masking.maskPersonalData(reason));
    }
}
