package org.privyrghlsync.csvimport;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.privyrghlsync.cli.Launcher;
import org.privyrghlsync.store.Database;
import picocli.CommandLine;

/** Runs the import command in this JVM and reads what it left in an embedded H2 store. */
final class ImportCli {

    /** Exit code and output of one command run. */
    record Run(int exitCode, String out, String err) {
    }

    private ImportCli() {
    }

    /** Runs {@code import} with {@code args}, capturing standard output and error. */
    static Run run(Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = new CommandLine(new Launcher());
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        List<String> full = new ArrayList<>();
        full.add("import");
        for (Object arg : args) {
            full.add(arg.toString());
        }
        int exitCode = line.execute(full.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }

    /** Writes a properties file with an embedded store in {@code dataDir} and {@code settings} on top. */
    static Path writeConfig(Path file, Path dataDir, Map<String, String> settings) throws IOException {
        Properties properties = new Properties();
        properties.put("sync.data-dir", dataDir.toString());
        properties.put("sync.datasource.url", "");
        properties.putAll(settings);
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, null);
        }
        return file;
    }

    /** Returns the first column of every row of a query on the store in {@code dataDir}, as text. */
    static List<String> query(Path dataDir, String sql) throws SQLException {
        try (Database database = Database.open("", "", "", dataDir, 2);
                Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
