package org.privyrghlsync.mailbox;

import jakarta.mail.Address;
import jakarta.mail.Flags;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.FromStringTerm;
import jakarta.mail.search.OrTerm;
import jakarta.mail.search.SearchTerm;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which mail messages are Privyr lead alerts: exactly one From address, one of the configured senders, and a
 * subject that starts with {@value #SUBJECT_PREFIX}. Privyr's daily digest comes from the same sender with the
 * subject "Daily Client Summary: ..." and is not an alert. Any other subject from a Privyr sender is kept for a
 * person to review, because Privyr may have changed the subject of its alerts.
 */
public final class AlertFilter {

    public static final String SUBJECT_PREFIX = "New Lead:";
    /** The start of the subject of Privyr's daily digest, compared without regard to case. */
    private static final String DIGEST_PREFIX = "Daily Client Summary";

    private final Set<String> senders = new LinkedHashSet<>();

    /** Creates a filter for these sender addresses, compared without regard to case. */
    public AlertFilter(List<String> senderAddresses) {
        if (senderAddresses.isEmpty()) {
            throw new IllegalArgumentException("At least one sender address is required");
        }
        for (String sender : senderAddresses) {
            senders.add(sender.strip().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * The reason a message is not a lead alert, which contains no personal data.
     *
     * @param review true for a message from a Privyr sender with an unknown subject, which may be an alert in a new
     *     format
     */
    public record Rejection(String reason, boolean review) {
    }

    /** Returns why the message is not a lead alert, or empty when it is one. */
    public Optional<Rejection> rejection(Address[] from, String subject) {
        if (from == null || from.length == 0) {
            return Optional.of(new Rejection("it has no From address", false));
        }
        if (from.length > 1) {
            return Optional.of(new Rejection("it has " + from.length + " From addresses", false));
        }
        if (!(from[0] instanceof InternetAddress address) || address.getAddress() == null
                || !senders.contains(address.getAddress().strip().toLowerCase(Locale.ROOT))) {
            return Optional.of(new Rejection("its sender is not one of privyr.mailbox.senders", false));
        }
        String trimmed = subject == null ? "" : subject.strip();
        if (!trimmed.regionMatches(true, 0, SUBJECT_PREFIX, 0, SUBJECT_PREFIX.length())) {
            return Optional.of(trimmed.regionMatches(true, 0, DIGEST_PREFIX, 0, DIGEST_PREFIX.length())
                    ? new Rejection("it is Privyr's daily digest, not a lead alert", false)
                    : new Rejection("its subject does not start with '" + SUBJECT_PREFIX + "'", true));
        }
        return Optional.empty();
    }

    /**
     * Returns the IMAP search for unread messages from the senders. The server checks only a substring of the From
     * header, so {@link #rejection} still checks each message. The subject is checked only there, on the decoded
     * subject, so that an encoded subject (a lead name with emoji) cannot make the server's search miss an alert.
     */
    public SearchTerm searchTerm() {
        SearchTerm[] fromSenders = senders.stream().map(FromStringTerm::new).toArray(SearchTerm[]::new);
        SearchTerm fromAny = fromSenders.length == 1 ? fromSenders[0] : new OrTerm(fromSenders);
        return new AndTerm(new FlagTerm(new Flags(Flags.Flag.SEEN), false), fromAny);
    }
}
