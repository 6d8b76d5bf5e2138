#!/usr/bin/python3
"""DNS benchmark: Weft's answers at a network's gateway against Docker's embedded DNS, in the same run.

    mininet-tests/bench_dns.py [--queries 5000] [--in-flight 8]

Two Docker hosts on a Weft network (as in test_docker.py); c1 and c2 run on node1. From c1's network
namespace, a load generator asks for c2's name (1) at the gateway 10.80.0.1, answered by the Weft
controller through OpenFlow packet-in/packet-out, and (2) at 127.0.0.11, Docker's embedded DNS, which knows
its own host's containers. Prints queries/s and p50/p99 latency of each, and the ratios. Needs root.
"""

import argparse
import json
import os
import socket
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dockernet  # noqa: E402

LOADGEN = r'''
import json, random, socket, struct, sys, time
server, name, total, in_flight = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
def query(qid):
    q = struct.pack('!HHHHHH', qid, 0x0100, 1, 0, 0, 0)
    for label in name.split('.'):
        q += bytes([len(label)]) + label.encode()
    return q + b'\x00' + struct.pack('!HH', 1, 1)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
s.connect((server, 53))
sent, done, lost, latencies, pending = 0, 0, 0, [], {}
start = time.perf_counter()
while done + lost < total:
    while sent < total and len(pending) < in_flight:
        qid = sent & 0xffff
        pending[qid] = time.perf_counter()
        s.send(query(qid))
        sent += 1
    try:
        data = s.recv(2048)
    except socket.timeout:
        lost += len(pending)
        pending.clear()
        continue
    qid = struct.unpack('!H', data[:2])[0]
    t0 = pending.pop(qid, None)
    if t0 is not None and struct.unpack('!H', data[6:8])[0] >= 1:
        latencies.append(time.perf_counter() - t0)
        done += 1
    elif t0 is not None:
        lost += 1
elapsed = time.perf_counter() - start
latencies.sort()
print(json.dumps({'answered': done, 'lost': lost, 'qps': done / elapsed,
                  'p50_ms': 1000 * latencies[len(latencies) // 2] if latencies else None,
                  'p99_ms': 1000 * latencies[int(len(latencies) * 0.99)] if latencies else None}))
'''


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--queries', type=int, default=5000)
    ap.add_argument('--in-flight', type=int, default=8)
    args = ap.parse_args()
    dt = dockernet.DockerTestbed(nodes=2)
    try:
        dt.start()
        h1, h2 = dt.host(1), dt.host(2)
        h1.docker('network', 'create', '-d', 'weft', '--ipam-driver', 'weft', '--subnet', '10.80.0.0/24', 'bnet')
        h2.await_network('bnet')
        for name in ('c1', 'c2'):
            h1.docker('run', '-d', '--name', name, '--net', 'bnet', '--dns', '10.80.0.1', dockernet.IMAGE, 'sleep',
                      '3600')
        deadline = time.time() + 30
        while not h1.ping('c1', 'c2', count=1, tries=1):  # Docker's and Weft's answers both work
            if time.time() > deadline:
                raise SystemExit('c1 cannot reach c2 by name')
        status, endpoints = dt.tb.controller.get('/api/v1/networks/bnet/endpoints')
        while not any('c2' in e['aliases'] for e in endpoints):
            time.sleep(0.2)
            status, endpoints = dt.tb.controller.get('/api/v1/networks/bnet/endpoints')
        pid = h1.docker('inspect', '-f', '{{.State.Pid}}', 'c1').stdout.strip()
        results = {}
        for label, server in (('weft', '10.80.0.1'), ('docker', '127.0.0.11'), ('weft', '10.80.0.1'),
                              ('docker', '127.0.0.11')):
            p = subprocess.run(['nsenter', '--net=/proc/%s/ns/net' % pid, '/usr/bin/python3', '-c', LOADGEN, server,
                                'c2', str(args.queries), str(args.in_flight)], capture_output=True, text=True,
                               timeout=600)
            if p.returncode != 0:
                raise SystemExit(p.stderr)
            r = json.loads(p.stdout)
            results.setdefault(label, []).append(r)
            print('%-6s %s: %.0f q/s, p50 %.2f ms, p99 %.2f ms, %d lost' % (label, server, r['qps'], r['p50_ms'],
                                                                           r['p99_ms'], r['lost']))
        w, d = results['weft'][-1], results['docker'][-1]
        print('weft/docker: q/s %.2fx, p50 %.2fx, p99 %.2fx (second round of each)' % (
            w['qps'] / d['qps'], w['p50_ms'] / d['p50_ms'], w['p99_ms'] / d['p99_ms']))
    finally:
        dt.close()


if __name__ == '__main__':
    main()
