package org.privyrghlsync.mailbox;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Reads the fixture emails of src/test/resources/mail/. */
public final class MailFixtures {

    private static final Session SESSION = Session.getInstance(new Properties());

    private MailFixtures() {
    }

    /** Returns the fixture {@code name} (such as "alert-tracking-link.eml") as a message. */
    public static MimeMessage load(String name) {
        try (InputStream in = MailFixtures.class.getResourceAsStream("/mail/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture /mail/" + name + " on the test classpath");
            }
            return new MimeMessage(SESSION, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            throw new IllegalStateException("Fixture " + name + " is not a valid email", e);
        }
    }

    /** Parses the fixture {@code name} as a lead alert. */
    public static LeadAlert parse(String name) throws UnparseableAlertException {
        MimeMessage message = load(name);
        try {
            return LeadAlertParser.parse(message.getSubject(), MailContent.read(message));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            throw new IllegalStateException("Fixture " + name + " cannot be read", e);
        }
    }
}
