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

/** When the handlers join the platform-http routers, and which of them the management router gets. */
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
            RouterHandlers installer = new RouterHandlers(context, 1024);

            assertThat(installer.watchRouterBinding()).as("registry watched").isTrue();
            Router router = Router.router(vertx);
            // The platform-http server binds its router like this right before it starts listening.
            context.getRegistry().bind(VertxPlatformHttpRouter.PLATFORM_HTTP_ROUTER_NAME, new VertxPlatformHttpRouter(
                    null, vertx, router, VertxPlatformHttpRouter.PLATFORM_HTTP_ROUTER_NAME,
                    VertxPlatformHttpRouter.SERVER_TYPE_SERVER));

            assertThat(router.getRoutes()).extracting(Route::getPath).as("router paths")
                    .contains(RouterHandlers.RECEIVER_PATH);
            assertThat(context.getRegistry().lookupByName("boundBefore")).as("bean bound before the watch")
                    .isEqualTo("a bean bound before the watch started");
        }
    }

    @Test
    void managementRouterGetsNoReceiverHandler() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            RouterHandlers installer = new RouterHandlers(context, 1024);
            assertThat(installer.watchRouterBinding()).as("registry watched").isTrue();
            Router router = Router.router(vertx);

            context.getRegistry().bind("management-router", new VertxPlatformHttpRouter(null, vertx, router,
                    "management-router", VertxPlatformHttpRouter.SERVER_TYPE_MANAGEMENT));

            // The management router gets the dot-segment check and the query string's failure handler, each on a
            // route without a path, and not the receiver's route.
            assertThat(router.getRoutes()).as("management router routes").hasSize(2)
                    .extracting(Route::getPath).containsOnlyNulls();
        }
    }
}
