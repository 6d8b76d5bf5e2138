#!/usr/bin/python3
"""Routed versus same-network: TCP throughput (iperf3), round-trip time and time to first ping, in the same run.

    mininet-tests/bench_routing.py [--rounds 3] [--seconds 5]

Three hypervisors. contain1 (net1, node1) sends to contain2 (net1, node2: switched, one tunnel crossing) and to
r2 (net2, node2: routed by node1 through router r1, one tunnel crossing). Rounds alternate the two paths; prints
each round, the medians, and the ratio routed/switched. Time to first ping: a new container is attached on node2
(`weft attach`, which returns once the endpoint is installed) and contain1 pings it at once, every 10 ms, until
the first reply; measured from the start of the attach. Needs root.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import weftnet  # noqa: E402


def iperf(client, server, seconds):
    proc = weftnet.spawn(server.node.pid, ['iperf3', '-s', '-1', '-p', '5301'])
    try:
        deadline = time.time() + 10
        while ':5301' not in server.sh('ss', '-ltn').stdout:
            if time.time() > deadline:
                raise SystemExit('iperf3 server not listening')
            time.sleep(0.05)
        p = client.sh('iperf3', '-c', server.ip, '-p', '5301', '-t', str(seconds), '-J', timeout=seconds + 60)
        return json.loads(p.stdout)['end']['sum_received']['bits_per_second'] / 1e6
    finally:
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def rtt_ms(client, ip):
    out = client.sh('ping', '-n', '-c', '50', '-i', '0.02', '-q', ip, timeout=60).stdout
    m = re.search(r'= [\d.]+/([\d.]+)/', out)
    return float(m.group(1))


def first_ping_s(tb, c1, name, network, ip):
    target = tb.add_container(name, 2, network, ip=ip)
    start = time.perf_counter()
    tb.attach(target)
    while c1.sh('ping', '-n', '-c', '1', '-W', '1', ip, check=False).returncode != 0:
        if time.perf_counter() - start > 30:
            raise SystemExit('no first ping to %s' % ip)
        time.sleep(0.01)
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--rounds', type=int, default=3)
    ap.add_argument('--seconds', type=int, default=5)
    args = ap.parse_args()
    tb = weftnet.Testbed(nodes=2, prefix='weft-bench-routing-')
    try:
        tb.start()
        tb.controller.create_network('net1', '10.10.10.0/24')
        tb.controller.create_network('net2', '10.20.0.0/24')
        c1 = tb.add_container('contain1', 1, 'net1', ip='10.10.10.3')
        c2 = tb.add_container('contain2', 2, 'net1', ip='10.10.10.4')
        r2 = tb.add_container('r2', 2, 'net2', ip='10.20.0.4')
        tb.attach(c1, c2, r2)
        hv = c1.hypervisor
        hv.weft('router', 'create', 'r1')
        hv.weft('router', 'attach', 'r1', 'net1')
        hv.weft('router', 'attach', 'r1', 'net2')
        for target in (c2, r2):
            if not c1.warm_up(target.ip):
                raise SystemExit('no reply from %s' % target.ip)
        results = {'switched': {'mbps': [], 'rtt': [], 'first': []}, 'routed': {'mbps': [], 'rtt': [], 'first': []}}
        for i in range(args.rounds):
            for label, target in (('switched', c2), ('routed', r2)) if i % 2 == 0 else (('routed', r2),
                                                                                        ('switched', c2)):
                mbps = iperf(c1, target, args.seconds)
                rtt = rtt_ms(c1, target.ip)
                results[label]['mbps'].append(mbps)
                results[label]['rtt'].append(rtt)
                network, prefix = ('net1', '10.10.10.') if label == 'switched' else ('net2', '10.20.0.')
                first = first_ping_s(tb, c1, 'new%s%d' % (label[0], i), network, prefix + str(50 + i))
                results[label]['first'].append(first)
                print('round %d %-8s %7.0f Mbit/s  rtt %.3f ms  first ping %.3f s' % (i + 1, label, mbps, rtt, first),
                      flush=True)
        s, r = results['switched'], results['routed']
        for label, x in (('switched', s), ('routed', r)):
            print('median %-8s: %.0f Mbit/s, rtt %.3f ms, first ping %.3f s' % (
                label, statistics.median(x['mbps']), statistics.median(x['rtt']), statistics.median(x['first'])))
        print('routed/switched: throughput %.2fx, rtt %.2fx, first ping %.2fx' % (
            statistics.median(r['mbps']) / statistics.median(s['mbps']),
            statistics.median(r['rtt']) / statistics.median(s['rtt']),
            statistics.median(r['first']) / statistics.median(s['first'])))
    finally:
        tb.close()


if __name__ == '__main__':
    main()
