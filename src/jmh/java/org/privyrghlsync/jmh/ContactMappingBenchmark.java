package org.privyrghlsync.jmh;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.camel.impl.DefaultCamelContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.privyrghlsync.events.ClientData;
import org.privyrghlsync.events.EnvelopeParser;
import org.privyrghlsync.mapping.ContactMapping;
import org.privyrghlsync.mapping.MappedContact;

/**
 * Time to map one Privyr client to GHL contact values with the shipped mappings/contact.yaml (names, email, E.164
 * phone, a simple expression, tags and custom fields). The mapping is loaded once from the file given by the
 * system property {@code mapping.file}, by default mappings/contact.yaml below the working directory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ContactMappingBenchmark {

    private DefaultCamelContext camel;
    private ContactMapping mapping;
    private ClientData client;

    @Setup
    public void load() {
        camel = new DefaultCamelContext();
        // A started context caches the bean introspection of simple expressions, as in the running runtime.
        camel.start();
        mapping = ContactMapping.load(Path.of(System.getProperty("mapping.file", "mappings/contact.yaml")), camel);
        client = new EnvelopeParser().parse(SampleEvents.clientCreated(21_000_123L, "₹1.2 crore")).client();
    }

    @TearDown
    public void stop() {
        camel.stop();
    }

    @Benchmark
    public MappedContact map() {
        return mapping.map(client);
    }
}
