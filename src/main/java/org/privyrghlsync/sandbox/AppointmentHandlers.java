package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Serves {@code GET /contacts/{contactId}/appointments} with GHL's {@code events} wrapper. The sandbox has no
 * appointment create endpoint, so tests seed appointments with {@link GhlSandbox#addAppointment}.
 */
final class AppointmentHandlers extends ContactRecordHandlers {

    /** Calendar id of every seeded appointment. */
    static final String CALENDAR_ID = "sandbox-calendar";

    /** Time format of GHL's contact appointment list, such as {@code 2021-07-16 11:00:00}, without a zone. */
    private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    AppointmentHandlers(SandboxState state, HttpResponses responses) {
        super(state, responses, ContactRecords.Kind.APPOINTMENT, "event", "events", "appointmentId");
    }

    /**
     * Builds a booked appointment in the read shape of the contact appointment list. Properties that the sandbox
     * does not model (assignedUserId, notes, address, groupId) are null, and users and assignedResources are empty.
     *
     * @param startTime wall-clock start, written without a zone as GHL writes it
     * @param now time of creation, written as UTC in dateAdded and dateUpdated
     */
    static ObjectNode appointment(String id, StoredContact contact, String title, LocalDateTime startTime,
                                  LocalDateTime endTime, Instant now) {
        String created = EVENT_TIME.format(LocalDateTime.ofInstant(now, ZoneOffset.UTC));
        ObjectNode event = GhlErrors.JSON.objectNode();
        event.put("id", id);
        event.put("calendarId", CALENDAR_ID);
        event.put("status", "booked");
        event.put("title", title);
        event.putNull("assignedUserId");
        event.putNull("notes");
        event.put("startTime", EVENT_TIME.format(startTime));
        event.put("endTime", EVENT_TIME.format(endTime));
        event.putNull("address");
        event.put("locationId", contact.locationId());
        event.put("contactId", contact.id());
        event.putNull("groupId");
        event.put("appointmentStatus", "booked");
        event.putArray("users");
        event.put("dateAdded", created);
        event.put("dateUpdated", created);
        event.putArray("assignedResources");
        return event;
    }
}
