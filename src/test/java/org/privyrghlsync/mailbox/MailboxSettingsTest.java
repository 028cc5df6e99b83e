package org.privyrghlsync.mailbox;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.privyrghlsync.testing.SyncHarness;

/** Start-up checks of the privyr.mailbox.* keys; no mail server is needed, because start-up stops first. */
class MailboxSettingsTest {

    private SyncHarness harness;

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                Arguments.of("privyr.mailbox.password", "", "no mailbox password is configured"),
                Arguments.of("privyr.mailbox.user", "", "privyr.mailbox.user is empty"),
                Arguments.of("privyr.mailbox.protocol", "pop3", "privyr.mailbox.protocol must be imaps (TLS) or imap"),
                Arguments.of("privyr.mailbox.port", "70000", "privyr.mailbox.port must be a port number"),
                Arguments.of("privyr.mailbox.starttls", "yes", "privyr.mailbox.starttls must be true or false"),
                Arguments.of("privyr.mailbox.cron", "every minute", "privyr.mailbox.cron is not a Quartz cron"),
                Arguments.of("privyr.mailbox.senders", " , ", "privyr.mailbox.senders is empty"),
                Arguments.of("privyr.mailbox.senders", "privyr.com", "must be a comma-separated list of email"),
                Arguments.of("privyr.mailbox.failed-folder", "INBOX", "must differ from privyr.mailbox.folder"),
                Arguments.of("privyr.mailbox.host", "imap.example.com/x", "privyr.mailbox.host must be a host name"),
                Arguments.of("privyr.mailbox.password-file", "/nonexistent/mailbox-password",
                        "Both privyr.mailbox.password and privyr.mailbox.password-file are set"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("invalidSettings")
    void invalidKeyStopsStartup(String key, String value, String message) throws Exception {
        harness = harnessWith(Map.of(key, value));

        assertThatThrownBy(harness::startRuntime).hasMessageContaining(message);
    }

    @Test
    void missingPasswordFileStopsStartup() throws Exception {
        harness = harnessWith(Map.of("privyr.mailbox.password", "",
                "privyr.mailbox.password-file", "/nonexistent/mailbox-password"));

        assertThatThrownBy(harness::startRuntime)
                .hasMessageContaining("Cannot read the mailbox password file /nonexistent/mailbox-password")
                .hasMessageContaining("PRIVYR_MAILBOX_PASSWORD_FILE");
    }

    @Test
    void emptyPasswordFileStopsStartup() throws Exception {
        Path file = Files.createTempFile("mailbox-password", ".txt");
        Files.writeString(file, "\n");
        harness = harnessWith(Map.of("privyr.mailbox.password", "", "privyr.mailbox.password-file", file.toString()));
        try {
            assertThatThrownBy(harness::startRuntime).hasMessageContaining("is empty");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void accountWithoutLocationStopsStartup() throws Exception {
        harness = harnessWith(Map.of("ghl.location-id", "", "privyr.account-locations", "privyr-test-team:loc-1"));

        assertThatThrownBy(harness::startRuntime)
                .hasMessageContaining("privyr.mailbox.account-id 'privyr-mailbox' has no GHL location");
    }

    /** Returns a harness, not started, whose mailbox keys are valid except for {@code changes}. */
    private static SyncHarness harnessWith(Map<String, String> changes) throws Exception {
        Map<String, String> settings = new HashMap<>(MailboxSyncTest.mailboxSettings(143));
        settings.putAll(changes);
        return SyncHarness.withoutRuntime(settings);
    }
}
