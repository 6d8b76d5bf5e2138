#!/usr/bin/python3
"""Shows an OVS userspace-datapath behaviour the churn test steps around (docs/testing.md).

    /usr/bin/python3 mininet-tests/ovs_link_churn_loss.py [CYCLES]

Two hosts, contain1 on node1 pings contain2 on node2 every 5 ms, twice: once while a veth that OVS
never sees is created and deleted CYCLES times (default 300) in node2's namespace, once with node2
left alone. Weft changes nothing during either run. Prints the pings lost in each.
"""

import os
import re
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import weftnet  # noqa: E402


def lost_pings(c1, c2, during):
    ping = weftnet.spawn(c1.node.pid, ['ping', '-n', '-i', '0.005', '-c', '1000000', '-W', '1', c2.ip])
    time.sleep(1)
    during()
    time.sleep(1)
    ping.send_signal(signal.SIGINT)
    out, _ = ping.communicate()
    sent = int(re.search(r'(\d+) packets transmitted', out).group(1))
    replied = {int(s) for s in re.findall(r'icmp_seq=(\d+) ttl', out)}
    return sent, [s for s in range(1, sent) if s not in replied]  # the last one may be in flight


def main():
    cycles = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    tb = weftnet.Testbed(nodes=2)
    try:
        tb.start()
        tb.controller.create_network('net1', '10.10.10.0/24')
        c1 = tb.add_container('contain1', 1, 'net1', ip='10.10.10.3')
        c2 = tb.add_container('contain2', 2, 'net1', ip='10.10.10.4')
        tb.attach(c1, c2)
        if not c1.warm_up(c2.ip):
            raise SystemExit('no ping reply contain1 -> contain2')
        node2 = tb.hv(2)

        def link_churn():
            for i in range(cycles):
                node2.sh('ip', 'link', 'add', 'tv%d' % i, 'type', 'veth', 'peer', 'name', 'tp%d' % i)
                node2.sh('ip', 'link', 'del', 'tv%d' % i)

        started = time.time()
        sent, lost = lost_pings(c1, c2, link_churn)
        seconds = time.time() - started - 2
        print('with %d veth add/del on node2: lost %d of %d %s' % (cycles, len(lost), sent, lost[:20]))
        sent, lost = lost_pings(c1, c2, lambda: time.sleep(seconds))
        print('node2 left alone:             lost %d of %d %s' % (len(lost), sent, lost[:20]))
    finally:
        tb.close()


if __name__ == '__main__':
    main()
