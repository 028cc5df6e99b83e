package org.privyrghlsync.mapping;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contact and task mappings in use, read from {@code contact.yaml} and {@code task.yaml} in the mappings folder
 * (or the copies inside the jar when a file is missing). {@link #reload()} replaces both together, so that mappings
 * can be fixed without a restart. Processors read the current mapping once per event.
 */
public final class ReloadableMappings {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadableMappings.class);
    private static final List<String> FILE_NAMES = List.of("contact.yaml", "task.yaml");

    /** A contact mapping and a task mapping loaded together. */
    public record Loaded(ContactMapping contact, TaskMapping task, Instant loadedAt) {
    }

    private final Path folder;
    private final CamelContext camelContext;
    private final Clock clock;
    private final AtomicReference<Loaded> current = new AtomicReference<>();
    /** The files of {@link #FILE_NAMES} that the mappings in use were read from, the others being shipped copies. */
    private volatile Set<String> readFromFolder = Set.of();

    /**
     * Loads both mappings from {@code folder}.
     *
     * @throws MappingException if a file exists but is invalid
     */
    public ReloadableMappings(Path folder, CamelContext camelContext, Clock clock) {
        this.folder = folder;
        this.camelContext = camelContext;
        this.clock = clock;
        current.set(load());
        warnWithoutClientIdField(current.get().contact());
    }

    /** Returns the contact mapping in use. */
    public ContactMapping contact() {
        return current.get().contact();
    }

    /** Returns the task mapping in use. */
    public TaskMapping task() {
        return current.get().task();
    }

    /** Returns both mappings in use and when they were loaded. */
    public Loaded current() {
        return current.get();
    }

    /**
     * Reads both files again and puts them in use. When either file is invalid, the mappings in use stay.
     *
     * @throws MappingException with the file, line and field of the first problem, when a file is invalid
     */
    public synchronized Loaded reload() {
        Loaded next;
        try {
            requireFilesStillThere();
            next = load();
        } catch (MappingException e) {
            LOG.warn("Reloading the mappings from {} failed, so the mappings loaded at {} stay in use: {}",
                    folder.toAbsolutePath(), current.get().loadedAt(), Masking.maskPersonalData(e.getMessage()));
            throw e;
        }
        current.set(next);
        LOG.info("Reloaded the mappings {} and {}", next.contact().source(), next.task().source());
        warnWithoutClientIdField(next.contact());
        return next;
    }

    /**
     * Warns when no rule fills a custom field from the client id, the field that finds a contact after a lost create.
     */
    private static void warnWithoutClientIdField(ContactMapping contact) {
        if (contact.clientIdFields().isEmpty()) {
            LOG.warn("The contact mapping {} fills no custom field from the client's id, so a client with neither"
                    + " email nor phone can get a second GHL contact when the response to its create is lost. Add"
                    + " a rule with 'from: id' and a custom field (contact.privyr_client_id in the shipped mapping)",
                    contact.source());
        }
    }

    /**
     * Rejects a reload that would fall back to the shipped copy of a mapping that the runtime read from the folder,
     * because a missing file is more likely a mistake than a request for the shipped copy.
     */
    private void requireFilesStillThere() {
        for (String name : FILE_NAMES) {
            Path file = folder.resolve(name);
            if (readFromFolder.contains(name) && !Files.exists(file)) {
                throw new MappingException(file.toAbsolutePath().toString(), 0, 0, null, "the mapping in use was"
                        + " read from this file, which no longer exists; restore it, or restart to use the shipped"
                        + " mapping inside the jar");
            }
        }
    }

    private Loaded load() {
        Set<String> found = new HashSet<>();
        for (String name : FILE_NAMES) {
            if (Files.exists(folder.resolve(name))) {
                found.add(name);
            }
        }
        ContactMapping contact = ContactMapping.loadFileOrClasspath(folder.resolve("contact.yaml"),
                ContactMapping.DEFAULT_RESOURCE, camelContext);
        TaskMapping task = TaskMapping.loadFileOrClasspath(folder.resolve("task.yaml"), TaskMapping.DEFAULT_RESOURCE);
        readFromFolder = Set.copyOf(found);
        return new Loaded(contact, task, clock.instant());
    }
}
