package org.privyrghlsync.sandbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of tests that need a fresh sandbox with default settings and a client for it, per test. */
abstract class DefaultSandboxTest {

    protected GhlSandbox sandbox;
    protected SandboxClient client;

    @BeforeEach
    void startSandbox() {
        sandbox = GhlSandbox.start(SandboxConfig.defaults());
        client = new SandboxClient(sandbox);
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }
}
