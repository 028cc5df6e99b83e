package org.privyrghlsync.events;

import java.util.Arrays;
import java.util.Optional;

/** Privyr event types accepted by the receiver, named as they appear in {@code event_type}. */
public enum EventType {
    CLIENT_CREATED("client.created"),
    CLIENT_UPDATED("client.updated"),
    TASK_CREATED("task.created"),
    TASK_UPDATED("task.updated"),
    TASK_DELETED("task.deleted"),
    NOTE_CREATED("note.created"),
    NOTE_UPDATED("note.updated");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean isClientEvent() {
        return this == CLIENT_CREATED || this == CLIENT_UPDATED;
    }

    public boolean isTaskEvent() {
        return this == TASK_CREATED || this == TASK_UPDATED || this == TASK_DELETED;
    }

    public boolean isNoteEvent() {
        return this == NOTE_CREATED || this == NOTE_UPDATED;
    }

    public static Optional<EventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
