package org.privyrghlsync.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.privyrghlsync.events.EnvelopeParser;
import org.privyrghlsync.events.EventEnvelope;

/** Time to parse and validate one client.created envelope, as the receiver does after the signature check. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EnvelopeParserBenchmark {

    private EnvelopeParser parser;
    private byte[] body;

    @Setup
    public void prepare() {
        parser = new EnvelopeParser();
        body = SampleEvents.clientCreated(21_000_123L, "₹1.2 crore");
    }

    @Benchmark
    public EventEnvelope parse() {
        return parser.parse(body);
    }
}
