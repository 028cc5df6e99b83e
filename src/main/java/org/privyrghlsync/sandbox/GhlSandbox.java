package org.privyrghlsync.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local, stateful simulator of the GoHighLevel API v2 (OAuth token, contacts, tags, search, tasks, notes, appointments
 * and contacts by business) for tests, demos and benchmarks, with Java accessors to inspect and seed its state and
 * inject faults.
 */
public final class GhlSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GhlSandbox.class);
    private static final long START_TIMEOUT_SECONDS = 30;

    private final Vertx vertx;
    private final SandboxState state;
    private final int port;

    private GhlSandbox(Vertx vertx, SandboxState state, int port) {
        this.vertx = vertx;
        this.state = state;
        this.port = port;
    }

    /**
     * Starts a sandbox and returns once it accepts connections. It runs one server per available processor on
     * the same port, so requests are spread over the event loops.
     *
     * @throws IllegalStateException when the server cannot bind, for example because the port is in use
     */
    public static GhlSandbox start(SandboxConfig config) {
        SandboxState state = new SandboxState(config);
        Vertx vertx = Vertx.vertx();
        try {
            // Vert.x binds a negative port to one random port that all servers with that same value share.
            int listenPort = config.port() == 0 ? -1 : config.port();
            List<SandboxVerticle> servers = new CopyOnWriteArrayList<>();
            int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
            await(vertx.deployVerticle(() -> {
                SandboxVerticle server = new SandboxVerticle(state, listenPort);
                servers.add(server);
                return server;
            }, new DeploymentOptions().setInstances(instances)));
            int port = servers.get(0).actualPort();
            state.baseUrl = "http://" + hostForUrl(config.host()) + ":" + port;
            LOG.info("GHL sandbox listening on {} for location {}", state.baseUrl, config.locationId());
            return new GhlSandbox(vertx, state, port);
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** Returns the base URL to use in place of {@code https://services.leadconnectorhq.com}. */
    public String baseUrl() {
        return state.baseUrl;
    }

    public SandboxConfig config() {
        return state.config;
    }

    /** Returns the requests served so far, oldest first; {@code /_sandbox/**} requests are not recorded. */
    public List<RecordedRequest> requests() {
        return state.requestLog.snapshot();
    }

    public void clearRequests() {
        state.requestLog.clear();
    }

    /** Returns copies of the location's contacts in the shape of {@code GET /contacts/{id}}, ordered by dateAdded. */
    public List<ObjectNode> contacts(String locationId) {
        List<ObjectNode> copies = new ArrayList<>();
        for (StoredContact contact : state.contacts.location(locationId).after(null)) {
            copies.add(contact.document().deepCopy());
        }
        return copies;
    }

    /** Returns a copy of the contact with this id, or null when no location has it. */
    public ObjectNode contact(String contactId) {
        StoredContact contact = state.contacts.find(contactId);
        return contact == null ? null : contact.document().deepCopy();
    }

    /** Returns copies of the contact's tasks in creation order, or an empty list when the contact does not exist. */
    public List<ObjectNode> tasks(String contactId) {
        return recordCopies(contactId, ContactRecords.Kind.TASK);
    }

    /** Returns copies of the contact's notes in creation order, or an empty list when the contact does not exist. */
    public List<ObjectNode> notes(String contactId) {
        return recordCopies(contactId, ContactRecords.Kind.NOTE);
    }

    /**
     * Adds a booked appointment to the contact, which {@code GET /contacts/{contactId}/appointments} then lists.
     * The sandbox serves no endpoint that creates appointments.
     *
     * @param startTime wall-clock start, returned without a zone like {@code 2021-07-16 11:00:00}
     * @return the new appointment's id
     * @throws IllegalArgumentException when the contact does not exist or the end is before the start
     */
    public String addAppointment(String contactId, String title, LocalDateTime startTime, LocalDateTime endTime) {
        StoredContact contact = requireContact(contactId);
        if (endTime.isBefore(startTime)) {
            throw new IllegalArgumentException("Appointment end " + endTime + " is before its start " + startTime);
        }
        Instant now = state.clock.instant();
        ObjectNode event = state.contacts.records().add(contactId, ContactRecords.Kind.APPOINTMENT,
                id -> AppointmentHandlers.appointment(id, contact, title, startTime, endTime, now));
        return event.get("id").asText();
    }

    /**
     * Adds a note to the contact as a GHL user who wrote it at {@code dateAdded} would. The sandbox's note
     * endpoints then list it like any other.
     *
     * @return the new note's id
     * @throws IllegalArgumentException when the contact does not exist
     */
    public String addNote(String contactId, String body, Instant dateAdded) {
        requireContact(contactId);
        ObjectNode note = state.contacts.records().add(contactId, ContactRecords.Kind.NOTE, id -> {
            ObjectNode created = GhlErrors.JSON.objectNode();
            created.put("id", id);
            created.put("body", body);
            created.put("dateAdded", ContactWriter.formatInstant(dateAdded));
            created.put("contactId", contactId);
            created.put("pinned", false);
            return created;
        });
        return note.get("id").asText();
    }

    /**
     * Attaches the contact to a business, or detaches it when {@code businessId} is null, as GHL's
     * {@code POST /contacts/bulk/business} does. Contact writes cannot set {@code businessId}.
     *
     * @throws IllegalArgumentException when the contact does not exist
     */
    public void setBusiness(String contactId, String businessId) {
        StoredContact contact = requireContact(contactId);
        state.contacts.location(contact.locationId()).setBusiness(contactId, businessId, state.clock.instant());
    }

    /**
     * Deletes the contact with its tasks, notes and appointments, as a user deleting it in GHL would. Later
     * requests on its id get 400 "Contact with id X not found".
     *
     * @throws IllegalArgumentException when the contact does not exist
     */
    public void deleteContact(String contactId) {
        StoredContact contact = requireContact(contactId);
        state.contacts.location(contact.locationId()).delete(contactId);
        LOG.info("GHL sandbox deleted contact {}", contactId);
    }

    /**
     * Merges one contact into another as a GHL user can: the {@code from} contact disappears with its tasks, notes
     * and appointments, and later requests on its id get 400 "Contact with id X not found". The {@code into}
     * contact stays as it was.
     *
     * @throws IllegalArgumentException when either contact does not exist, both ids are the same, or the contacts
     *     belong to different locations
     */
    public void mergeContact(String fromContactId, String intoContactId) {
        StoredContact from = requireContact(fromContactId);
        StoredContact into = requireContact(intoContactId);
        if (from.id().equals(into.id())) {
            throw new IllegalArgumentException("Cannot merge contact " + fromContactId + " into itself");
        }
        if (!from.locationId().equals(into.locationId())) {
            throw new IllegalArgumentException("Cannot merge contact " + fromContactId + " of location "
                    + from.locationId() + " into contact " + intoContactId + " of location " + into.locationId());
        }
        state.contacts.location(from.locationId()).delete(fromContactId);
        LOG.info("GHL sandbox merged contact {} into {}", fromContactId, intoContactId);
    }

    /**
     * Responds to the next {@code times} requests whose method and path match with {@code status} and
     * {@code jsonBody} instead of handling them. Faults apply before the Version, token and rate-limit checks.
     *
     * @param method HTTP method, or null or {@code *} for any
     * @param pathRegex regular expression that must match the whole path, without the query string
     * @param jsonBody response body, or null for GHL's error shape with the status's reason phrase
     */
    public void injectFault(String method, String pathRegex, int status, String jsonBody, int times) {
        injectFault(FaultSpec.status(method, pathRegex, status, jsonBody).times(times));
    }

    /**
     * Injects a fault into the matching requests, after the faults already injected. Faults apply before the
     * Version, token and rate-limit checks.
     *
     * @return the fault's id, as {@code GET /_sandbox/faults} lists it
     */
    public long injectFault(FaultSpec fault) {
        return state.faults.add(fault).id();
    }

    /** Returns the active faults in the order they are tried. */
    public List<FaultSpec> faults() {
        return state.faults.list().stream().map(FaultInjector.Fault::spec).toList();
    }

    /**
     * Holds the next {@code times} matching requests for {@code delay} and then returns 504 without handling them,
     * as a gateway that timed out before GHL acted would; a client with a shorter timeout sees a timeout.
     */
    public void injectDelay(String method, String pathRegex, Duration delay, int times) {
        injectFault(FaultSpec.of(FaultSpec.Kind.TIMEOUT, method, pathRegex).withDelay(delay.toMillis())
                .times(times));
    }

    /** Returns a one-time authorization code whose exchange gives an agency (Company) token. */
    public String issueCompanyAuthorizationCode() {
        return state.tokens.issueAuthorizationCode(null, AccessGrant.COMPANY);
    }

    /**
     * Makes the next {@code times} matching requests take effect as usual but lose their response: the connection
     * closes before the response is sent, as when a network drops after the server acted.
     */
    public void injectLostResponse(String method, String pathRegex, int times) {
        injectFault(FaultSpec.of(FaultSpec.Kind.DISCONNECT_AFTER, method, pathRegex).times(times));
    }

    public void clearFaults() {
        state.faults.clear();
    }

    /** Makes every access token issued so far expired; the private token and refresh tokens stay valid. */
    public void expireAccessTokens() {
        state.tokens.expireAccessTokens();
    }

    /** Sets whether {@code POST /contacts/} accepts a contact whose email or phone already exists. */
    public void setAllowDuplicates(boolean allowDuplicates) {
        state.contacts.setAllowDuplicates(allowDuplicates);
    }

    /** Returns a one-time code that {@code grant_type=authorization_code} exchanges for tokens of the location. */
    public String issueAuthorizationCode(String locationId) {
        return state.tokens.issueAuthorizationCode(locationId, AccessGrant.LOCATION);
    }

    /** Stops the servers and releases the port; stored state is lost. */
    @Override
    public void close() {
        try {
            await(vertx.close());
            LOG.info("GHL sandbox on {} stopped", state.baseUrl);
        } catch (IllegalStateException e) {
            LOG.warn("GHL sandbox on {} did not stop cleanly", state.baseUrl, e);
        }
    }

    private StoredContact requireContact(String contactId) {
        StoredContact contact = state.contacts.find(contactId);
        if (contact == null) {
            throw new IllegalArgumentException("Sandbox contact " + contactId + " not found");
        }
        return contact;
    }

    private List<ObjectNode> recordCopies(String contactId, ContactRecords.Kind kind) {
        if (state.contacts.find(contactId) == null) {
            return List.of();
        }
        List<ObjectNode> copies = new ArrayList<>();
        for (ObjectNode record : state.contacts.records().list(contactId, kind)) {
            copies.add(record.deepCopy());
        }
        return copies;
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the GHL sandbox", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("GHL sandbox failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("GHL sandbox did not respond within " + START_TIMEOUT_SECONDS + " s", e);
        }
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
