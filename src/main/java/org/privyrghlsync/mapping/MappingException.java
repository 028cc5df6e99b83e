package org.privyrghlsync.mapping;

/**
 * An invalid mapping file, with the file, line, column and field path of the first problem found.
 *
 * <p>The message reads {@code <file> line <n>, column <n>, field '<path>': <problem>}. The line and column are
 * 1-based and are 0 when the problem has no position, for example when the file cannot be read.
 */
public class MappingException extends RuntimeException {

    private final String file;
    private final int line;
    private final int column;
    private final String field;
    private final String problem;

    /** Creates an exception for a problem at a position in a mapping file. */
    public MappingException(String file, int line, int column, String field, String problem) {
        this(file, line, column, field, problem, null);
    }

    /** Creates an exception for a problem at a position in a mapping file, caused by {@code cause}. */
    public MappingException(String file, int line, int column, String field, String problem, Throwable cause) {
        super(format(file, line, column, field, problem), cause);
        this.file = file;
        this.line = line;
        this.column = column;
        this.field = field;
        this.problem = problem;
    }

    private static String format(String file, int line, int column, String field, String problem) {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) {
            text.append(" line ").append(line);
            if (column > 0) {
                text.append(", column ").append(column);
            }
        }
        if (field != null && !field.isEmpty()) {
            text.append(line > 0 ? ", " : " ").append("field '").append(field).append('\'');
        }
        return text.append(": ").append(problem).toString();
    }

    /** Returns the name of the mapping file or resource, as given to the loader. */
    public String getFile() {
        return file;
    }

    /** Returns the 1-based line of the problem, or 0 when it has no position. */
    public int getLine() {
        return line;
    }

    /** Returns the 1-based column of the problem, or 0 when it has no position. */
    public int getColumn() {
        return column;
    }

    /** Returns the field path such as {@code fields[2].transform}, or an empty string for the whole file. */
    public String getField() {
        return field;
    }

    /** Returns the problem without the position, for example {@code unknown transform 'e164x'; ...}. */
    public String getProblem() {
        return problem;
    }
}
