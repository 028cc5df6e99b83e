package org.privyrghlsync.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When the receiver's 413 and 503 handlers join the platform-http router. */
class RouterHandlersTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void closeVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void handlersJoinRouterWhenBound() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("boundBefore", "a bean bound before the watch started");
            PayloadTooLargeInstaller installer = new PayloadTooLargeInstaller(context, 1024);

            assertThat(installer.watchRouterBinding()).as("registry watched").isTrue();
            Router router = Router.router(vertx);
            // The platform-http server binds its router like this right before it starts listening.
            context.getRegistry().bind(VertxPlatformHttpRouter.PLATFORM_HTTP_ROUTER_NAME, new VertxPlatformHttpRouter(
                    null, vertx, router, VertxPlatformHttpRouter.PLATFORM_HTTP_ROUTER_NAME,
                    VertxPlatformHttpRouter.SERVER_TYPE_SERVER));

            assertThat(router.getRoutes()).extracting(Route::getPath).as("router paths")
                    .contains(PayloadTooLargeInstaller.RECEIVER_PATH);
            assertThat(context.getRegistry().lookupByName("boundBefore")).as("bean bound before the watch")
                    .isEqualTo("a bean bound before the watch started");
        }
    }

    @Test
    void managementRouterGetsNoHandlers() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            PayloadTooLargeInstaller installer = new PayloadTooLargeInstaller(context, 1024);
            assertThat(installer.watchRouterBinding()).as("registry watched").isTrue();
            Router router = Router.router(vertx);

            context.getRegistry().bind("management-router", new VertxPlatformHttpRouter(null, vertx, router,
                    "management-router", VertxPlatformHttpRouter.SERVER_TYPE_MANAGEMENT));

            assertThat(router.getRoutes()).as("management router routes").isEmpty();
        }
    }
}
