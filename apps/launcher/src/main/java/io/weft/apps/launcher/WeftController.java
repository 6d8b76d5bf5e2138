package io.weft.apps.launcher;

import io.weft.controller.OpenFlowConfig;
import io.weft.controller.OpenFlowServer;
import io.weft.controller.SwitchRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where Weft's parts are built and wired together (constructor injection, no
 * singletons). Closing it stops everything it started, in reverse order.
 */
final class WeftController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WeftController.class);

    private final OpenFlowServer openFlow;
    private final InetSocketAddress openFlowAddress;
    private volatile boolean closed;

    private WeftController(OpenFlowServer openFlow, InetSocketAddress openFlowAddress) {
        this.openFlow = openFlow;
        this.openFlowAddress = openFlowAddress;
    }

    static WeftController start(ControllerSettings settings) throws IOException, InterruptedException {
        Files.createDirectories(settings.dataDir());
        LOG.info("weft controller starting: data dir {}", settings.dataDir().toAbsolutePath());
        SwitchRegistry switches = new SwitchRegistry();
        OpenFlowServer openFlow = new OpenFlowServer(
                OpenFlowConfig.defaults().withListen(settings.listen(), settings.openflowPort()), switches);
        InetSocketAddress bound = openFlow.start();
        return new WeftController(openFlow, bound);
    }

    InetSocketAddress openFlowAddress() {
        return openFlowAddress;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("weft controller stopping");
        openFlow.close();
    }
}
