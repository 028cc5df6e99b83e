package org.privyrghlsync.jmh;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.privyrghlsync.events.WebhookSignature;

/** Time to verify the X-Signature HMAC of one event body, as the receiver does before parsing it. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SignatureBenchmark {

    private WebhookSignature verifier;
    private byte[] body;
    private String header;
    private long now;

    @Setup
    public void sign() {
        verifier = new WebhookSignature(SampleEvents.SECRET, WebhookSignature.DEFAULT_TOLERANCE_SECONDS);
        body = SampleEvents.clientCreated(21_000_123L, "₹1.2 crore");
        now = Instant.now().getEpochSecond();
        header = WebhookSignature.sign(SampleEvents.SECRET, now, body);
    }

    /** Verifies a valid signature. A failure throws SignatureException, which ends the run. */
    @Benchmark
    public void verify() {
        verifier.verify(header, body, now);
    }
}
