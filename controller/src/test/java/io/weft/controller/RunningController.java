package io.weft.controller;

import java.time.Duration;

/** An OpenFlow server on a free loopback port with short keepalive timers, for tests. */
final class RunningController implements AutoCloseable {
    final SwitchRegistry registry = new SwitchRegistry();
    final SwitchEvents events = new SwitchEvents();
    final OpenFlowServer server;
    final int port;

    RunningController() throws InterruptedException {
        this(Duration.ofSeconds(1), Duration.ofSeconds(3));
    }

    RunningController(Duration echo, Duration idle) throws InterruptedException {
        registry.addListener(events);
        OpenFlowConfig config = new OpenFlowConfig("127.0.0.1", 0, echo, idle, Duration.ofSeconds(5),
                Duration.ofSeconds(60), OpenFlowConfig.DEFAULT_MAX_PENDING_WRITE_BYTES);
        server = new OpenFlowServer(config, registry);
        port = server.start().getPort();
    }

    String target() {
        return "tcp:127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.close();
    }
}
