package org.privyrghlsync.jmh;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.camel.impl.DefaultCamelContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.privyrghlsync.events.EnvelopeParser;
import org.privyrghlsync.mapping.ContactBodies;
import org.privyrghlsync.mapping.ContactChange;
import org.privyrghlsync.mapping.ContactMapping;
import org.privyrghlsync.mapping.MappedContact;

/**
 * Time to compare a mapped client with the values last pushed to GHL ({@link ContactBodies#diff}), as the sync does
 * for every event of a linked client, including reading the stored values back from their JSON text.
 *
 * <p>{@code change} selects the case: {@code none} (an update that changes nothing, so no GHL call), {@code
 * one-field} (the Budget custom field changed, one PUT) or {@code first-push} (nothing pushed yet).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ContactDiffBenchmark {

    @Param({"none", "one-field", "first-push"})
    public String change;

    private MappedContact desired;
    private MappedContact lastPushed;
    private String lastPushedJson;

    @Setup
    public void map() {
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.start();
        try {
            ContactMapping mapping = ContactMapping.load(
                    Path.of(System.getProperty("mapping.file", "mappings/contact.yaml")), camel);
            EnvelopeParser parser = new EnvelopeParser();
            MappedContact before = mapping.map(parser.parse(SampleEvents.clientCreated(21_000_123L, "₹1.2 crore"))
                    .client());
            String budget = change.equals("one-field") ? "₹2 crore" : "₹1.2 crore";
            desired = mapping.map(parser.parse(SampleEvents.clientCreated(21_000_123L, budget)).client());
            lastPushed = change.equals("first-push") ? MappedContact.empty()
                    : ContactBodies.afterUpsert(before).withoutWarnings();
            lastPushedJson = lastPushed.toJson();
        } finally {
            camel.stop();
        }
    }

    /** Compares with values already in memory. */
    @Benchmark
    public ContactChange diff() {
        return ContactBodies.diff(desired, lastPushed);
    }

    /** Reads the stored last-pushed JSON first, as the sync does with the contact_link row. */
    @Benchmark
    public ContactChange readAndDiff() {
        return ContactBodies.diff(desired, MappedContact.fromJson(lastPushedJson));
    }
}
