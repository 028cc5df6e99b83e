package org.privyrghlsync.mailbox;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The first HTML part and the first plain-text part of an email, decoded to text; either may be null. Attachments
 * and attached emails are not read.
 */
public record MailContent(String html, String text) {

    /** Maximum number of bytes read from one part (1 MiB). A longer part is cut there. */
    static final int MAX_PART_BYTES = 1 << 20;

    /** Maximum depth of nested multiparts that is read, so that a hostile message cannot recurse without end. */
    private static final int MAX_DEPTH = 10;

    /**
     * Reads the text parts of {@code message}.
     *
     * @throws MessagingException or IOException when the server connection fails or the MIME structure is broken
     */
    public static MailContent read(Part message) throws MessagingException, IOException {
        String[] found = new String[2];
        collect(message, found, 0);
        return new MailContent(found[0], found[1]);
    }

    private static void collect(Part part, String[] found, int depth) throws MessagingException, IOException {
        if (depth > MAX_DEPTH || Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return;
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collect(child, found, depth + 1);
            }
        } else if (part.isMimeType("text/html") && found[0] == null) {
            found[0] = decode(part);
        } else if (part.isMimeType("text/plain") && found[1] == null) {
            found[1] = decode(part);
        }
    }

    /**
     * Decodes a text part with the charset its Content-Type names. A missing or unknown charset is read as UTF-8, so
     * a mislabelled part still gives text instead of an error.
     */
    private static String decode(Part part) throws MessagingException, IOException {
        byte[] bytes;
        try (InputStream in = part.getInputStream()) {
            bytes = in.readNBytes(MAX_PART_BYTES);
        }
        return new String(bytes, charsetOf(part));
    }

    private static Charset charsetOf(Part part) throws MessagingException {
        String name;
        try {
            name = new ContentType(part.getContentType()).getParameter("charset");
        } catch (ParseException e) {
            return StandardCharsets.UTF_8;
        }
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(MimeUtility.javaCharset(name));
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
