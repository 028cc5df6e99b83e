package org.privyrghlsync.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Loads the sample events, from a folder or, when it does not exist, from the copies inside the jar. */
final class SampleEvents {

    /** One sample file: its name and raw bytes. */
    record Sample(String name, byte[] body) {
    }

    private SampleEvents() {
    }

    static List<Sample> load(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return read(folder);
        }
        URL bundled = SampleEvents.class.getClassLoader().getResource("bundled/samples");
        if (bundled == null) {
            throw new IOException("No samples found: " + folder.toAbsolutePath()
                    + " does not exist and the jar has no bundled samples");
        }
        try {
            URI uri = bundled.toURI();
            if (!"jar".equals(uri.getScheme())) {
                return read(Path.of(uri));
            }
            FileSystem jar;
            try {
                jar = FileSystems.getFileSystem(uri);
            } catch (FileSystemNotFoundException e) {
                jar = FileSystems.newFileSystem(uri, Map.of());
            }
            return read(jar.provider().getPath(uri));
        } catch (URISyntaxException e) {
            throw new IOException("Cannot read the bundled samples: " + e.getMessage(), e);
        }
    }

    private static List<Sample> read(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(path -> path.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        List<Sample> samples = new ArrayList<>(files.size());
        for (Path file : files) {
            samples.add(new Sample(file.getFileName().toString(), Files.readAllBytes(file)));
        }
        return samples;
    }
}
