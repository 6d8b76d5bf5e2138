package io.weft.apps.provisioning;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Keeps every host event and the latest status per host. */
final class RecordingObserver implements HostObserver {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final Map<String, HostStatus> hosts = new ConcurrentHashMap<>();

    @Override
    public void hostChanged(HostStatus host) {
        hosts.put(host.name(), host);
        events.add("changed " + host.name());
    }

    @Override
    public void hostDisconnected(String hostName) {
        hosts.remove(hostName);
        events.add("disconnected " + hostName);
    }

    @Override
    public void interfaceBound(String hostName, String ifaceId, long ofport, String interfaceName) {
        events.add("bound " + hostName + " " + ifaceId + " " + ofport + " " + interfaceName);
    }

    @Override
    public void interfaceUnbound(String hostName, String ifaceId) {
        events.add("unbound " + hostName + " " + ifaceId);
    }

    String awaitEvent(Predicate<String> p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String e = events.poll(200, TimeUnit.MILLISECONDS);
            if (e != null && p.test(e)) {
                return e;
            }
        }
        throw new AssertionError("event not seen within 30 s");
    }

    HostStatus awaitHost(String name, Predicate<HostStatus> p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            HostStatus h = hosts.get(name);
            if (h != null && p.test(h)) {
                return h;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("host " + name + " not as expected within 30 s: " + hosts.get(name));
    }
}
