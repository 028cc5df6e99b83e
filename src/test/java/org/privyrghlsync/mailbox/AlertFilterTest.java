package org.privyrghlsync.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Address;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertFilterTest {

    private final AlertFilter filter = new AlertFilter(List.of("alerts-noreply@privyr.com",
            "Lead-Forwarding@privyr.com"));

    @Test
    void alertsFromBothSendersAccepted() throws Exception {
        MimeMessage alert = MailFixtures.load("alert-tracking-link.eml");
        MimeMessage forwarded = MailFixtures.load("forwarded-lead.eml");

        assertThat(filter.rejection(alert.getFrom(), alert.getSubject())).isEmpty();
        assertThat(filter.rejection(forwarded.getFrom(), forwarded.getSubject())).isEmpty();
    }

    @Test
    void dailyDigestRejected() throws Exception {
        MimeMessage digest = MailFixtures.load("daily-digest.eml");

        assertThat(filter.rejection(digest.getFrom(), digest.getSubject()))
                .contains(new AlertFilter.Rejection("it is Privyr's daily digest, not a lead alert", false));
    }

    @Test
    void otherSenderRejected() throws Exception {
        MimeMessage colleague = MailFixtures.load("colleague-new-lead.eml");

        assertThat(filter.rejection(colleague.getFrom(), colleague.getSubject()))
                .contains(new AlertFilter.Rejection("its sender is not one of privyr.mailbox.senders", false));
    }

    @Test
    void lookalikeSenderRejected() throws Exception {
        Address[] from = {new InternetAddress("alerts-noreply@privyr.com.example.net")};

        assertThat(filter.rejection(from, "New Lead: Ada")).isPresent();
    }

    @Test
    void forwardedSubjectRejected() throws Exception {
        Address[] from = {new InternetAddress("alerts-noreply@privyr.com")};

        // From a Privyr sender, an unknown subject may be an alert in a new format, so it is kept for review.
        assertThat(filter.rejection(from, "Fwd: New Lead: Ada"))
                .contains(new AlertFilter.Rejection("its subject does not start with 'New Lead:'", true));
    }

    @Test
    void senderAndPrefixIgnoreCase() throws Exception {
        Address[] from = {new InternetAddress("Privyr <ALERTS-NOREPLY@PRIVYR.COM>")};

        assertThat(filter.rejection(from, "  new lead: Ada")).isEmpty();
    }

    @Test
    void severalFromAddressesRejected() throws Exception {
        Address[] from = {new InternetAddress("alerts-noreply@privyr.com"), new InternetAddress("x@example.com")};

        assertThat(filter.rejection(from, "New Lead: Ada")).map(AlertFilter.Rejection::reason)
                .contains("it has 2 From addresses");
        assertThat(filter.rejection(new Address[0], "New Lead: Ada")).map(AlertFilter.Rejection::reason)
                .contains("it has no From address");
    }
}
