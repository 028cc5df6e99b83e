package org.privyrghlsync.runtime;

import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.camel.spi.Registry;
import org.privyrghlsync.events.EnvelopeParser;
import org.privyrghlsync.events.InboxWriter;
import org.privyrghlsync.mailbox.AlertFilter;
import org.privyrghlsync.mailbox.MailboxCredentials;
import org.privyrghlsync.mailbox.MailboxErrors;
import org.privyrghlsync.mailbox.MailboxProcessor;
import org.privyrghlsync.mapping.Masking;
import org.privyrghlsync.sync.LocationResolver;
import org.quartz.CronExpression;

/**
 * The optional Privyr mailbox source: reads and checks the {@code privyr.mailbox.*} keys and binds the beans that
 * routes/privyr-mailbox.yaml refers to. It is enabled when {@code privyr.mailbox.host} is set; invalid or missing
 * settings then stop start-up with the key to fix.
 */
final class MailboxSource {

    /** Id of the route in routes/privyr-mailbox.yaml. */
    static final String ROUTE_ID = "privyr-mailbox";

    private final String protocol;
    private final String host;
    private final int port;
    private final String folder;
    private final String user;
    private final MailboxCredentials credentials;
    private final boolean startTls;
    private final String cron;
    private final AlertFilter filter;
    private final String processedFolder;
    private final String failedFolder;
    private final String accountId;
    private final String locationId;

    private MailboxSource(Settings settings, LocationResolver locations) {
        host = settings.text("privyr.mailbox.host");
        if (!host.matches("[A-Za-z0-9.:\\[\\]-]+")) {
            throw invalid("privyr.mailbox.host", "must be a host name or an IP address, got '" + host + "'");
        }
        protocol = settings.text("privyr.mailbox.protocol");
        if (!protocol.equals("imaps") && !protocol.equals("imap")) {
            throw invalid("privyr.mailbox.protocol", "must be imaps (TLS) or imap, got '" + protocol + "'");
        }

        port = settings.integer("privyr.mailbox.port");
        if (port < 1 || port > 65_535) {
            throw invalid("privyr.mailbox.port", "must be a port number from 1 to 65535, got " + port);
        }
        String startTlsText = settings.text("privyr.mailbox.starttls");
        if (!startTlsText.equals("true") && !startTlsText.equals("false")) {
            throw invalid("privyr.mailbox.starttls", "must be true or false, got '" + startTlsText + "'");
        }
        startTls = Boolean.parseBoolean(startTlsText);

        folder = required(settings, "privyr.mailbox.folder", "set it to the folder to poll, such as INBOX");
        user = required(settings, "privyr.mailbox.user", "set PRIVYR_MAILBOX_USER to the mailbox login");
        credentials = credentials(settings, user);

        cron = settings.text("privyr.mailbox.cron");
        try {
            CronExpression.validateExpression(cron);
        } catch (ParseException e) {
            throw invalid("privyr.mailbox.cron", "is not a Quartz cron expression (seconds minutes hours"
                    + " day-of-month month day-of-week), got '" + cron + "': " + e.getMessage());
        }

        filter = new AlertFilter(senders(settings));
        String processed = settings.text("privyr.mailbox.processed-folder");
        processedFolder = processed.isEmpty() ? null : processed;
        failedFolder = required(settings, "privyr.mailbox.failed-folder",
                "set it to the folder that receives alerts which cannot be parsed");
        if (failedFolder.equals(folder) || folder.equals(processedFolder)) {
            throw new IllegalStateException("privyr.mailbox.processed-folder and privyr.mailbox.failed-folder must"
                    + " differ from privyr.mailbox.folder (" + folder + "), the folder that is polled");
        }

        accountId = required(settings, "privyr.mailbox.account-id",
                "set it to the Privyr account id that the alerts' events carry");
        locationId = locations.locationFor(accountId);
        if (locationId == null) {
            throw invalid("privyr.mailbox.account-id", "'" + accountId + "' has no GHL location; add it to"
                    + " privyr.account-locations or set GHL_LOCATION_ID");
        }

        if (settings.integer("privyr.mailbox.max-messages-per-poll") < 1) {
            throw invalid("privyr.mailbox.max-messages-per-poll", "must be at least 1");
        }
        if (settings.integer("privyr.mailbox.timeout-ms") < 1) {
            throw invalid("privyr.mailbox.timeout-ms", "must be at least 1 millisecond");
        }
    }

    /** Returns the configured source, or null when {@code privyr.mailbox.host} is empty. */
    static MailboxSource fromSettings(Settings settings, LocationResolver locations) {
        if (settings.text("privyr.mailbox.host").isEmpty()) {
            return null;
        }
        return new MailboxSource(settings, locations);
    }

    /** Binds the beans of routes/privyr-mailbox.yaml. */
    void bind(Registry registry, EnvelopeParser parser, InboxWriter writer, long storeTimeoutMillis, Clock clock) {
        registry.bind("privyrMailbox", new MailboxProcessor(filter, parser, writer, accountId, locationId,
                processedFolder, failedFolder, storeTimeoutMillis, clock));
        registry.bind("privyrMailboxCredentials", credentials);
        registry.bind("privyrMailboxSearchTerm", filter.searchTerm());
        registry.bind("privyrMailboxJavaMailProperties", javaMailProperties());
        registry.bind("privyrMailboxErrors", new MailboxErrors(describe()));
    }

    /** Returns the server and folder for logs, such as imaps://imap.example.com:993/INBOX. */
    String describe() {
        return protocol + "://" + host + ":" + port + "/" + folder;
    }

    /** Returns the start-up line that names the mailbox and its poll schedule. */
    String startupMessage() {
        return "Polling the Privyr mailbox " + describe() + " as " + Masking.maskPersonalData(user) + " on cron '"
                + cron + "'" + (processedFolder == null ? "" : ", moving stored alerts to '" + processedFolder + "'");
    }

    /** Returns a warning when the password would travel unencrypted to another host, else null. */
    String plainTextWarning() {
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("::1")
                || host.equals("[::1]");
        if (protocol.equals("imap") && !startTls && !loopback) {
            return "privyr.mailbox.protocol is imap and privyr.mailbox.starttls is false, so the mailbox password is"
                    + " sent to " + host + " unencrypted; use imaps, or imap with starttls=true";
        }
        return null;
    }

    /**
     * Returns the JavaMail properties added to camel-mail's own. The server's certificate must name the host, and
     * with plain imap and {@code privyr.mailbox.starttls} the connection must switch to TLS before the login.
     */
    private Properties javaMailProperties() {
        Properties properties = new Properties();
        properties.setProperty("mail." + protocol + ".ssl.checkserveridentity", "true");
        if (protocol.equals("imap") && startTls) {
            properties.setProperty("mail.imap.starttls.enable", "true");
            properties.setProperty("mail.imap.starttls.required", "true");
        }
        return properties;
    }

    private static MailboxCredentials credentials(Settings settings, String user) {
        String password = settings.text("privyr.mailbox.password");
        String passwordFile = settings.text("privyr.mailbox.password-file");
        if (!password.isEmpty() && !passwordFile.isEmpty()) {
            throw new IllegalStateException("Both privyr.mailbox.password and privyr.mailbox.password-file are set;"
                    + " set only one of PRIVYR_MAILBOX_PASSWORD and PRIVYR_MAILBOX_PASSWORD_FILE");
        }
        if (passwordFile.isEmpty()) {
            if (password.isEmpty()) {
                throw new IllegalStateException("privyr.mailbox.host is set but no mailbox password is configured;"
                        + " set PRIVYR_MAILBOX_PASSWORD, or PRIVYR_MAILBOX_PASSWORD_FILE to a file that contains"
                        + " only the password, or unset PRIVYR_MAILBOX_HOST to disable the mailbox source");
            }
            return new MailboxCredentials(user, password, null);
        }
        Path file = Path.of(passwordFile);
        MailboxCredentials.readPasswordFile(file);
        return new MailboxCredentials(user, null, file);
    }

    private static List<String> senders(Settings settings) {
        List<String> senders = new ArrayList<>();
        for (String sender : settings.text("privyr.mailbox.senders").split(",")) {
            String address = sender.strip();
            if (address.isEmpty()) {
                continue;
            }
            if (!address.matches("[^@\\s]+@[^@\\s]+")) {
                throw invalid("privyr.mailbox.senders", "must be a comma-separated list of email addresses, but"
                        + " contains '" + address + "'");
            }
            senders.add(address);
        }
        if (senders.isEmpty()) {
            throw invalid("privyr.mailbox.senders", "is empty; list the addresses that send Privyr's lead alerts,"
                    + " such as alerts-noreply@privyr.com,lead-forwarding@privyr.com");
        }
        return senders;
    }

    private static String required(Settings settings, String key, String hint) {
        String value = settings.text(key);
        if (value.isEmpty()) {
            throw new IllegalStateException("privyr.mailbox.host is set but " + key + " is empty; " + hint
                    + ", or unset PRIVYR_MAILBOX_HOST to disable the mailbox source");
        }
        return value;
    }

    private static IllegalStateException invalid(String key, String reason) {
        return new IllegalStateException("Configuration key " + key + " " + reason);
    }
}
