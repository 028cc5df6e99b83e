package org.privyrghlsync.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;

/** Runs commands of the jar in this JVM, and writes the properties files they read with --config. */
final class Commands {

    /** Exit code and output of one command run. */
    record Run(int exitCode, String out, String err) {
    }

    private Commands() {
    }

    /** Runs the jar's command line with {@code args}, the command name first. */
    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = new CommandLine(new Launcher());
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int exitCode = line.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    /** Writes {@code settings} as a properties file at {@code file} and returns the file. */
    static Path writeConfig(Path file, Map<String, String> settings) throws IOException {
        Properties properties = new Properties();
        properties.putAll(settings);
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, null);
        }
        return file;
    }
}
