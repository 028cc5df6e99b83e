package org.privyrghlsync.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.privyrghlsync.testing.LogCapture;
import org.privyrghlsync.testing.RawHttp;

/** The router error handler on a Vert.x server of its own, with routes that fail on purpose. */
class ServerErrorHandlerTest {

    private Vertx vertx;
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.get("/state").handler(context -> context.fail(new IllegalStateException("state failure")));
        router.get("/pointer").handler(context -> context.fail(new NullPointerException("pointer failure")));
        ServerErrorHandler.install(router, "Test routes are /state and /pointer", null);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void differentFailureLoggedAfterRepeats() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            for (int i = 0; i < 3; i++) {
                assertThat(RawHttp.send(server.actualPort(), "GET", "/state", "").status()).isEqualTo(500);
            }
            assertThat(RawHttp.send(server.actualPort(), "GET", "/pointer", "").status()).isEqualTo(500);

            assertThat(logs.lines()).filteredOn(line -> line.contains("state failure")).hasSize(1);
            // The first failure of another kind must reach the log, not wait behind the repeats of the first.
            assertThat(logs.lines()).filteredOn(line -> line.contains("pointer failure")).hasSize(1);
        }
    }
}
