package org.privyrghlsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.privyrghlsync.store.ItemLink;
import org.privyrghlsync.store.SyncLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates GHL tasks and notes without duplicates across retries. GHL has no idempotency key for them, so the item's
 * link is stored with an empty GHL id before the create call. An attempt that finds such a link means that an earlier
 * attempt sent the create and lost its response (connection error, 5xx, crash), and searches the contact's items for
 * a match first.
 */
final class OnceCreation {

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
     * Returns the GHL item that {@code intent} describes: an unlinked match among {@code existing} when an earlier
     * attempt left {@code stored} as an unfinished create on the same contact, else the item {@code create} makes.
     *
     * @param stored the item's stored link, or null
     * @param existing the items of the contact as GHL lists them, read only when an earlier create is unfinished
     * @param sentEarlier whether a listed item has the values the unfinished create sent
     */
    Created create(ItemLink intent, ItemLink stored, Supplier<Iterable<JsonNode>> existing,
            Predicate<JsonNode> sentEarlier, Supplier<String> create) {
        if (isUnfinished(stored) && stored.contactId().equals(intent.contactId())) {
            for (JsonNode candidate : existing.get()) {
                String id = candidate.path("id").asText("");
                if (!id.isEmpty() && sentEarlier.test(candidate)
                        && !ledger.isLinked(intent.locationId(), intent.kind(), id)) {
                    LOG.info("An earlier attempt created GHL {} {} for {} {} but its response was lost; linking it",
                            intent.kind(), id, intent.kind(), intent.itemId());
                    return new Created(id, true);
                }
            }
        }
        ledger.saveItemNow(intent);
        return new Created(create.get(), false);
    }

    /** Returns true when {@code link} records a create that was sent but whose response was never stored. */
    static boolean isUnfinished(ItemLink link) {
        return link != null && link.ghlId().isEmpty() && !link.deleted();
    }
}
