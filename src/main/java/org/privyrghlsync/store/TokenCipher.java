package org.privyrghlsync.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts OAuth tokens for the store with AES-256-GCM. Each value gets a fresh 12-byte nonce, and the location id is
 * authenticated with it, so a token copied to another location's row does not decrypt.
 */
public final class TokenCipher {

    private static final Logger LOG = LoggerFactory.getLogger(TokenCipher.class);
    private static final String PREFIX = "enc:v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final String keySource;
    private final SecureRandom random = new SecureRandom();

    private TokenCipher(byte[] key, String keySource) {
        if (key.length != 32) {
            throw new IllegalStateException("The token encryption key from " + keySource + " is " + key.length
                    + " bytes; it must be 32 bytes, written as base64 (for example: openssl rand -base64 32)");
        }
        this.key = new SecretKeySpec(key, "AES");
        this.keySource = keySource;
    }

    /**
     * Returns the cipher for the configured key: {@code base64Key} when set (TOKEN_ENCRYPTION_KEY), else the key in
     * {@code keyFile}, which is created with a new random key when it does not exist.
     */
    public static TokenCipher fromConfiguration(String base64Key, Path keyFile) {
        if (base64Key != null && !base64Key.isBlank()) {
            return new TokenCipher(decode(base64Key.trim(), "TOKEN_ENCRYPTION_KEY"), "TOKEN_ENCRYPTION_KEY");
        }
        try {
            if (!Files.exists(keyFile)) {
                createKeyFile(keyFile);
            } else {
                DataFolderPermissions.keyFileWarning(keyFile).ifPresent(LOG::warn);
            }
            String text = Files.readString(keyFile, StandardCharsets.US_ASCII).trim();
            return new TokenCipher(decode(text, "key file " + keyFile.toAbsolutePath()),
                    "key file " + keyFile.toAbsolutePath());
        } catch (IOException e) {
            String reason = Files.isSymbolicLink(keyFile) && !Files.exists(keyFile)
                    ? "it is a symbolic link to a file that does not exist" : e.toString();
            throw new IllegalStateException("Cannot read or create the token key file " + keyFile.toAbsolutePath()
                    + ": " + reason + "; set TOKEN_KEY_FILE to a readable file or TOKEN_ENCRYPTION_KEY", e);
        }
    }

    private static void createKeyFile(Path keyFile) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path parent = keyFile.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            // Usually the data folder, which the store would create the same way.
            Database.createOwnerOnly(parent);
        }
        // Written to a new owner-only file first, then linked under its name: a crash leaves no empty key file, and
        // of two processes that create the key at once, the second reads the first one's key.
        Path written;
        try {
            written = Files.createTempFile(parent, ".token-key-", ".tmp", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the file gets the folder's default permissions.
            written = Files.createTempFile(parent, ".token-key-", ".tmp");
        }
        try {
            Files.writeString(written, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            try (FileChannel channel = FileChannel.open(written, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.createLink(keyFile, written);
            } catch (UnsupportedOperationException e) {
                // A file system without hard links: the move still fails when the key file exists.
                Files.move(written, keyFile);
            }
        } catch (FileAlreadyExistsException e) {
            // Another process created the key first; the caller reads it.
        } finally {
            Files.deleteIfExists(written);
        }
    }

    private static byte[] decode(String base64, String source) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The token encryption key from " + source + " is not valid base64", e);
        }
    }

    /** Returns where the key came from, for messages; never the key itself. */
    public String keySource() {
        return keySource;
    }

    String encrypt(String locationId, String plaintext) {
        if (plaintext == null) {
            return null;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(locationId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] stored = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, stored, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, stored, NONCE_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encrypting a token of location " + locationId + " failed", e);
        }
    }

    /** Decrypts a stored value; throws {@link TokenKeyException} when the key does not match. */
    String decrypt(String locationId, String stored) {
        if (stored == null) {
            return null;
        }
        if (!stored.startsWith(PREFIX)) {
            throw new TokenKeyException("The stored token of location " + locationId + " is not encrypted in the"
                    + " expected format");
        }
        try {
            byte[] raw = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
            cipher.updateAAD(locationId.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TokenKeyException("The stored tokens of location " + locationId + " cannot be decrypted with"
                    + " the key from " + keySource + "; set TOKEN_ENCRYPTION_KEY or TOKEN_KEY_FILE to the key they"
                    + " were stored with, or delete the location's oauth_token row and authorize again");
        }
    }

    /** The configured key does not decrypt a stored token. */
    public static final class TokenKeyException extends RuntimeException {
        TokenKeyException(String message) {
            super(message);
        }
    }
}
