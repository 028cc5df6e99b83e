package org.privyrghlsync.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.store.JobRun;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.LogCapture;
import org.privyrghlsync.testing.SyncHarness;

/**
 * Runs the runtime against a GreenMail IMAP server on loopback (plain IMAP, no TLS) and the GHL sandbox. The mailbox
 * is polled every second.
 */
class MailboxSyncTest {

    private static final String USER = "leads@example.com";
    private static final String PASSWORD = "imap-Test-Passw0rd&=?";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private GreenMail greenMail;
    private SyncHarness harness;

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    @Test
    void alertsBecomeOneContactEach() throws Exception {
        startMail(0);
        deliver("alert-tracking-link.eml", "forwarded-lead.eml", "alert-empty-email.eml", "alert-emoji-name.eml",
                "alert-labels-one-line.eml");
        startRuntime(Map.of());

        awaitContacts(5);

        ObjectNode maya = contactNamed("Maya");
        assertThat(maya.path("lastName").asText()).isEqualTo("Fernandes");
        assertThat(maya.path("phone").asText()).isEqualTo("+12025550143");
        assertThat(maya.path("email").asText()).isEqualTo("maya.fernandes@example.com");
        assertThat(maya.path("customFields").toString()).contains("58200417");
        ObjectNode oliver = contactNamed("Oliver");
        assertThat(oliver.path("lastName").asText()).isEqualTo("Bennett");
        assertThat(oliver.path("phone").asText()).isEqualTo("+61491570156");
        assertThat(oliver.path("email").asText()).isEqualTo("oliver.bennett@example.org");
        assertThat(oliver.path("source").asText()).isEqualTo("Facebook Lead Ads");
        assertThat(oliver.path("customFields").toString()).contains("58200422");
        ObjectNode priya = contactNamed("Priya");
        assertThat(priya.path("phone").asText()).isEqualTo("+12025550178");
        assertThat(priya.has("email")).as("email of %s", priya).isFalse();
        assertThat(priya.path("customFields").toString()).contains("58200425");
        ObjectNode sam = contactNamed("Sam");
        assertThat(sam.path("lastName").asText()).isEqualTo("\uD83C\uDF3B Rivera");
        assertThat(sam.path("phone").asText()).isEqualTo("+12125550199");
        assertThat(sam.path("customFields").toString()).contains("58200428");
        ObjectNode ana = contactNamed("Ана");
        assertThat(ana.path("lastName").asText()).isEqualTo("Петровић");
        assertThat(ana.path("phone").asText()).isEqualTo("+61491570157");
        assertThat(ana.path("email").asText()).isEqualTo("ana.petrovic@example.org");
        assertThat(ana.path("customFields").toString()).contains("58200430");

        // The poll flags the messages seen after their events are stored, so the flags can lag the contacts.
        await().atMost(WAIT).until(() -> messages("INBOX").stream().allMatch(m -> m.isSet(Flags.Flag.SEEN)));
        assertThat(messages("INBOX")).hasSize(5);
        assertThat(harness.components().inbox().statusOf("mail-alert-58200417")).containsExactly("DONE", "created");
        // Each poll is recorded as a run of the privyr-mailbox job, with the alerts it stored among its counts.
        await().atMost(WAIT).until(() -> storedByPolls() == 5);
    }

    /** Returns the sum of the {@code stored} counts of the recorded mailbox polls. */
    private long storedByPolls() throws IOException {
        long stored = 0;
        for (JobRun run : harness.components().jobRuns().runs("privyr-mailbox", 1000)) {
            if (run.countsJson() != null) {
                stored += JSON.readTree(run.countsJson()).path("stored").asLong();
            }
        }
        return stored;
    }

    @Test
    void digestAndOtherMailCreateNothing() throws Exception {
        startMail(0);
        deliver("daily-digest.eml", "colleague-new-lead.eml", "alert-tracking-link.eml");
        startRuntime(Map.of());

        awaitContacts(1);
        await().atMost(WAIT).until(() -> messages("INBOX").stream().filter(this::isSeen).count() == 2);

        assertThat(contactNamed("Maya").path("lastName").asText()).isEqualTo("Fernandes");
        assertThat(harness.inboxCount()).isEqualTo(1);
        assertThat(seenBySubject("Daily Client Summary")).as("digest flagged as seen").contains(true);
        assertThat(seenBySubject("New Lead: Walk-in")).as("colleague's mail untouched").contains(false);
        harness.awaitIdle();
        assertThat(harness.sandbox().contacts(location())).hasSize(1);
    }

    @Test
    void unparseableAlertMovedToFailedFolder() throws Exception {
        startMail(0);
        deliver("alert-unparseable.eml", "alert-tracking-link.eml");
        try (LogCapture logs = new LogCapture()) {
            startRuntime(Map.of());

            await().atMost(WAIT).until(() -> messages("Privyr-Unparsed").size() == 1);
            awaitContacts(1);

            // A move copies the message, then expunges it from INBOX, so INBOX may hold both for a moment.
            await().atMost(WAIT).until(() -> messages("INBOX").size() == 1);
            assertThat(harness.inboxCount()).isEqualTo(1);
            assertThat(logs.lines()).anyMatch(line -> line.contains("cannot be parsed because none of the labels")
                    && line.contains("moved to folder 'Privyr-Unparsed'"));
        }
    }

    @Test
    void messageIdsMaskedAndDistinct() throws Exception {
        startMail(0);
        deliverWithMessageId("alert-unparseable.eml", "<abc123@localhost>");
        deliverWithMessageId("alert-unparseable.eml", "<abc124@localhost>");
        try (LogCapture logs = new LogCapture()) {
            startRuntime(Map.of());

            await().atMost(WAIT).until(() -> unparsedLines(logs).size() == 2);

            List<String> lines = unparsedLines(logs);
            assertThat(lines).allMatch(line -> line.contains("(Message-ID <a***@localhost> sha256:"), "masked");
            assertThat(logs.lines()).noneMatch(line -> line.contains("abc123") || line.contains("abc124"));
            assertThat(lines.get(0)).isNotEqualTo(lines.get(1));
        }
    }

    private static List<String> unparsedLines(LogCapture logs) {
        return logs.lines().stream().filter(line -> line.contains("cannot be parsed because")).toList();
    }

    @Test
    void changedAlertFormatKeptForReview() throws Exception {
        startMail(0);
        deliver("alert-new-subject.eml", "alert-reordered-labels.eml", "alert-tracking-link.eml");
        startRuntime(Map.of());

        await().atMost(WAIT).until(() -> messages("Privyr-Unparsed").size() == 2);
        awaitContacts(1);
        harness.awaitIdle();

        assertThat(harness.inboxCount()).isEqualTo(1);
        assertThat(harness.sandbox().contacts(location())).singleElement()
                .satisfies(contact -> assertThat(contact.path("lastName").asText()).isEqualTo("Fernandes"));
    }

    @Test
    void missingStartTlsNamesTheFix() throws Exception {
        startMail(0);
        deliver("alert-tracking-link.eml");
        try (LogCapture logs = new LogCapture()) {
            startRuntime(Map.of("privyr.mailbox.starttls", "true"));

            await().atMost(WAIT).until(() -> !failedPollCounts(logs).isEmpty());

            assertThat(logs.lines()).anyMatch(line -> line.contains("STARTTLS")
                    && line.contains("set privyr.mailbox.starttls=false in the configuration file"));
            assertThat(harness.sandbox().contacts(location())).isEmpty();
        }
    }

    @Test
    void processedFolderReceivesStoredAlerts() throws Exception {
        startMail(0);
        deliver("alert-tracking-link.eml");
        startRuntime(Map.of("privyr.mailbox.processed-folder", "Privyr-Processed"));

        awaitContacts(1);
        await().atMost(WAIT).until(() -> messages("Privyr-Processed").size() == 1);

        await().atMost(WAIT).until(() -> messages("INBOX").isEmpty());
        assertThat(messages("Privyr-Processed").get(0).isSet(Flags.Flag.SEEN)).isTrue();
    }

    @Test
    void sameLeadByWebhookAndMailOneContact() throws Exception {
        startMail(0);
        startRuntime(Map.of());
        harness.post(Events.client("client.created", "evt-hannah-1", "2025-03-17T09:59:00Z", "58200431", Map.of(
                "name", "Hannah Schmidt", "email", "hannah.schmidt@example.com", "phone", "+12025550111")));
        harness.awaitIdle();

        deliver("alert-webhook-twin.eml");
        await().atMost(WAIT).until(() -> harness.components().inbox().statusOf("mail-alert-58200431") != null);
        harness.awaitIdle();

        assertThat(harness.sandbox().contacts(location())).hasSize(1);
        assertThat(harness.ghlRequests("POST", "/contacts/")).hasSize(1);
        assertThat(harness.components().inbox().statusOf("mail-alert-58200431")).containsExactly("DONE", "updated");
        assertThat(harness.components().ledger().findLink(location(), "58200431")).isPresent();
    }

    @Test
    void alertWithoutLinkReadTwiceOneContact() throws Exception {
        startMail(0);
        deliver("alert-without-link.eml");
        startRuntime(Map.of());
        awaitContacts(1);

        deliver("alert-without-link.eml");
        await().atMost(WAIT).until(() -> messages("INBOX").stream().allMatch(this::isSeen)
                && messages("INBOX").size() == 2);
        harness.awaitIdle();

        assertThat(harness.sandbox().contacts(location())).hasSize(1);
        assertThat(harness.inboxCount()).isEqualTo(1);
        assertThat(contactNamed("Grace").path("customFields").toString()).containsPattern("mail-[0-9a-f]{32}");
    }

    @Test
    void serverDownLoggedAndRetried() throws Exception {
        int port = freePort();
        try (LogCapture logs = new LogCapture()) {
            startRuntime(mailboxSettings(port));

            await().atMost(WAIT).until(() -> failedPollCounts(logs).size() >= 3);
            startMail(port);
            deliver("alert-tracking-link.eml");
            awaitContacts(1);
            await().atMost(WAIT).until(() -> logs.lines().stream().anyMatch(line ->
                    line.contains("Polling the Privyr mailbox imap://127.0.0.1:" + port + "/INBOX works again")));

            List<Integer> counts = failedPollCounts(logs);
            for (int i = 0; i < counts.size(); i++) {
                assertThat(counts.get(i)).as("failed poll counts %s", counts).isEqualTo(i + 1);
            }
            assertThat(logs.lines()).noneMatch(line -> line.contains("failed polling endpoint"));
            assertThat(harness.runtime().camelContext().getRouteController().getRouteStatus("privyr-mailbox"))
                    .isEqualTo(ServiceStatus.Started);
        }
    }

    @Test
    void wrongPasswordLoggedAndRetried() throws Exception {
        startMail(0);
        deliver("alert-tracking-link.eml");
        Path passwordFile = Files.createTempFile("mailbox-password", ".txt");
        Files.writeString(passwordFile, "not-the-Password-42\n");
        Map<String, String> settings = new HashMap<>(mailboxSettings(greenMail.getImap().getPort()));
        settings.put("privyr.mailbox.password", "");
        settings.put("privyr.mailbox.password-file", passwordFile.toString());
        try (LogCapture logs = new LogCapture()) {
            startRuntime(settings);

            await().atMost(WAIT).until(() -> failedPollCounts(logs).size() >= 2);
            assertThat(harness.sandbox().contacts(location())).isEmpty();
            assertThat(messages("INBOX").get(0).isSet(Flags.Flag.SEEN)).isFalse();

            Files.writeString(passwordFile, PASSWORD + "\n");
            awaitContacts(1);

            assertThat(logs.lines()).anyMatch(line -> line.contains("AuthenticationFailedException"));
            assertThat(logs.lines()).noneMatch(line -> line.contains("not-the-Password-42"));
            assertThat(logs.lines()).noneMatch(line -> line.contains(PASSWORD));
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    @Test
    void seenOnlyAfterEventStored() throws Exception {
        startMail(0);
        startRuntime(Map.of());
        try (Connection blocker = holdEventId("mail-alert-58200417")) {
            deliver("alert-tracking-link.eml");

            // The store waits for the blocker's uncommitted row with the same event_id, so the event is not stored.
            await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() ->
                    !messages("INBOX").get(0).isSet(Flags.Flag.SEEN)
                            && harness.components().inbox().statusOf("mail-alert-58200417") == null);

            blocker.rollback();
            awaitContacts(1);
            await().atMost(WAIT).until(() -> messages("INBOX").get(0).isSet(Flags.Flag.SEEN));
        }
    }

    @Test
    void storeFailureLeavesMessageUnseen() throws Exception {
        startMail(0);
        try (LogCapture logs = new LogCapture()) {
            startRuntime(Map.of("privyr.inbox.store-timeout-ms", "500"));
            try (Connection blocker = holdEventId("mail-alert-58200417")) {
                deliver("alert-tracking-link.eml");

                await().atMost(WAIT).until(() -> logs.lines().stream().filter(line ->
                        line.contains("Storing event mail-alert-58200417 of lead alert")
                                && line.contains("failed, so the message stays unseen")).count() >= 2);
                assertThat(messages("INBOX").get(0).isSet(Flags.Flag.SEEN)).isFalse();

                blocker.rollback();
            }
            awaitContacts(1);
            await().atMost(WAIT).until(() -> messages("INBOX").get(0).isSet(Flags.Flag.SEEN));
            assertThat(harness.inboxCount()).isEqualTo(1);
            assertThat(harness.ghlRequests("POST", "/contacts/")).hasSize(1);
        }
    }

    @Test
    void untrustedCertificateRejected() throws Exception {
        // GreenMail's IMAPS server presents its own self-signed certificate, which the JVM does not trust.
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAPS).dynamicPort());
        greenMail.start();
        greenMail.setUser(USER, USER, PASSWORD);
        deliver("alert-tracking-link.eml");
        Map<String, String> settings = new HashMap<>(mailboxSettings(greenMail.getImaps().getPort()));
        settings.put("privyr.mailbox.protocol", "imaps");
        try (LogCapture logs = new LogCapture()) {
            harness = SyncHarness.start(SandboxConfig.builder(), settings);

            await().atMost(WAIT).until(() -> failedPollCounts(logs).size() >= 2);

            assertThat(logs.lines()).anyMatch(line -> line.contains("Polling the Privyr mailbox imaps://127.0.0.1:")
                    && line.contains("SSLHandshakeException"));
            assertThat(harness.sandbox().contacts(location())).isEmpty();
            assertThat(messages("INBOX").get(0).isSet(Flags.Flag.SEEN)).isFalse();
        }
    }

    @Test
    void disabledWithoutHost() throws Exception {
        harness = SyncHarness.start();

        assertThat(harness.runtime().camelContext().getRoute("privyr-mailbox")).isNull();
    }

    private void startMail(int port) {
        ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
        greenMail = new GreenMail(port == 0 ? setup.dynamicPort() : setup);
        greenMail.start();
        greenMail.setUser(USER, USER, PASSWORD);
    }

    private void startRuntime(Map<String, String> extra) throws Exception {
        Map<String, String> settings = new HashMap<>(greenMail == null ? Map.of()
                : mailboxSettings(greenMail.getImap().getPort()));
        settings.putAll(extra);
        harness = SyncHarness.start(SandboxConfig.builder(), settings);
    }

    /** Returns the mailbox keys of a runtime that polls GreenMail on {@code port} every second. */
    static Map<String, String> mailboxSettings(int port) {
        Map<String, String> settings = new HashMap<>();
        settings.put("privyr.mailbox.host", "127.0.0.1");
        settings.put("privyr.mailbox.port", Integer.toString(port));
        settings.put("privyr.mailbox.protocol", "imap");
        settings.put("privyr.mailbox.starttls", "false");
        settings.put("privyr.mailbox.user", USER);
        settings.put("privyr.mailbox.password", PASSWORD);
        settings.put("privyr.mailbox.cron", "0/1 * * * * ?");
        settings.put("privyr.mailbox.timeout-ms", "5000");
        return settings;
    }

    private void deliver(String... fixtures) {
        GreenMailUser user = greenMail.getUserManager().getUser(USER);
        for (String fixture : fixtures) {
            user.deliver(MailFixtures.load(fixture));
        }
    }

    private void deliverWithMessageId(String fixture, String messageId) throws MessagingException {
        MimeMessage message = MailFixtures.load(fixture);
        message.setHeader("Message-ID", messageId);
        greenMail.getUserManager().getUser(USER).deliver(message);
    }

    private List<StoredMessage> messages(String folderName) throws Exception {
        ImapHostManager imap = greenMail.getManagers().getImapHostManager();
        GreenMailUser user = greenMail.getUserManager().getUser(USER);
        MailFolder folder = folderName.equals("INBOX") ? imap.getInbox(user) : imap.getFolder(user, folderName);
        return folder == null ? List.of() : folder.getMessages();
    }

    private boolean isSeen(StoredMessage message) {
        return message.isSet(Flags.Flag.SEEN);
    }

    private Optional<Boolean> seenBySubject(String subjectStart) throws Exception {
        for (StoredMessage message : messages("INBOX")) {
            if (message.getMimeMessage().getSubject().startsWith(subjectStart)) {
                return Optional.of(message.isSet(Flags.Flag.SEEN));
            }
        }
        return Optional.empty();
    }

    private void awaitContacts(int count) {
        await().atMost(WAIT).until(() -> harness.sandbox().contacts(location()).size() >= count);
        harness.awaitIdle();
        assertThat(harness.sandbox().contacts(location())).hasSize(count);
    }

    private ObjectNode contactNamed(String firstName) {
        return harness.sandbox().contacts(location()).stream()
                .filter(contact -> contact.path("firstName").asText().equals(firstName))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no contact with first name " + firstName + " in "
                        + harness.sandbox().contacts(location())));
    }

    private String location() {
        return harness.sandbox().config().locationId();
    }

    /** Returns the counts of the "failed (failure N in a row)" warnings, in log order. */
    private static List<Integer> failedPollCounts(LogCapture logs) {
        Pattern failed = Pattern.compile("Polling the Privyr mailbox .* failed \\(failure (\\d+) in a row\\)");
        return logs.lines().stream()
                .map(failed::matcher)
                .filter(Matcher::find)
                .map(matcher -> Integer.parseInt(matcher.group(1)))
                .toList();
    }

    /**
     * Inserts an inbox row with {@code eventId} in a transaction that stays open, on a second connection to the
     * harness's H2 store. The runtime's insert of the same event_id then waits for this transaction; rolling it back
     * lets that insert go through.
     */
    private Connection holdEventId(String eventId) throws SQLException {
        // H2 shares the runtime's open database within this JVM only under the runtime's own URL.
        Connection connection = DriverManager.getConnection(harness.storeUrl(), "", "");
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO inbox_event (event_id, event_type,"
                + " account_id, location_id, client_id, occurred_at, received_at, payload)"
                + " VALUES (?, 'client.created', 'blocker', 'blocker', 'blocker', CURRENT_TIMESTAMP,"
                + " CURRENT_TIMESTAMP, X'7B7D')")) {
            insert.setString(1, eventId);
            insert.executeUpdate();
        }
        return connection;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
