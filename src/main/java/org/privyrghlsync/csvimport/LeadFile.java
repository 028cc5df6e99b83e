package org.privyrghlsync.csvimport;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
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
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.apache.commons.io.input.BOMInputStream;

/**
 * A CSV file of leads: UTF-8 (a byte order mark is skipped), an optional {@code sep=;} line, a header row, then one
 * lead per row. Values may be quoted with double quotes and then contain the delimiter, quotes (doubled) and line
 * breaks. Empty lines are skipped.
 *
 * @param name the name of the file in messages: its path, or {@code standard input} for a copy of standard input
 * @param delimiter the character between values: the one of the {@code sep=} line, else the mapping's
 * @param separatorLine true when the file starts with a {@code sep=} line, which set the delimiter
 * @param sha256 hex SHA-256 of the file's bytes, which identifies its content for the checkpoint
 * @param header the header row as written
 * @param totalRows the number of data rows
 * @param lastModified when the file was last modified, at most now
 */
record LeadFile(Path path, String name, char delimiter, boolean separatorLine, String sha256, List<String> header,
        int totalRows, Instant lastModified) {

    /** A line number in a Commons CSV message, such as {@code (startline 3)} or {@code (line 3)}. */
    private static final Pattern PARSER_LINE = Pattern.compile("\\((startline |line )(\\d+)\\)");

    /**
     * Reads the whole file once for its separator line, checksum, header and row count.
     *
     * @param name the name of the file in messages
     * @param mappingDelimiter the delimiter when the file has no {@code sep=} line
     * @throws LeadFileException when the file cannot be read, is not UTF-8, has an invalid {@code sep=} line or is
     *     not valid CSV
     */
    static LeadFile scan(Path path, String name, char mappingDelimiter) {
        MessageDigest digest = sha256Digest();
        Instant lastModified;
        try {
            lastModified = Files.getLastModifiedTime(path).toInstant();
        } catch (NoSuchFileException e) {
            throw new LeadFileException("File not found: " + path.toAbsolutePath(), e);
        } catch (IOException e) {
            throw new LeadFileException("Cannot read " + name + ": " + e.getMessage(), e);
        }
        Character declared = null;
        char delimiter;
        List<String> header;
        int rows = 0;
        try (InputStream bytes = new DigestInputStream(new BufferedInputStream(Files.newInputStream(path)), digest);
                BufferedReader text = text(bytes)) {
            declared = SeparatorLine.read(text, name);
            delimiter = declared != null ? declared : mappingDelimiter;
            CSVParser parser = parse(text, delimiter);
            header = parser.getHeaderNames();
            for (CSVRecord ignored : parser) {
                rows++;
            }
            // Reads what the parser left unread, so that the checksum covers every byte.
            bytes.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw failure(path, name, e, declared != null);
        } catch (UncheckedIOException e) {
            throw failure(path, name, e.getCause(), declared != null);
        }
        if (header.isEmpty()) {
            throw new LeadFileException(name + " is empty; expected a header row and one lead per row");
        }
        Instant now = Instant.now();
        return new LeadFile(path, name, delimiter, declared != null, HexFormat.of().formatHex(digest.digest()),
                List.copyOf(header), rows, lastModified.isAfter(now) ? now : lastModified);
    }

    /**
     * Opens the file for reading its data rows, after its {@code sep=} line. The caller closes the parser.
     *
     * @throws LeadFileException when the file cannot be opened
     */
    CSVParser open() {
        try {
            BufferedReader text = text(new BufferedInputStream(Files.newInputStream(path)));
            SeparatorLine.read(text, name);
            return parse(text, delimiter);
        } catch (IOException e) {
            throw failure(path, name, e, separatorLine);
        }
    }

    /** Returns the exception for a failure to read the rows after {@link #open()}. */
    LeadFileException readFailure(IOException e) {
        return failure(path, name, e, separatorLine);
    }

    /**
     * Checks that reading the rows after {@link #open()} found as many as {@link #scan} counted.
     *
     * @throws LeadFileException when the file changed in between
     */
    void checkRowCount(int rowsRead) {
        if (rowsRead != totalRows) {
            throw new LeadFileException(name + " changed while it was read: it had "
                    + CountText.format(totalRows, "row") + " and now has " + rowsRead + "; import it again");
        }
    }

    /** Returns the file name without its folder for short messages, or {@link #name()} when that is not a path. */
    String shortName() {
        return name.equals(path.toString()) ? path.getFileName().toString() : name;
    }

    /** Returns the file's text after its byte order mark, decoded as strict UTF-8. */
    private static BufferedReader text(InputStream bytes) throws IOException {
        InputStream withoutBom = BOMInputStream.builder().setInputStream(bytes).get();
        return new BufferedReader(new InputStreamReader(withoutBom, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    private static CSVParser parse(Reader reader, char delimiter) throws IOException {
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

    /**
     * Returns the exception for a read failure. Commons CSV counts lines from where it started reading, after a
     * {@code sep=} line, so its line numbers in the message are moved on by one to count the file's lines.
     */
    private static LeadFileException failure(Path path, String name, IOException e, boolean afterSeparatorLine) {
        if (e instanceof CharacterCodingException) {
            return new LeadFileException(name + " is not valid UTF-8 text; save it as \"CSV UTF-8\" and import it"
                    + " again", e);
        }
        if (e instanceof NoSuchFileException) {
            return new LeadFileException("File not found: " + path.toAbsolutePath(), e);
        }
        String message = afterSeparatorLine ? PARSER_LINE.matcher(String.valueOf(e.getMessage())).replaceAll(
                found -> "(" + found.group(1) + (Long.parseLong(found.group(2)) + 1) + ")") : e.getMessage();
        return new LeadFileException("Cannot read " + name + " as CSV: " + message + ". Check the quotes"
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
