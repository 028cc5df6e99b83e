package org.privyrghlsync.mailbox;

import jakarta.mail.PasswordAuthentication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.component.mail.MailAuthenticator;
import org.privyrghlsync.mapping.Masking;

/**
 * The mailbox login for camel-mail's {@code authenticator} option, so that the password never appears in an endpoint
 * URI. A password file is read again at each connection, so a rotated password is used from the next poll on.
 */
public final class MailboxCredentials extends MailAuthenticator {

    private final String user;
    private final String password;
    private final Path passwordFile;

    /** Creates credentials with a fixed password, or with {@code passwordFile} when that is not null. */
    public MailboxCredentials(String user, String password, Path passwordFile) {
        this.user = user;
        this.password = password;
        this.passwordFile = passwordFile;
    }

    @Override
    public PasswordAuthentication getPasswordAuthentication() {
        return new PasswordAuthentication(user, passwordFile == null ? password : readPasswordFile(passwordFile));
    }

    /**
     * Returns the password in {@code file}: its content without trailing line breaks, as `echo` or an editor leaves
     * them.
     *
     * @throws IllegalStateException when the file cannot be read or is empty
     */
    public static String readPasswordFile(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the mailbox password file " + file.toAbsolutePath() + " ("
                    + e.getClass().getSimpleName() + "); check PRIVYR_MAILBOX_PASSWORD_FILE", e);
        }
        String secret = content.replaceAll("[\\r\\n]+$", "");
        if (secret.isEmpty()) {
            throw new IllegalStateException("The mailbox password file " + file.toAbsolutePath() + " is empty; write"
                    + " the mailbox password into it");
        }
        return secret;
    }

    @Override
    public String toString() {
        return "MailboxCredentials[user=" + Masking.maskPersonalData(user) + ", password=***]";
    }
}
