package org.privyrghlsync.csvimport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.apache.commons.io.input.BOMInputStream;

/**
 * A CSV file of leads: UTF-8 (a byte order mark is skipped), a header row, then one lead per row. Values may be
 * quoted with double quotes and then contain the delimiter, quotes (doubled) and line breaks. Empty lines are skipped.
 *
 * @param sha256 hex SHA-256 of the file's bytes, which identifies its content for the checkpoint
 * @param header the header row as written
 * @param totalRows the number of data rows
 * @param lastModified when the file was last modified, at most now
 */
record LeadFile(Path path, char delimiter, String sha256, List<String> header, int totalRows, Instant lastModified) {

    /**
     * Reads the whole file once for its checksum, header and row count.
     *
     * @throws LeadFileException when the file cannot be read, is not UTF-8 or is not valid CSV
     */
    static LeadFile scan(Path path, char delimiter) {
        MessageDigest digest = sha256Digest();
        Instant lastModified;
        try {
            lastModified = Files.getLastModifiedTime(path).toInstant();
        } catch (NoSuchFileException e) {
            throw new LeadFileException("File not found: " + path.toAbsolutePath(), e);
        } catch (IOException e) {
            throw new LeadFileException("Cannot read " + path + ": " + e.getMessage(), e);
        }
        List<String> header;
        int rows = 0;
        try (InputStream bytes = new DigestInputStream(new BufferedInputStream(Files.newInputStream(path)), digest);
                CSVParser parser = parse(bytes, delimiter, path)) {
            header = parser.getHeaderNames();
            for (CSVRecord ignored : parser) {
                rows++;
            }
            // Reads what the parser left unread, so that the checksum covers every byte.
            bytes.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw failure(path, e);
        } catch (UncheckedIOException e) {
            throw failure(path, e.getCause());
        }
        if (header.isEmpty()) {
            throw new LeadFileException(path + " is empty; expected a header row and one lead per row");
        }
        Instant now = Instant.now();
        return new LeadFile(path, delimiter, HexFormat.of().formatHex(digest.digest()), List.copyOf(header), rows,
                lastModified.isAfter(now) ? now : lastModified);
    }

    /**
     * Opens the file for reading its data rows. The caller closes the parser.
     *
     * @throws LeadFileException when the file cannot be opened
     */
    CSVParser open() {
        try {
            return parse(new BufferedInputStream(Files.newInputStream(path)), delimiter, path);
        } catch (IOException e) {
            throw failure(path, e);
        }
    }

    /** Returns the exception for a failure to read the rows after {@link #open()}. */
    LeadFileException readFailure(IOException e) {
        return failure(path, e);
    }

    private static CSVParser parse(InputStream bytes, char delimiter, Path path) throws IOException {
        InputStream withoutBom = BOMInputStream.builder().setInputStream(bytes).get();
        Reader reader = new InputStreamReader(withoutBom, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        CSVFormat format = CSVFormat.RFC4180.builder()
                .setDelimiter(delimiter)
                .setHeader()
                .setSkipHeaderRecord(true)
                .setAllowMissingColumnNames(true)
                .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
                .setIgnoreEmptyLines(true)
                .get();
        return CSVParser.builder().setReader(reader).setFormat(format).get();
    }

    private static LeadFileException failure(Path path, IOException e) {
        if (e instanceof CharacterCodingException) {
            return new LeadFileException(path + " is not valid UTF-8 text; save it as \"CSV UTF-8\" and import it"
                    + " again", e);
        }
        if (e instanceof NoSuchFileException) {
            return new LeadFileException("File not found: " + path.toAbsolutePath(), e);
        }
        return new LeadFileException("Cannot read " + path + " as CSV: " + e.getMessage() + ". Check the quotes"
                + " there: a value that contains a quote is quoted as a whole, with the quote doubled, such as"
                + " \"Asha \"\"A\"\" Rao\".", e);
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }
}
