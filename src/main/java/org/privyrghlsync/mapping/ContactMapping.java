package org.privyrghlsync.mapping;

import java.io.Reader;
import java.io.StringReader;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.privyrghlsync.events.ClientData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A validated contact mapping file, compiled once, that maps Privyr clients to GHL contact values.
 *
 * <p>Instances are thread-safe and their rules immutable. {@link #map} parses no YAML. Rules that read a client
 * field, an other_fields entry or a constant use no reflection. Camel evaluates each {@code ${body[...]}} of a
 * {@code simple} rule through its bean language, which introspects the client map: the result is cached once the
 * CamelContext is started, but an unstarted context repeats the introspection and takes milliseconds per call.
 */
public final class ContactMapping {

    /** Classpath location of the copy of mappings/contact.yaml that the build puts in the jar. */
    public static final String DEFAULT_RESOURCE = "bundled/mappings/contact.yaml";

    private static final Logger LOG = LoggerFactory.getLogger(ContactMapping.class);

    private final String source;
    private final String phoneRegion;
    private final boolean warnUnmappedOtherFields;
    private final List<FieldRule> rules;
    private final Set<String> mappedOtherFields;
    private final Set<String> blankWhenEmpty;
    private final CamelContext camelContext;
    private final boolean hasSimpleRules;
    private final AtomicBoolean notStartedLogged = new AtomicBoolean();

    private ContactMapping(String source, MappingLoader.Loaded loaded, CamelContext camelContext) {
        this.source = source;
        this.phoneRegion = loaded.phoneRegion();
        this.warnUnmappedOtherFields = loaded.warnUnmappedOtherFields();
        this.rules = loaded.rules();
        this.mappedOtherFields = loaded.otherFieldLabels();
        this.camelContext = camelContext;
        Set<String> blankable = new LinkedHashSet<>();
        for (FieldRule rule : rules) {
            if (rule.blankWhenEmpty()) {
                blankable.add(rule.targetKey());
            }
            // The raw value is only kept while the value is invalid; once it is valid again the raw copy is cleared.
            if (rule.invalidTo() != null) {
                blankable.add(rule.invalidTo().stableKey());
            }
        }
        this.blankWhenEmpty = Collections.unmodifiableSet(blankable);
        this.hasSimpleRules = rules.stream().anyMatch(FieldRule::usesSimple);
    }

    /**
     * Loads and validates a mapping file.
     *
     * @param camelContext compiles the {@code simple} expressions and evaluates them later
     * @throws MappingException if the file is missing, unreadable or invalid; the message names the file, line,
     *     column and field
     */
    public static ContactMapping load(Path file, CamelContext camelContext) {
        return load(MappingFiles.open(file), file.toString(), camelContext);
    }

    /**
     * Loads and validates a mapping from a URL, such as a classpath resource.
     *
     * @throws MappingException as for {@link #load(Path, CamelContext)}
     */
    public static ContactMapping load(URL resource, CamelContext camelContext) {
        return load(MappingFiles.open(resource), resource.toString(), camelContext);
    }

    /**
     * Loads and validates a mapping from the classpath, such as {@link #DEFAULT_RESOURCE}.
     *
     * @throws MappingException if the resource does not exist or is invalid
     */
    public static ContactMapping loadFromClasspath(String resourceName, CamelContext camelContext) {
        return load(MappingFiles.classpathResource(resourceName), camelContext);
    }

    /**
     * Loads the mapping file when it exists and otherwise the classpath resource. An existing but invalid file
     * fails; the resource is only a fallback for a missing file.
     */
    public static ContactMapping loadFileOrClasspath(Path file, String resourceName, CamelContext camelContext) {
        if (Files.exists(file)) {
            return load(file, camelContext);
        }
        LOG.info("Loading the contact mapping shipped inside the jar ({}), because there is no file at {}; set"
                + " MAPPINGS_DIR to load a mapping of your own", resourceName, file.toAbsolutePath());
        return loadFromClasspath(resourceName, camelContext);
    }

    /** Validates mapping text; {@code sourceName} appears in error messages in place of a file name. */
    public static ContactMapping parse(String yaml, String sourceName, CamelContext camelContext) {
        return load(new StringReader(yaml), sourceName, camelContext);
    }

    private static ContactMapping load(Reader reader, String name, CamelContext camelContext) {
        Objects.requireNonNull(camelContext, "camelContext");
        YamlNodes yaml = new YamlNodes(name);
        MappingLoader.Loaded loaded = new MappingLoader(name, camelContext).load(yaml.compose(reader));
        LOG.info("Loaded contact mapping {} with {} field rules", name, loaded.rules().size());
        return new ContactMapping(name, loaded, camelContext);
    }

    /**
     * Maps one client to GHL contact values. Values that cannot be used (an invalid phone number or email, a
     * failing simple expression) are left out and reported in {@link MappedContact#warnings()}.
     */
    public MappedContact map(ClientData client) {
        Objects.requireNonNull(client, "client");
        if (hasSimpleRules && !camelContext.isStarted() && notStartedLogged.compareAndSet(false, true)) {
            LOG.warn("Contact mapping {} evaluates simple expressions before CamelContext {} is started; each "
                    + "evaluation then takes milliseconds instead of microseconds", source, camelContext.getName());
        }
        RuleContext context = new RuleContext(client, camelContext);
        MappedContact.Builder out = new MappedContact.Builder(blankWhenEmpty);
        for (FieldRule rule : rules) {
            rule.apply(context, out);
        }
        if (warnUnmappedOtherFields) {
            warnUnmapped(client, out);
        }
        return out.build();
    }

    private void warnUnmapped(ClientData client, MappedContact.Builder out) {
        Set<String> unmapped = unmappedOtherFields(client).keySet();
        if (!unmapped.isEmpty()) {
            out.warning("other_fields without a mapping rule, not sent: " + String.join(", ", unmapped));
        }
    }

    /**
     * Returns the client's other_fields entries that no rule reads, by label in the event's order. The
     * first-sync note ({@link NoteMapping#firstSyncNoteText}) lists them.
     */
    public Map<String, Object> unmappedOtherFields(ClientData client) {
        Map<String, Object> unmapped = new LinkedHashMap<>();
        client.otherFields().forEach((label, value) -> {
            if (!mappedOtherFields.contains(label)) {
                unmapped.put(label, value);
            }
        });
        return Collections.unmodifiableMap(unmapped);
    }

    /** Returns the file or resource name the mapping was loaded from. */
    public String source() {
        return source;
    }

    /** Returns the default region for national phone numbers, or {@code null} when none is configured. */
    public String phoneRegion() {
        return phoneRegion;
    }

    /** Returns the scalar field names and custom field stable keys that an empty value may clear in GHL. */
    public Set<String> blankWhenEmpty() {
        return blankWhenEmpty;
    }

    /**
     * Returns the stable keys of the custom fields that rules fill from the client's {@code id}. A contact whose
     * create lost its response is found again by these fields when it has neither email nor phone.
     */
    public Set<String> clientIdFields() {
        Set<String> keys = new LinkedHashSet<>();
        for (FieldRule rule : rules) {
            if (rule.customTarget() != null && rule.source() instanceof ValueSource.ClientField field
                    && field.name().equals("id")) {
                keys.add(rule.customTarget().stableKey());
            }
        }
        return keys;
    }

    /** Returns the field rules in file order. */
    List<FieldRule> rules() {
        return rules;
    }
}
