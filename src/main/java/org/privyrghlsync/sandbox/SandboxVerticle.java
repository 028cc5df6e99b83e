package org.privyrghlsync.sandbox;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * One HTTP server instance of the sandbox on its own event loop. Several instances bound to the same port share
 * the incoming connections, which is how the sandbox uses more than one core.
 */
final class SandboxVerticle extends AbstractVerticle {

    private final SandboxState state;
    private final int port;
    private volatile int actualPort;

    SandboxVerticle(SandboxState state, int port) {
        this.state = state;
        this.port = port;
    }

    @Override
    public void start(Promise<Void> startPromise) {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(state.config.host())
                .setPort(port)
                .setTcpNoDelay(true);
        HttpServer server = vertx.createHttpServer(options);
        server.requestHandler(new SandboxRouter(state).create(vertx))
                .listen()
                .onSuccess(bound -> {
                    actualPort = bound.actualPort();
                    startPromise.complete();
                })
                .onFailure(startPromise::fail);
    }

    int actualPort() {
        return actualPort;
    }
}
