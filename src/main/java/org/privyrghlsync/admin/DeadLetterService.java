package org.privyrghlsync.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.privyrghlsync.mapping.MappingException;
import org.privyrghlsync.mapping.ReloadableMappings;
import org.privyrghlsync.store.DeadLetter;
import org.privyrghlsync.store.DeadLetterEntry;
import org.privyrghlsync.store.DeadLetterFilter;
import org.privyrghlsync.store.DeadLetterStore;
import org.privyrghlsync.store.InboxEntry;
import org.privyrghlsync.store.InboxStatus;
import org.privyrghlsync.sync.InboxDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists, shows, replays and discards dead letters, for the admin API and the {@code dead-letters} command.
 *
 * <p>A replay makes the dead letter's event pending again with no attempts counted and hands it to the dispatcher,
 * so it goes through the normal flow: an event that already succeeded changes nothing, because the diff against the
 * values last pushed finds no change. Before a replay, the mappings are read again from the mappings folder, so that
 * a fixed mapping applies without a restart. A discard only marks the dead letter, and its event stays dead. Both
 * keep the dead letter's row.
 */
public final class DeadLetterService {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterService.class);

    /** Dead letters that match a list request, and whether more matched than the limit allowed. */
    public record Listing(List<DeadLetterEntry> entries, boolean truncated) {
    }

    /** A replayed dead letter and its event, now pending. */
    public record Replayed(long deadLetterId, String eventId, String eventType) {
    }

    /** A dead letter that a bulk replay left alone, and why. */
    public record Skipped(long deadLetterId, String eventId, String reason) {
    }

    /**
     * The result of a replay.
     *
     * @param dispatched true when the events were handed to the runtime's dispatcher. False when the store was opened
     *     without a runtime, which then applies them when it next starts.
     */
    public record ReplayResult(List<Replayed> replayed, List<Skipped> skipped, boolean dispatched) {
    }

    private final DeadLetterStore store;
    private final ReloadableMappings mappings;
    private final InboxDispatcher dispatcher;
    private final Clock clock;

    /**
     * @param mappings the runtime's mappings, reloaded before each replay; null when no runtime runs
     * @param dispatcher the runtime's dispatcher, which receives replayed events; null when no runtime runs
     */
    public DeadLetterService(DeadLetterStore store, ReloadableMappings mappings, InboxDispatcher dispatcher,
            Clock clock) {
        this.store = store;
        this.mappings = mappings;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /** Returns the dead letters that match {@code filter}, newest first, up to its limit. */
    public Listing list(DeadLetterFilter filter) {
        if (filter.limit() == null) {
            return new Listing(store.list(filter), false);
        }
        List<DeadLetterEntry> entries = store.list(filter.withLimit(filter.limit() + 1));
        boolean truncated = entries.size() > filter.limit();
        return new Listing(truncated ? entries.subList(0, filter.limit()) : entries, truncated);
    }

    /** Returns one dead letter with its event's payload and GHL's response. */
    public DeadLetterEntry show(long id) {
        return store.find(id).orElseThrow(() -> AdminException.notFound("No dead letter has id " + id
                + "; list the dead letters to see their ids"));
    }

    /**
     * Replays one dead letter. Its event must be dead or done: a pending or waiting event is already on its way, and
     * a discarded dead letter is kept for audit only.
     */
    public ReplayResult replay(long id) {
        DeadLetterEntry entry = show(id);
        DeadLetter letter = entry.letter();
        if (letter.discardedAt() != null) {
            throw AdminException.conflict("Dead letter " + id + " was discarded at " + letter.discardedAt()
                    + "; discarded dead letters are kept for audit and are not replayed");
        }
        if (entry.eventStatus() == InboxStatus.PENDING) {
            throw AdminException.conflict("Event " + letter.eventId() + " of dead letter " + id + " is pending"
                    + " already, because an earlier replay has not finished; wait for its result");
        }
        if (entry.eventStatus() == InboxStatus.WAITING) {
            throw AdminException.conflict("Event " + letter.eventId() + " of dead letter " + id + " is waiting for"
                    + " client " + letter.clientId() + " to get a GHL contact, and is applied once it has one");
        }
        reloadMappings();
        Map<Long, InboxEntry> replayed = store.replay(List.of(letter), clock.instant());
        if (replayed.isEmpty()) {
            throw AdminException.conflict("Event " + letter.eventId() + " of dead letter " + id + " changed state"
                    + " during the replay; show the dead letter again and retry");
        }
        boolean dispatched = dispatch(replayed);
        LOG.info("Replayed dead letter {}: event {} ({}) of client {} is pending again", id, letter.eventId(),
                letter.eventType(), letter.clientId());
        return new ReplayResult(List.of(new Replayed(id, letter.eventId(), letter.eventType())), List.of(),
                dispatched);
    }

    /**
     * Replays the open dead letters that the selection matches, oldest first. Dead letters that were replayed or
     * discarded before are not included; replay those one by one.
     */
    public ReplayResult replayMatching(FilterParameters.ReplaySelection selection) {
        DeadLetterFilter filter = selection.filter();
        List<DeadLetterEntry> candidates = store.openMatching(filter);
        if (candidates.isEmpty()) {
            String nothing = selection.all() ? "No dead letter is open"
                    : "No open dead letter matches " + filter.describe();
            throw AdminException.notFound(nothing + "; dead letters replayed or discarded before are left out of a bulk replay, so replay those"
                    + " by id");
        }
        reloadMappings();
        List<DeadLetter> letters = candidates.stream().map(DeadLetterEntry::letter).toList();
        Instant now = clock.instant();
        Map<Long, InboxEntry> replayedEvents = store.replay(letters, now);
        boolean dispatched = dispatch(replayedEvents);

        Map<Long, Long> letterOfInbox = new HashMap<>();
        List<Replayed> replayed = new ArrayList<>();
        for (DeadLetter letter : letters) {
            if (replayedEvents.containsKey(letter.id())) {
                replayed.add(new Replayed(letter.id(), letter.eventId(), letter.eventType()));
                letterOfInbox.put(letter.inboxId(), letter.id());
            }
        }
        List<Skipped> skipped = new ArrayList<>();
        for (DeadLetter letter : letters) {
            if (!replayedEvents.containsKey(letter.id())) {
                Long sameEvent = letterOfInbox.get(letter.inboxId());
                skipped.add(new Skipped(letter.id(), letter.eventId(), sameEvent != null
                        ? "replayed with dead letter " + sameEvent + ", which has the same event"
                        : "its event changed state during the replay"));
            }
        }
        LOG.info("Replayed {} dead letters matching {}; {} skipped", replayed.size(),
                selection.all() ? "all" : filter.describe(), skipped.size());
        return new ReplayResult(replayed, skipped, dispatched);
    }

    /**
     * Marks one dead letter discarded; its event stays dead, and the dead letter is kept for audit. A dead letter
     * whose event a replay is still applying cannot be discarded until the replay has a result.
     */
    public DeadLetterEntry discard(long id) {
        DeadLetterEntry entry = show(id);
        if (entry.letter().discardedAt() == null && (entry.eventStatus() == InboxStatus.PENDING
                || entry.eventStatus() == InboxStatus.WAITING)) {
            throw AdminException.conflict("Event " + entry.letter().eventId() + " of dead letter " + id + " is "
                    + entry.eventStatus().name().toLowerCase(Locale.ROOT) + " again after a replay;"
                    + " wait for its result, and discard the dead letter only if the event fails again");
        }
        if (entry.letter().discardedAt() != null || !store.discard(id, clock.instant())) {
            DeadLetterEntry now = show(id);
            if (now.letter().discardedAt() == null) {
                throw AdminException.conflict("Event " + entry.letter().eventId() + " of dead letter " + id
                        + " was replayed meanwhile; wait for its result, then try again");
            }
            throw AdminException.conflict("Dead letter " + id + " was discarded already at "
                    + now.letter().discardedAt());
        }
        LOG.info("Discarded dead letter {}: event {} ({}) of client {} stays {}", id, entry.letter().eventId(),
                entry.letter().eventType(), entry.letter().clientId(), entry.eventStatus());
        return show(id);
    }

    private void reloadMappings() {
        if (mappings == null) {
            return;
        }
        try {
            mappings.reload();
        } catch (MappingException e) {
            throw new AdminException(422, "invalid_mapping", "Nothing was replayed, because the mappings could not"
                    + " be reloaded: " + e.getMessage() + ". Fix the file and replay again");
        }
    }

    private boolean dispatch(Map<Long, InboxEntry> replayed) {
        if (dispatcher == null) {
            return false;
        }
        dispatcher.resubmit(new ArrayList<>(replayed.values()));
        return true;
    }
}
