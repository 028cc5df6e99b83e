package org.privyrghlsync.csvimport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.privyrghlsync.mapping.ImportMapping;

/**
 * The columns of mappings/import.yaml found in one CSV file's header. Headers match without regard to case and
 * surrounding spaces.
 *
 * @param headerSize the number of columns in the file's header
 * @param bound the mapped columns that the file has, with their position
 * @param missingHeaders headers of the mapping that the file lacks, whose fields stay empty
 * @param ignoredHeaders headers of the file that the mapping does not name, whose values are not imported
 */
record ColumnBinding(int headerSize, List<Bound> bound, List<String> missingHeaders, List<String> ignoredHeaders) {

    /** A mapped column and its 0-based position in the file. */
    record Bound(ImportMapping.Column column, int index) {
    }

    /**
     * Binds the mapping to the file's header.
     *
     * @throws LeadFileException when the file has no column for {@code name}, or has a mapped header twice
     */
    static ColumnBinding bind(ImportMapping mapping, LeadFile file) {
        List<String> header = file.header();
        List<Bound> bound = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<Boolean> used = new ArrayList<>(header.stream().map(name -> Boolean.FALSE).toList());
        for (ImportMapping.Column column : mapping.columns()) {
            List<Integer> positions = positionsOf(header, column.header());
            if (positions.size() > 1) {
                throw new LeadFileException(file.name() + " has the header '" + column.header() + "' in columns "
                        + (positions.get(0) + 1) + " and " + (positions.get(1) + 1) + "; rename one of them so that"
                        + " it is clear which one to import");
            }
            if (positions.isEmpty()) {
                if ("name".equals(column.field())) {
                    throw new LeadFileException(file.name() + " has no column '" + column.header() + "', which "
                            + mapping.editableSource() + " maps to the lead's name. Its columns are: " + String.join(", ",
                            header) + ". Set that entry's 'header' to the column that holds the name.");
                }
                missing.add(column.header());
                continue;
            }
            bound.add(new Bound(column, positions.get(0)));
            used.set(positions.get(0), Boolean.TRUE);
        }
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            if (!used.get(i) && !header.get(i).isBlank()) {
                ignored.add(header.get(i));
            }
        }
        return new ColumnBinding(header.size(), List.copyOf(bound), List.copyOf(missing), List.copyOf(ignored));
    }

    private static List<Integer> positionsOf(List<String> header, String name) {
        String expected = name.strip().toLowerCase(Locale.ROOT);
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).strip().toLowerCase(Locale.ROOT).equals(expected)) {
                positions.add(i);
            }
        }
        return positions;
    }
}
