package org.privyrghlsync.mapping;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens mapping files and classpath resources as UTF-8 readers, reporting failures as {@link MappingException}s. */
final class MappingFiles {

    private MappingFiles() {
    }

    static Reader open(Path file) {
        String name = file.toString();
        try {
            return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new MappingException(name, 0, 0, "", "file not found (absolute path "
                    + file.toAbsolutePath() + ")", e);
        } catch (IOException e) {
            throw new MappingException(name, 0, 0, "", "cannot read the file: " + e.getMessage(), e);
        }
    }

    static Reader open(URL resource) {
        try {
            return new InputStreamReader(resource.openStream(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MappingException(resource.toString(), 0, 0, "", "cannot read the resource: "
                    + e.getMessage(), e);
        }
    }

    /** Returns the URL of a classpath resource, or fails naming {@code classpath:<resourceName>}. */
    static URL classpathResource(String resourceName) {
        URL resource = MappingFiles.class.getClassLoader().getResource(resourceName);
        if (resource == null) {
            throw new MappingException("classpath:" + resourceName, 0, 0, "", "resource not found on the classpath");
        }
        return resource;
    }
}
