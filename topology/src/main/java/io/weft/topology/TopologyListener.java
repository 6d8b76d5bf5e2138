package io.weft.topology;

/**
 * Receives every committed change, in commit order. Called on the thread that made the change (after the topology
 * lock is released), so implementations should be quick and hand real work to their own executor. An exception
 * thrown here is logged and does not stop delivery to other listeners.
 */
@FunctionalInterface
public interface TopologyListener {
    void onChange(TopologyEvent event);
}
