package org.privyrghlsync.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.impl.VertxInternal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.sandbox.SandboxConfig;
import org.privyrghlsync.testing.Events;
import org.privyrghlsync.testing.SyncHarness;

class ReceiverWorkersTest {

    @Test
    void configuredWorkerCountIsUsed() throws Exception {
        try (SyncHarness harness = SyncHarness.start(SandboxConfig.builder(),
                Map.of("privyr.receiver.workers", "3"))) {
            assertThat(workerPoolSizes(harness)).containsOnly(3);

            ExecutorService clients = Executors.newFixedThreadPool(12);
            try {
                List<Future<HttpResponse<String>>> posts = new ArrayList<>();
                for (int i = 0; i < 24; i++) {
                    String client = "w-" + i;
                    String phone = "+9198765" + String.format("%05d", i);
                    posts.add(clients.submit(() -> harness.post(Events.created("evt-" + client, client, "Asha Rao",
                            client + "@example.com", phone))));
                }
                for (Future<HttpResponse<String>> post : posts) {
                    assertThat(post.get().statusCode()).isEqualTo(202);
                }
            } finally {
                clients.shutdownNow();
            }
            assertThat(harness.inboxCount()).isEqualTo(24);
        }
    }

    @Test
    void defaultIsSixtyFourWorkers() throws Exception {
        try (SyncHarness harness = SyncHarness.start()) {
            assertThat(workerPoolSizes(harness)).containsOnly(64);
        }
    }

    @Test
    void zeroWorkersStopsStartup() throws Exception {
        try (SyncHarness harness = SyncHarness.withoutRuntime(Map.of("privyr.receiver.workers", "0"))) {
            assertThatThrownBy(harness::startRuntime)
                    .hasStackTraceContaining("privyr.receiver.workers must be from 1 to 1000, got 0");
        }
    }

    @Test
    void tooManyThreadsStopStartup() throws Exception {
        try (SyncHarness harness = SyncHarness.withoutRuntime(Map.of("privyr.receiver.workers", "1001"))) {
            assertThatThrownBy(harness::startRuntime)
                    .hasStackTraceContaining("privyr.receiver.workers must be from 1 to 1000, got 1001");
        }
        try (SyncHarness harness = SyncHarness.withoutRuntime(Map.of("sync.workers", "100000"))) {
            assertThatThrownBy(harness::startRuntime)
                    .hasStackTraceContaining("sync.workers must be from 1 to 1000, got 100000");
        }
    }

    /** Returns the worker pool size of each Vert.x instance behind the runtime's HTTP routers. */
    private static List<Integer> workerPoolSizes(SyncHarness harness) {
        List<Integer> sizes = new ArrayList<>();
        for (VertxPlatformHttpRouter router : harness.runtime().camelContext().getRegistry()
                .findByType(VertxPlatformHttpRouter.class)) {
            ExecutorService pool = ((VertxInternal) router.vertx()).getWorkerPool().executor();
            sizes.add(((ThreadPoolExecutor) pool).getMaximumPoolSize());
        }
        assertThat(sizes).isNotEmpty();
        return sizes;
    }
}
