package org.privyrghlsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.privyrghlsync.events.EventEnvelope;
import org.privyrghlsync.events.EventType;
import org.privyrghlsync.ghl.GhlClient;
import org.privyrghlsync.ghl.GhlException;
import org.privyrghlsync.ghl.GhlResponse;
import org.privyrghlsync.mapping.MappedTask;
import org.privyrghlsync.mapping.ReloadableMappings;
import org.privyrghlsync.mapping.TaskBodies;
import org.privyrghlsync.mapping.TaskChange;
import org.privyrghlsync.mapping.TaskMapping;
import org.privyrghlsync.store.InboxEntry;
import org.privyrghlsync.store.ItemLink;
import org.privyrghlsync.store.Outcome;
import org.privyrghlsync.store.SyncLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code task.created}, {@code task.updated} and {@code task.deleted} events to the tasks of the client's GHL
 * contact, keeping the Privyr task id to GHL task id map.
 *
 * <p>A task already linked is updated with only what changed, through the completed endpoint when only the status
 * changed; an unlinked one is created, so a repeated {@code task.created} never makes a second task. A deleted task
 * keeps its link, marked deleted, so that a late event for it changes nothing. An event older than the last one
 * applied to the task is skipped.
 */
public final class TaskSyncProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(TaskSyncProcessor.class);

    private final ReloadableMappings mappings;
    private final GhlClient ghl;
    private final SyncLedger ledger;
    private final ClientContacts clientContacts;
    private final OnceCreation once;

    public TaskSyncProcessor(ReloadableMappings mappings, GhlClient ghl, SyncLedger ledger,
            ClientContacts clientContacts) {
        this.mappings = mappings;
        this.ghl = ghl;
        this.ledger = ledger;
        this.clientContacts = clientContacts;
        this.once = new OnceCreation(ledger);
    }

    @Override
    public void process(Exchange exchange) {
        EventEnvelope event = exchange.getMessage().getBody(EventEnvelope.class);
        InboxEntry entry = exchange.getProperty(SyncResult.INBOX_ENTRY, InboxEntry.class);
        exchange.setProperty(SyncResult.PROPERTY, apply(mappings.task(), entry, event));
    }

    private SyncResult apply(TaskMapping mapping, InboxEntry entry, EventEnvelope event) {
        String taskId = event.task().path("id").asText();
        Optional<ItemLink> item = ledger.findItem(entry.locationId(), ItemLink.TASK, taskId);
        if (item.isPresent() && event.occurredAt().isBefore(item.get().lastOccurredAt())) {
            return SyncResult.staleItem(event.occurredAt(), item.get());
        }
        if (item.isPresent() && item.get().deleted()) {
            return new SyncResult(Outcome.UNCHANGED, null, "task " + taskId + " was deleted by event "
                    + item.get().lastEventId() + "; nothing to change");
        }
        ItemLink stored = item.orElse(null);
        if (event.eventType() == EventType.TASK_DELETED) {
            return delete(entry, event, taskId, stored);
        }
        ClientContacts.Resolved contact = clientContacts.resolve(entry, event);
        if (contact == null) {
            return SyncResult.waitingForContact(event.client().id(), ItemLink.TASK, taskId);
        }
        // An unfinished create stored the values it sent; a partial task.updated applies on top of them.
        MappedTask last = stored == null ? null : MappedTask.fromJson(stored.lastPushedJson());
        MappedTask desired = map(mapping, event, taskId, last);
        for (String warning : desired.warnings()) {
            LOG.warn("Event {} of client {}: {}", event.eventId(), event.client().id(), warning);
        }
        return stored == null || OnceCreation.isUnfinished(stored)
                ? create(mapping, entry, event, taskId, contact, desired, stored)
                : update(mapping, entry, event, stored, contact, desired, last);
    }

    private MappedTask map(TaskMapping mapping, EventEnvelope event, String taskId, MappedTask last) {
        try {
            return mapping.mapUpdate(event.task(), event.occurredAt(), last);
        } catch (IllegalArgumentException e) {
            throw new EventRejectedException("Mapping task " + taskId + " failed: " + e.getMessage(), e);
        }
    }

    private SyncResult create(TaskMapping mapping, InboxEntry entry, EventEnvelope event, String taskId,
            ClientContacts.Resolved contact, MappedTask desired, ItemLink stored) {
        if (mapping.deletes(desired)) {
            ItemLink none = new ItemLink(entry.locationId(), ItemLink.TASK, taskId, event.client().id(),
                    contact.link().contactId(), "", true, desired.toJson(), event.occurredAt(), event.eventId());
            return contact.result(Outcome.UNCHANGED, none, "task " + taskId
                    + " is cancelled and cancelled tasks are deleted; no GHL task created");
        }
        ClientContacts.Called<String> created = clientContacts.onContact(contact,
                contactId -> createTask(entry, event, taskId, contactId, desired, stored));
        ItemLink link = new ItemLink(entry.locationId(), ItemLink.TASK, taskId, event.client().id(),
                created.contact().link().contactId(), created.value(), false, desired.toJson(), event.occurredAt(),
                event.eventId());
        return created.contact().result(Outcome.CREATED, link, "created task " + created.value() + " on contact "
                + created.contact().link().contactId());
    }

    private SyncResult update(TaskMapping mapping, InboxEntry entry, EventEnvelope event, ItemLink item,
            ClientContacts.Resolved contact, MappedTask desired, MappedTask last) {
        if (mapping.deletes(desired)) {
            deleteTask(entry.locationId(), item);
            return contact.result(Outcome.DELETED, deleted(item, desired, event), "task " + item.itemId()
                    + " is cancelled; deleted GHL task " + item.ghlId());
        }
        TaskChange change = TaskBodies.diff(desired, last);
        if (change.isEmpty() && item.contactId().equals(contact.link().contactId())) {
            return contact.result(Outcome.UNCHANGED, applied(item, item.contactId(), item.ghlId(), desired, event),
                    "no task field changed; no GHL call made");
        }
        ClientContacts.Called<String> called = clientContacts.onContact(contact, contactId -> {
            if (!contactId.equals(item.contactId())) {
                // The task belonged to a contact that is gone; it is made again on the client's current contact.
                return createTask(entry, event, item.itemId(), contactId, desired, item);
            }
            try {
                if (change.completionOnly()) {
                    ghl.send(entry.locationId(), "PUT", taskPath(item) + "/completed", null,
                            Map.of("completed", desired.completed()));
                } else {
                    ghl.send(entry.locationId(), "PUT", taskPath(item), null, change.updateBody());
                }
                return item.ghlId();
            } catch (GhlException e) {
                if (!isMissingTask(e)) {
                    throw e;
                }
                LOG.warn("GHL task {} of task {} no longer exists; creating it again", item.ghlId(), item.itemId());
                return createTask(entry, event, item.itemId(), contactId, desired, item);
            }
        });
        String contactId = called.contact().link().contactId();
        ItemLink next = applied(item, contactId, called.value(), desired, event);
        String detail = called.value().equals(item.ghlId())
                ? (change.completionOnly() ? (desired.completed() ? "completed" : "reopened") + " task "
                        + item.ghlId() : "updated " + String.join(", ", change.updateBody().keySet()) + " of task "
                        + item.ghlId())
                : "GHL task " + item.ghlId() + " was gone; created task " + called.value() + " on contact "
                        + contactId;
        return called.contact().result(Outcome.UPDATED, next, detail);
    }

    private SyncResult delete(InboxEntry entry, EventEnvelope event, String taskId, ItemLink item) {
        if (OnceCreation.isUnfinished(item)) {
            // The create's response was lost, so delete the task that it may have made, matched as a retry matches it.
            MappedTask sent = MappedTask.fromJson(item.lastPushedJson());
            String contactId = item.contactId();
            Optional<String> createdEarlier = once.findEarlier(item, () -> listTasks(entry.locationId(), contactId),
                    task -> sameTask(task, sent));
            if (createdEarlier.isPresent()) {
                ItemLink found = new ItemLink(item.locationId(), item.kind(), item.itemId(), item.clientId(),
                        item.contactId(), createdEarlier.get(), false, item.lastPushedJson(), item.lastOccurredAt(),
                        item.lastEventId());
                deleteTask(entry.locationId(), found);
                return SyncResult.ofItem(Outcome.DELETED, null, deleted(found, null, event), "deleted task "
                        + found.ghlId());
            }
            item = null;
        }
        if (item == null) {
            // Remembered as deleted, so that a task.created arriving late does not create it.
            ItemLink tombstone = new ItemLink(entry.locationId(), ItemLink.TASK, taskId, event.client().id(), "", "",
                    true, "{}", event.occurredAt(), event.eventId());
            return SyncResult.ofItem(Outcome.UNCHANGED, null, tombstone, "task " + taskId
                    + " was never synced to GHL; nothing to delete");
        }
        deleteTask(entry.locationId(), item);
        return SyncResult.ofItem(Outcome.DELETED, null, deleted(item, null, event), "deleted task " + item.ghlId());
    }

    /** Creates the GHL task once, recording the attempt first (see {@link OnceCreation}), and returns its id. */
    private String createTask(InboxEntry entry, EventEnvelope event, String taskId, String contactId,
            MappedTask desired, ItemLink stored) {
        String locationId = entry.locationId();
        ItemLink intent = new ItemLink(locationId, ItemLink.TASK, taskId, event.client().id(), contactId, "", false,
                desired.toJson(), event.occurredAt(), event.eventId());
        MappedTask sentEarlier = OnceCreation.isUnfinished(stored) ? MappedTask.fromJson(stored.lastPushedJson())
                : null;
        OnceCreation.Created created = once.create(intent, stored, () -> listTasks(locationId, contactId),
                task -> sameTask(task, sentEarlier),
                () -> {
                    GhlResponse answer = ghl.sendOnce(locationId, "POST", "/contacts/" + contactId + "/tasks", null,
                            TaskBodies.createBody(desired));
                    String id = answer.body().path("task").path("id").asText(null);
                    if (id == null || id.isBlank()) {
                        throw new GhlException("GHL's create-task response has no task.id", answer.status(), null,
                                answer.body().toString(), null);
                    }
                    return id;
                });
        if (created.adopted()) {
            // The task has the values the earlier attempt sent. Update it to this event's values.
            TaskChange change = TaskBodies.diff(desired, sentEarlier);
            ItemLink found = new ItemLink(locationId, ItemLink.TASK, taskId, event.client().id(), contactId,
                    created.ghlId(), false, stored.lastPushedJson(), event.occurredAt(), event.eventId());
            if (change.completionOnly()) {
                ghl.send(locationId, "PUT", taskPath(found) + "/completed", null, change.completionBody());
            } else if (!change.isEmpty()) {
                ghl.send(locationId, "PUT", taskPath(found), null, change.updateBody());
            }
        }
        return created.ghlId();
    }

    private Iterable<JsonNode> listTasks(String locationId, String contactId) {
        return ghl.send(locationId, "GET", "/contacts/" + contactId + "/tasks", null, null).body().path("tasks");
    }

    /**
     * Returns true when a task GHL listed has the title, due date and assignee (when one was sent) that {@code sent}
     * was created with.
     */
    private static boolean sameTask(JsonNode task, MappedTask sent) {
        String due = task.path("dueDate").asText("");
        return sent != null && sent.title().equals(task.path("title").asText(null)) && !due.isEmpty()
                && TaskBodies.wireDueDate(due).equals(TaskBodies.wireDueDate(sent.dueDate()))
                && (sent.assignedTo() == null || sent.assignedTo().equals(task.path("assignedTo").asText(null)));
    }

    /** Deletes the GHL task; one that GHL no longer has, or whose contact is gone, counts as deleted. */
    private void deleteTask(String locationId, ItemLink item) {
        try {
            ghl.send(locationId, "DELETE", taskPath(item), null, null);
        } catch (GhlException e) {
            if (!isMissingTask(e) && !GhlContacts.isMissingContact(e, false)) {
                throw e;
            }
            LOG.info("GHL task {} of task {} was already gone", item.ghlId(), item.itemId());
        }
    }

    private static boolean isMissingTask(GhlException e) {
        return e.status() == 404 && !GhlContacts.isMissingContact(e, false);
    }

    private static String taskPath(ItemLink item) {
        return "/contacts/" + item.contactId() + "/tasks/" + item.ghlId();
    }

    private static ItemLink applied(ItemLink item, String contactId, String ghlId, MappedTask pushed,
            EventEnvelope event) {
        return new ItemLink(item.locationId(), item.kind(), item.itemId(), item.clientId(), contactId, ghlId, false,
                pushed.toJson(), event.occurredAt(), event.eventId());
    }

    private static ItemLink deleted(ItemLink item, MappedTask last, EventEnvelope event) {
        return new ItemLink(item.locationId(), item.kind(), item.itemId(), item.clientId(), item.contactId(),
                item.ghlId(), true, last == null ? item.lastPushedJson() : last.toJson(), event.occurredAt(),
                event.eventId());
    }
}
