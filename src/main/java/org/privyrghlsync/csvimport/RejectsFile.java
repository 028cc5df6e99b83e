package org.privyrghlsync.csvimport;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.privyrghlsync.store.ImportStore.ImportReject;

/**
 * The rejects file of an import: the rejected rows with their original values, after three columns that give the
 * row number, the column at fault and the reason. It can be corrected and imported like the original file, because
 * the import ignores columns that mappings/import.yaml does not name.
 */
final class RejectsFile {

    /** Headers of the columns put before the original ones. */
    static final List<String> EXTRA_HEADERS = List.of("import_row", "import_column", "import_error");

    private RejectsFile() {
    }

    /** Returns {@code leads.rejects.csv} beside {@code leads.csv}. */
    static Path besides(Path csv) {
        String name = csv.getFileName().toString();
        String base = name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4)
                : name;
        return csv.resolveSibling(base + ".rejects.csv");
    }

    /**
     * Writes the file in UTF-8 with a byte order mark, which spreadsheet programs need to read it as UTF-8. It is
     * written to a temporary file first and then moved over {@code target}, so a reader never sees half of it.
     *
     * @param delimiter the delimiter of the imported file
     * @param separatorLine true to start with a {@code sep=} line, as the imported file did
     */
    static void write(Path target, char delimiter, boolean separatorLine, List<String> header,
            List<ImportReject> rejects) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temporary = Files.createTempFile(absolute.getParent(), ".rejects-", ".csv");
        try {
            List<String> headerRow = new ArrayList<>(EXTRA_HEADERS);
            headerRow.addAll(header);
            CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).get();
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8);
                    CSVPrinter printer = new CSVPrinter(writer, format)) {
                writer.write('\uFEFF');
                if (separatorLine) {
                    // NOTE: not checked in Excel whether it still reads the file as UTF-8 when a sep= line follows
                    // the byte order mark.
                    writer.write("sep=" + delimiter + "\r\n");
                }
                printer.printRecord(headerRow);
                for (ImportReject reject : rejects) {
                    List<String> row = new ArrayList<>();
                    row.add(Integer.toString(reject.fileRow()));
                    row.add(reject.column() == null ? "" : reject.column());
                    row.add(reject.reason());
                    row.addAll(reject.values());
                    printer.printRecord(row);
                }
            }
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Deletes {@code target} when it is a rejects file, which then lists the rows of an earlier run. A file whose
     * header does not start with {@code import_row}, or that is the CSV file being imported, is left alone.
     *
     * @return true when the file was deleted
     */
    static boolean deleteStale(Path target, Path csv) throws IOException {
        if (!Files.isRegularFile(target) || Files.isSameFile(target, csv) || !startsWithRejectsHeader(target)) {
            return false;
        }
        return Files.deleteIfExists(target);
    }

    private static boolean startsWithRejectsHeader(Path file) throws IOException {
        byte[] start;
        try (InputStream bytes = Files.newInputStream(file)) {
            start = bytes.readNBytes(64);
        }
        String text = new String(start, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.regionMatches(true, 0, "sep=", 0, 4)) {
            text = text.substring(Math.min(text.length(), 5)).stripLeading();
        }
        return text.startsWith(EXTRA_HEADERS.get(0));
    }
}
