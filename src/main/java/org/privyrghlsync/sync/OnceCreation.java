package org.privyrghlsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.privyrghlsync.ghl.DailyBudgetSpentException;
import org.privyrghlsync.ghl.GhlException;
import org.privyrghlsync.ghl.TokenRefreshException;
import org.privyrghlsync.store.ItemLink;
import org.privyrghlsync.store.SyncLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates GHL tasks and notes without duplicates across retries. GHL has no idempotency key for them, so the item's
 * link is stored with an empty GHL id before the create call. An attempt that finds such a link means that an earlier
 * attempt sent the create and lost its response (connection error, 5xx, crash), and searches the contact's items for
 * a match first.
 *
 * <p>A match must have the values the earlier attempt sent, be linked to no other item, and, when GHL lists its
 * {@code dateAdded} (notes have it; GHL documents none for tasks), be added no earlier than {@link #CLOCK_TOLERANCE}
 * before the link was written, so that an older item that a GHL user made with the same values is not taken.
 *
 * <p>Some failures show that GHL did not store the item: a 4xx response, or a call that was never sent (no
 * connection, no token, no daily budget). Such a create puts the link back as it was, and a later attempt does not
 * search at all.
 */
final class OnceCreation {

    /** How far GHL's clock may lag behind this host's when an item's {@code dateAdded} is compared. */
    static final Duration CLOCK_TOLERANCE = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(OnceCreation.class);

    private final SyncLedger ledger;

    OnceCreation(SyncLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * The GHL id of a created item. {@code adopted} is true when the item was made by an earlier attempt, so it has
     * the values that attempt sent ({@code lastPushedJson} of the unfinished link), which may differ from the values
     * wanted now.
     */
    record Created(String ghlId, boolean adopted) {
    }

    /**
     * Returns the GHL item that {@code intent} describes: the item that an earlier attempt made when it left
     * {@code stored} as an unfinished create on the same contact (see {@link #findEarlier}), else the item
     * {@code create} makes.
     *
     * @param stored the item's stored link, or null
     * @param existing the items of the contact as GHL lists them, read only when an earlier create is unfinished
     * @param sentEarlier whether a listed item has the values the unfinished create sent
     */
    Created create(ItemLink intent, ItemLink stored, Supplier<Iterable<JsonNode>> existing,
            Predicate<JsonNode> sentEarlier, Supplier<String> create) {
        Instant storedAt = null;
        if (isUnfinished(stored)) {
            storedAt = writtenAt(stored);
            if (stored.contactId().equals(intent.contactId())) {
                Optional<String> earlier = findEarlier(stored, storedAt, existing, sentEarlier);
                if (earlier.isPresent()) {
                    return new Created(earlier.get(), true);
                }
            }
        }
        // A create sent again with the same values keeps the time of the first, so that the item of an earlier try
        // that GHL lists late still falls within the time filter.
        boolean sameCreate = storedAt != null && stored.contactId().equals(intent.contactId())
                && stored.lastPushedJson().equals(intent.lastPushedJson());
        ledger.saveItemNow(intent, sameCreate ? storedAt : Instant.now());
        try {
            return new Created(create.get(), false);
        } catch (RuntimeException e) {
            if (neverStored(e)) {
                try {
                    putBack(intent, stored, storedAt);
                } catch (RuntimeException putBackFailure) {
                    e.addSuppressed(putBackFailure);
                }
            }
            throw e;
        }
    }

    /**
     * Returns the GHL id of the item that the unfinished create recorded in {@code stored} made, when GHL lists it:
     * the first item of {@code existing} with the values sent, linked to no other item, and not added before the
     * link was written (less {@link #CLOCK_TOLERANCE}).
     */
    Optional<String> findEarlier(ItemLink stored, Supplier<Iterable<JsonNode>> existing,
            Predicate<JsonNode> sentEarlier) {
        return findEarlier(stored, writtenAt(stored), existing, sentEarlier);
    }

    private Optional<String> findEarlier(ItemLink stored, Instant storedAt, Supplier<Iterable<JsonNode>> existing,
            Predicate<JsonNode> sentEarlier) {
        Instant notBefore = storedAt == null ? Instant.MIN : storedAt.minus(CLOCK_TOLERANCE);
        for (JsonNode candidate : existing.get()) {
            String id = candidate.path("id").asText("");
            if (!id.isEmpty() && sentEarlier.test(candidate) && !addedBefore(candidate, notBefore)
                    && !ledger.isLinked(stored.locationId(), stored.kind(), id)) {
                LOG.info("An earlier attempt created GHL {} {} for {} {} but its response was lost; linking it",
                        stored.kind(), id, stored.kind(), stored.itemId());
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    private Instant writtenAt(ItemLink stored) {
        return ledger.itemWrittenAt(stored.locationId(), stored.kind(), stored.itemId()).orElse(null);
    }

    /** Returns true when {@code link} records a create that was sent but whose response was never stored. */
    static boolean isUnfinished(ItemLink link) {
        return link != null && link.ghlId().isEmpty() && !link.deleted();
    }

    /**
     * Returns true when the failure shows that GHL did not store the item: GHL responded with a 4xx, or the call
     * was never sent. A 5xx, a timeout or a connection lost after sending leaves it open.
     */
    static boolean neverStored(RuntimeException failure) {
        if (failure instanceof TokenRefreshException || failure instanceof DailyBudgetSpentException) {
            return true;
        }
        if (!(failure instanceof GhlException ghl)) {
            return false;
        }
        if (ghl.status() >= 400 && ghl.status() < 500) {
            return true;
        }
        for (Throwable cause = ghl.getCause(); ghl.status() == 0 && cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof ConnectTimeoutException
                    || cause instanceof ConnectionRequestTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Writes the link back as it was before {@code intent}, with the time it was written then. */
    private void putBack(ItemLink intent, ItemLink stored, Instant storedAt) {
        if (stored == null) {
            ledger.deleteItemNow(intent.locationId(), intent.kind(), intent.itemId());
        } else {
            ledger.saveItemNow(stored, storedAt == null ? Instant.now() : storedAt);
        }
    }

    private static boolean addedBefore(JsonNode item, Instant notBefore) {
        String added = item.path("dateAdded").asText("");
        if (added.isEmpty()) {
            return false;
        }
        try {
            return OffsetDateTime.parse(added).toInstant().isBefore(notBefore);
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
