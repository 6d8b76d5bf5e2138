#!/usr/bin/python3
"""Outside access through docker_gwbridge: a container's download speed from outside the host against the
host's own, in the same run.

    mininet-tests/bench_egress.py [--rounds 3] [--megabytes 200]

One Docker host on Weft; an outside namespace that only the host routes to serves a file over HTTP (busybox
httpd). Rounds alternate a download from a container on a Weft network (eth1 on docker_gwbridge, NAT by the host)
and from the host itself (the floor). Prints MB/s of each, the medians and the ratio container/host. Needs root.
"""

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dockernet  # noqa: E402
import weftnet  # noqa: E402


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--rounds', type=int, default=3)
    ap.add_argument('--megabytes', type=int, default=200)
    args = ap.parse_args()
    dt = dockernet.DockerTestbed(nodes=1)
    try:
        dt.start()
        h1 = dt.host(1)
        world = dt.add_outside(1)
        www = os.path.join(dt.tb.workdir, 'www')
        os.makedirs(www, exist_ok=True)
        with open(os.path.join(www, 'big'), 'wb') as fh:
            fh.truncate(args.megabytes * 1024 * 1024)
        httpd = weftnet.spawn(world.pid, ['busybox', 'httpd', '-f', '-p', '8000', '-h', www])
        h1.docker('network', 'create', '-d', 'weft', '--ipam-driver', 'weft', '--subnet', '10.90.0.0/24', 'enet')
        h1.docker('run', '-d', '--name', 'e1', '--net', 'enet', dockernet.IMAGE, 'sleep', '3600')
        url = 'http://203.0.113.2:8000/big'
        time.sleep(1)

        def from_container():
            h1.exec('e1', 'busybox', 'wget', '-q', '-O', '/dev/null', url, timeout=600)

        def from_host():
            weftnet.run(['busybox', 'wget', '-q', '-O', '/dev/null', url], netns_pid=h1.hv.node.pid, timeout=600)

        results = {'container': [], 'host': []}
        for i in range(args.rounds):
            order = (('container', from_container), ('host', from_host))
            for label, fn in order if i % 2 == 0 else tuple(reversed(order)):
                mbs = args.megabytes / timed(fn)
                results[label].append(mbs)
                print('round %d %-9s %7.1f MB/s' % (i + 1, label, mbs), flush=True)
        c, h = statistics.median(results['container']), statistics.median(results['host'])
        print('median container %.1f MB/s, host %.1f MB/s: container/host %.2fx' % (c, h, c / h))
        httpd.kill()
    finally:
        dt.close()


if __name__ == '__main__':
    main()
