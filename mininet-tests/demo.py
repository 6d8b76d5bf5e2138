#!/usr/bin/python3
"""`bin/weft demo [--hosts N]`: the seed scenario in a minute, then the Mininet CLI.

Starts a Weft controller and N simulated hosts (Mininet nodes, each with its own Open vSwitch on the
userspace datapath, joined with the two documented ovs-vsctl commands), creates the seed's net1
with contain1 on node1 and contain2 on node2, shows the pings and each host's flows by table name,
then leaves you at the Mininet CLI (`contain1 ping contain2` works there). Everything it made is
removed when you leave the CLI (or on Ctrl-C).
"""

import argparse
import collections
import re
import sys

from mininet.cli import CLI
from mininet.link import Intf
from mininet.log import setLogLevel

import weftnet

TABLES = {'0': 'CLASSIFIER', '10': 'PORT_SECURITY', '20': 'ARP_RESPONDER', '30': 'L2_FORWARDING'}


def _priority(flow):
    m = re.match(r'priority=(\d+)', flow)
    return int(m.group(1)) if m else 32768


def show_flows(tb, hv):
    status, text = tb.controller.request('GET', '/api/v1/hosts/%s/flows' % hv.name, raw=True)
    if status != 200:
        raise weftnet.CommandFailed('flows of %s -> %s %s' % (hv.name, status, text))
    by_table = collections.OrderedDict()
    for line in (text or '').splitlines():
        m = re.match(r'cookie=0x[0-9a-f]+, table=(\d+), (.*)', line)
        if m:
            by_table.setdefault(m.group(1), []).append(m.group(2))
        elif line.startswith('group_id='):
            by_table.setdefault('groups', []).append(line)
    print('\n== %s: %d flows ==' % (hv.name, sum(len(v) for k, v in by_table.items() if k != 'groups')))
    for table in sorted(by_table, key=lambda t: (t == 'groups', int(t) if t.isdigit() else 0)):
        print('-- %s' % (TABLES.get(table, 'table ' + table) if table != 'groups' else 'GROUPS'))
        for flow in sorted(by_table[table], key=_priority, reverse=True):
            print('   ' + flow)


def main():
    ap = argparse.ArgumentParser(prog='weft demo', description=__doc__.splitlines()[0])
    ap.add_argument('--hosts', type=int, default=2, help='simulated hosts (default 2)')
    args = ap.parse_args()
    if args.hosts < 1:
        ap.error('--hosts must be at least 1')
    tb = weftnet.Testbed(nodes=args.hosts, prefix='weft-demo-')
    try:
        print('Starting the controller and %d hosts (Open vSwitch, netdev datapath)...' % args.hosts, flush=True)
        tb.start()
        net1 = tb.controller.create_network('net1', '10.10.10.0/24')
        print('net1: subnet %s, VNI %s' % (net1['subnet'], net1['vni']))
        c1 = tb.add_container('contain1', 1, 'net1', ip='10.10.10.3')
        c2 = tb.add_container('contain2', min(2, args.hosts), 'net1', ip='10.10.10.4')
        print('Attaching contain1 (node1) and contain2 (node%d) with `weft attach`...' % min(2, args.hosts), flush=True)
        tb.attach(c1, c2)
        for c in (c1, c2):
            # Tell Mininet about the eth0 that weft attach made (it is already in place: no move), so
            # that the CLI can resolve `contain2` to its address.
            Intf('eth0', node=c.node, moveIntfFn=lambda *args, **kwargs: True)
        c1.warm_up(c2.ip)
        print('\n$ contain1 ping -c 3 contain2')
        print(c1.ping(c2.ip)[2])
        print('$ contain2 ping -c 3 contain1')
        print(c2.ping(c1.ip)[2])
        for hv in tb.hypervisors:
            show_flows(tb, hv)
        print('\nMininet CLI: try `contain1 ping contain2`, `node1 ovs-ofctl -O OpenFlow13 dump-flows '
              '%s/br-int.mgmt`, or `exit` to tear everything down.' % tb.hv(1).dir)
        setLogLevel('output')  # the testbed keeps Mininet quiet; the CLI prints through the same log
        CLI(tb.net)
    finally:
        print('Cleaning up...')
        tb.close()
    return 0


if __name__ == '__main__':
    sys.exit(main())
