#!/usr/bin/python3
"""Seed, isolation, ARP/broadcast and TCP scenarios on one three-hypervisor Mininet testbed.

    node1: contain1 (net1 10.10.10.3), contain5 (net1 10.10.10.5), n2c1 (net2 10.10.10.3)
    node2: contain2 (net1 10.10.10.4), n2c2 (net2 10.10.10.4), r3c2 (net3 10.30.0.2)
    node3: n2c3 (net2 10.10.10.6)                      -- no endpoint of net1 on node3

net1 and net2 share the subnet 10.10.10.0/24 (and, with default MACs, the MAC addresses of equal IPs).
net3 (10.30.0.0/24) is routed with net1 by router r1 in test_5 only; net2 is on no router.
"""

import json
import os
import re
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import weftnet  # noqa: E402

BCAST = 'ff:ff:ff:ff:ff:ff'


def vxlan(frames):
    return [f for f in frames if 'vxlan' in f]


def icmp_to(frames, dst, src=None):
    return [f for f in frames if 'icmp' in f and f['ip']['dst'] == dst and (src is None or f['ip']['src'] == src)]


def arp_requests(frames, tpa):
    return [f for f in frames if 'arp' in f and f['arp']['op'] == 1 and f['arp']['tpa'] == tpa]


class OverlayTest(unittest.TestCase):
    tb = None

    @classmethod
    def setUpClass(cls):
        tb = weftnet.Testbed(nodes=3)
        cls.addClassCleanup(tb.close)
        tb.start()
        cls.tb = tb
        cls.ctl = tb.controller
        cls.net1 = tb.controller.create_network('net1', '10.10.10.0/24')
        cls.net2 = tb.controller.create_network('net2', '10.10.10.0/24')
        cls.c1 = tb.add_container('contain1', 1, 'net1', ip='10.10.10.3')
        cls.c2 = tb.add_container('contain2', 2, 'net1', ip='10.10.10.4')
        cls.c5 = tb.add_container('contain5', 1, 'net1', ip='10.10.10.5')
        cls.n2c1 = tb.add_container('n2c1', 1, 'net2', ip='10.10.10.3')
        cls.n2c2 = tb.add_container('n2c2', 2, 'net2', ip='10.10.10.4')
        cls.n2c3 = tb.add_container('n2c3', 3, 'net2', ip='10.10.10.6')
        cls.net3 = tb.controller.create_network('net3', '10.30.0.0/24')
        cls.r3c2 = tb.add_container('r3c2', 2, 'net3', ip='10.30.0.2')
        tb.attach(cls.c1, cls.c2, cls.c5, cls.n2c1, cls.n2c2, cls.n2c3, cls.r3c2)
        # Resolve the underlay neighbours of every tunnel used below, so later captures see no warm-up.
        for a, b in ((cls.c1, cls.c2), (cls.n2c1, cls.n2c2), (cls.n2c1, cls.n2c3), (cls.n2c2, cls.n2c3)):
            if not a.warm_up(b.ip):
                raise AssertionError('no ping reply %s -> %s (%s) during warm-up' % (a.name, b.name, b.ip))

    def assertPings(self, src, ip, count=3):
        sent, received, out = src.ping(ip, count=count)
        self.assertEqual(received, count, '%s -> %s:\n%s' % (src.name, ip, out))

    def assertNoPing(self, src, ip, count=2):
        sent, received, out = src.ping(ip, count=count, wait=1)
        self.assertEqual(received, 0, '%s -> %s must not answer:\n%s' % (src.name, ip, out))

    # 1 ---------------------------------------------------------------------------------------------
    def test_1_seed_ping_over_vxlan_vni_256(self):
        c1, c2 = self.c1, self.c2
        self.assertEqual(self.net1['vni'], 256, self.net1)
        status, net = self.ctl.get('/api/v1/networks/net1')
        self.assertEqual(status, 200)
        self.assertEqual(net['vni'], 256)
        inspect = c1.hypervisor.weft('network', 'inspect', 'net1', '--json').stdout
        self.assertEqual(json.loads(inspect)['vni'], 256, inspect)
        for c in (c1, c2):
            self.assertEqual(c.endpoint['status'], 'installed', c.endpoint)
            self.assertEqual(c.endpoint['host'], c.hypervisor.name)

        cap = self.tb.capture(c1.hypervisor.node, c1.hypervisor.underlay, ['udp', 'port', '4789'])
        try:
            self.assertTrue(c1.warm_up(c2.ip))
            self.assertPings(c1, c2.ip)
            self.assertPings(c2, c1.ip)
        finally:
            frames = cap.stop()
        # The controller's tunnel probes (docs/pipeline.md, Tunnel liveness) cross the same tunnel with VNI 0,
        # the one VNI no network has; everything else is net1's traffic on VNI 256.
        probes = [f for f in vxlan(frames) if f['vxlan']['vni'] == 0]
        tunnelled = [f for f in vxlan(frames) if f['vxlan']['vni'] != 0]
        self.assertTrue(tunnelled, 'no VXLAN on %s' % c1.hypervisor.underlay)
        self.assertEqual({f['vxlan']['vni'] for f in tunnelled}, {256})
        self.assertTrue(probes, 'no tunnel probes between the hosts')
        self.assertTrue(all(f['inner']['ethertype'] == 0x88b5 and f['inner']['src'].startswith('02:57:45:46:54')
                            for f in probes), probes[:3])
        self.assertEqual({(f['ip']['src'], f['ip']['dst']) for f in tunnelled},
                         {('198.18.0.1', '198.18.0.2'), ('198.18.0.2', '198.18.0.1')})
        inner = [f['inner'] for f in tunnelled]
        self.assertGreaterEqual(len(icmp_to(inner, c2.ip, c1.ip)), 6)  # 1+ warm-up, 3 requests, 3 replies
        self.assertGreaterEqual(len(icmp_to(inner, c1.ip, c2.ip)), 6)
        self.assertTrue(all(f['src'] in (c1.mac, c2.mac) and f['dst'] in (c1.mac, c2.mac) for f in inner), inner)
        text = cap.text('-v')
        self.assertIn('VXLAN', text)
        self.assertIn('vni 256', text)

    # 2 ---------------------------------------------------------------------------------------------
    def test_2_isolation_same_subnet_two_networks(self):
        self.assertEqual(self.net2['vni'], 257)
        self.assertEqual(self.net2['subnet'], self.net1['subnet'])
        # within each network, across hosts and on one host
        self.assertPings(self.c1, '10.10.10.4')
        self.assertPings(self.c1, '10.10.10.5')
        self.assertPings(self.n2c1, '10.10.10.4')
        self.assertPings(self.n2c1, '10.10.10.6')
        self.assertPings(self.n2c3, '10.10.10.4')
        # addresses that exist only in the other network never answer
        self.assertNoPing(self.c1, '10.10.10.6')   # net2 only, on node3
        self.assertNoPing(self.c2, '10.10.10.6')
        self.assertNoPing(self.n2c1, '10.10.10.5')  # net1 only, on the same host
        self.assertNoPing(self.n2c3, '10.10.10.5')

        # the same address in both networks: each network's ping reaches only its own container
        for src, own, other in ((self.c1, self.c2, self.n2c2), (self.n2c1, self.n2c2, self.c2)):
            caps = {c.name: self.tb.capture(c.node, 'eth0', ['icmp']) for c in (own, other)}
            try:
                self.assertPings(src, '10.10.10.4')
            finally:
                frames = {name: cap.stop() for name, cap in caps.items()}
            self.assertEqual(len(icmp_to(frames[own.name], '10.10.10.4', '10.10.10.3')), 3,
                             '%s -> 10.10.10.4 reaches %s' % (src.name, own.name))
            self.assertEqual(icmp_to(frames[other.name], '10.10.10.4'), [],
                             '%s (%s) -> 10.10.10.4 leaked into %s (%s)' % (src.name, src.network, other.name,
                                                                           other.network))

    # 3 ---------------------------------------------------------------------------------------------
    def test_3a_arp_for_known_addresses_stays_on_the_host(self):
        c1, c2, c5 = self.c1, self.c2, self.c5
        underlays = {hv.name: self.tb.capture(hv.node, hv.underlay) for hv in self.tb.hypervisors}
        in_c1 = self.tb.capture(c1.node, 'eth0', ['arp'])
        in_c2 = self.tb.capture(c2.node, 'eth0', ['arp'])
        try:
            c1.sh('ip', 'neigh', 'flush', 'dev', 'eth0')
            self.assertEqual(c1.sh('ip', 'neigh', 'show', 'dev', 'eth0').stdout.strip(), '')
            self.assertPings(c1, c2.ip)
            self.assertPings(c1, c5.ip)
            c1.ping('10.10.10.1', count=1, wait=1)  # the gateway: answered by ARP, nothing behind it
        finally:
            frames = {name: cap.stop() for name, cap in underlays.items()}
            c1_frames = in_c1.stop()
            c2_frames = in_c2.stop()
        neigh = c1.sh('ip', 'neigh', 'show', 'dev', 'eth0').stdout
        self.assertRegex(neigh, r'10\.10\.10\.4 lladdr %s' % c2.mac)
        self.assertRegex(neigh, r'10\.10\.10\.5 lladdr %s' % c5.mac)
        self.assertRegex(neigh, r'10\.10\.10\.1 lladdr 02:42:0a:0a:0a:01')
        # container 1 asked and got answers ...
        for ip, mac in ((c2.ip, c2.mac), (c5.ip, c5.mac), ('10.10.10.1', '02:42:0a:0a:0a:01')):
            self.assertTrue(arp_requests(c1_frames, ip), 'contain1 sent no ARP request for %s' % ip)
            self.assertTrue([f for f in c1_frames if f['arp']['op'] == 2 and f['arp']['spa'] == ip
                             and f['arp']['sha'] == mac], 'no ARP reply %s is-at %s in contain1' % (ip, mac))
        # ... from its own host: the request never reached container 2 nor the underlay
        self.assertEqual(arp_requests(c2_frames, c2.ip), [], 'ARP for %s reached contain2' % c2.ip)
        for name, fr in frames.items():
            inner_arp = [f for f in vxlan(fr) if f['inner'].get('ethertype') == 0x0806]
            self.assertEqual(inner_arp, [], 'ARP inside VXLAN on the underlay of %s' % name)
            overlay_arp = [f for f in fr if 'arp' in f and f['arp']['tpa'].startswith('10.10.10.')]
            self.assertEqual(overlay_arp, [], 'overlay ARP on the underlay of %s' % name)
        self.assertTrue(vxlan(frames['node1']), 'the pings did cross the underlay')

    def test_3b_broadcast_reaches_exactly_its_network(self):
        c1 = self.c1
        same = [self.c2, self.c5]
        others = [self.n2c1, self.n2c2, self.n2c3]
        for c in same + others:
            c.sh('sysctl', '-q', '-w', 'net.ipv4.icmp_echo_ignore_broadcasts=0')
        caps = {c.name: self.tb.capture(c.node, 'eth0', ['icmp', 'or', 'arp']) for c in same + others}
        underlays = {hv.name: self.tb.capture(hv.node, hv.underlay, ['udp', 'port', '4789'])
                     for hv in self.tb.hypervisors}
        try:
            _, _, bping = c1.ping('10.10.10.255', count=2, wait=1, extra=['-b'])
            c1.ping('10.10.10.200', count=1, wait=2)  # nobody has it: ARP requests flood the network
            time.sleep(0.3)
        finally:
            frames = {name: cap.stop() for name, cap in caps.items()}
            under = {name: cap.stop() for name, cap in underlays.items()}
        for c in same:
            got = frames[c.name]
            self.assertEqual(len([f for f in icmp_to(got, '10.10.10.255', c1.ip) if f['dst'] == BCAST]), 2,
                             'broadcast ping did not reach %s on %s' % (c.name, c.hypervisor.name))
            self.assertTrue([f for f in arp_requests(got, '10.10.10.200') if f['dst'] == BCAST],
                            'ARP broadcast for an unknown address did not reach %s' % c.name)
            self.assertIn('from %s' % c.ip, bping, 'no reply from %s to the broadcast ping' % c.name)
        for c in others:
            got = frames[c.name]
            self.assertEqual(icmp_to(got, '10.10.10.255'), [], 'net1 broadcast leaked into %s' % c.name)
            self.assertEqual(arp_requests(got, '10.10.10.200'), [], 'net1 ARP leaked into %s' % c.name)
        self.assertEqual(set(re.findall(r'bytes from ([0-9.]+)', bping)), {c.ip for c in same}, bping)
        # on the underlay: VNI 256, one copy per frame to node2 only (node3 has no net1 endpoint)
        sent = [f for f in vxlan(under['node1']) if f['inner']['dst'] == BCAST]
        self.assertTrue(sent, 'no broadcast left node1 through the tunnel')
        self.assertEqual({(f['vxlan']['vni'], f['ip']['src'], f['ip']['dst']) for f in sent},
                         {(256, '198.18.0.1', '198.18.0.2')})
        self.assertEqual([f for f in vxlan(under['node3']) if f['vxlan']['vni'] == 256], [],
                         'net1 traffic reached node3, which has no net1 endpoint')

    # 4 ---------------------------------------------------------------------------------------------
    def test_4_tcp_iperf3_across_hosts(self):
        c1, c2 = self.c1, self.c2
        for c in (c1, c2):
            self.assertIn('mtu 1450', c.sh('ip', 'link', 'show', 'dev', 'eth0').stdout)
            self.assertIn('tx-checksumming: off', c.sh('ethtool', '-k', 'eth0').stdout)
        self.assertIperf(c1, c2, seconds=3, label='c1 <-> c2')

    # 5 ---------------------------------------------------------------------------------------------
    def test_5_routing_between_networks_on_different_hosts(self):
        c1, r3c2, n2c2 = self.c1, self.r3c2, self.n2c2
        # before any router: net1 and net3 are isolated like any two networks
        self.assertNoPing(c1, r3c2.ip)
        hv = c1.hypervisor
        hv.weft('router', 'create', 'r1')
        try:
            hv.weft('router', 'attach', 'r1', 'net1')
            attached = json.loads(hv.weft('router', 'attach', 'r1', 'net3', '--json').stdout)
            self.assertEqual(attached['networks'], ['net1', 'net3'], attached)
            self.assertTrue(c1.warm_up(r3c2.ip), 'no routed reply net1 -> net3')

            # node1 routes: the packet crosses the underlay once, in net3's VNI, from net3's gateway, TTL - 1
            under = self.tb.capture(hv.node, hv.underlay, ['udp', 'port', '4789'])
            at_dest = self.tb.capture(r3c2.node, 'eth0', ['icmp'])
            try:
                self.assertPings(c1, r3c2.ip)
                self.assertPings(r3c2, c1.ip)
            finally:
                frames = under.stop()
                arrived = at_dest.stop()
            requests = icmp_to(arrived, r3c2.ip, c1.ip)
            self.assertGreaterEqual(len(requests), 3, arrived)
            gw3 = '02:42:0a:1e:00:01'  # 02:42 + 10.30.0.1, net3's gateway MAC
            self.assertTrue(all(f['ip']['ttl'] == 63 and f['src'] == gw3 and f['dst'] == r3c2.mac
                                for f in requests), requests)
            tunnelled = [f for f in vxlan(frames) if f['vxlan']['vni'] != 0]
            to_r3c2 = [f for f in tunnelled if f['inner'].get('ip', {}).get('dst') == r3c2.ip]
            self.assertTrue(to_r3c2, 'no routed packet on node1\'s underlay')
            self.assertEqual({f['vxlan']['vni'] for f in to_r3c2}, {self.net3['vni']})
            self.assertEqual({f['inner']['ip']['ttl'] for f in to_r3c2 if 'icmp' in f['inner']}, {63})
            replies = [f for f in tunnelled if f['inner'].get('ip', {}).get('dst') == c1.ip]
            self.assertEqual({f['vxlan']['vni'] for f in replies}, {self.net1['vni']})

            # TCP across the router, both ways
            self.assertIperf(c1, r3c2, seconds=2, label='routed c1 <-> r3c2')

            # net2 shares net1's subnet but is on no router: it reaches nothing of net3, and net3 nothing of it
            self.assertNoPing(n2c2, r3c2.ip)
            self.assertNoPing(r3c2, self.n2c3.ip)  # 10.10.10.6 exists in net2 only
            # a TTL of 1 is not routed, as a router drops it
            sent, received, out = c1.ping(r3c2.ip, count=2, wait=1, extra=('-t', '1'))
            self.assertEqual(received, 0, out)

            hv.weft('router', 'detach', 'r1', 'net3')
            deadline = time.time() + 10
            while c1.ping(r3c2.ip, count=1, wait=1)[1] == 1:
                self.assertLess(time.time(), deadline, 'net3 still reachable after detaching it')
        finally:
            for network in ('net1', 'net3'):
                hv.weft('router', 'detach', 'r1', network, check=False)
            hv.weft('router', 'rm', 'r1')

    # 6 ---------------------------------------------------------------------------------------------
    def test_6_names_at_the_gateway(self):
        c1 = self.c1

        def lookup(container, name, server='10.10.10.1'):
            return container.sh('busybox', 'nslookup', name, server, check=False, timeout=30).stdout

        # a name of its own network, on another host
        out = lookup(c1, 'contain2')
        self.assertRegex(out, r'Address:\s+10\.10\.10\.4\b', out)
        # the same name in net2 is net2's container (another address): each network has its own names
        out = lookup(self.n2c1, 'n2c2')
        self.assertRegex(out, r'Address:\s+10\.10\.10\.4\b', out)
        out = lookup(self.n2c1, 'contain5')  # net1's only: not a name of net2, goes upstream -> NXDOMAIN
        self.assertNotRegex(out, r'Address:\s+10\.10\.10\.5\b', out)
        # names that are not Weft's are forwarded to the controller's upstream resolver
        upstream = self.tb.controller.upstream_dns
        out = lookup(c1, upstream.OUTSIDE_NAME)
        self.assertIn(upstream.OUTSIDE_ADDRESS, out)
        self.assertIn(upstream.OUTSIDE_NAME, upstream.queries)
        # the answer comes from the gateway address, over the container's own interface
        cap = self.tb.capture(c1.node, 'eth0', ['udp', 'port', '53'])
        try:
            lookup(c1, 'contain2')
        finally:
            frames = cap.stop()
        answers = [f for f in frames if f.get('udp', {}).get('sport') == 53]
        self.assertTrue(answers, frames)
        self.assertEqual({f['ip']['src'] for f in answers}, {'10.10.10.1'})

    def assertIperf(self, client, server_container, seconds, label):
        """iperf3 from client to server_container and back (-R): each direction carries over 1 MB."""
        for reverse in (False, True):
            server = weftnet.spawn(server_container.node.pid, ['iperf3', '-s', '-1', '-p', '5202'])
            try:
                deadline = time.time() + 10
                while ':5202' not in server_container.sh('ss', '-ltn').stdout:
                    self.assertLess(time.time(), deadline, 'iperf3 server not listening')
                    time.sleep(0.05)
                args = ['iperf3', '-c', server_container.ip, '-p', '5202', '-t', str(seconds), '-J',
                        '--connect-timeout', '5000']
                if reverse:
                    args.append('-R')
                p = client.sh(*args, check=False, timeout=60)
                self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
                received = json.loads(p.stdout)['end']['sum_received']
                self.assertGreater(received['bytes'], 1_000_000, received)
                print('\n    iperf3 %s %s: %.0f Mbit/s' % (label, 'reverse' if reverse else 'forward',
                                                        received['bits_per_second'] / 1e6), end=' ', flush=True)
            finally:
                try:
                    server.wait(10)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()


if __name__ == '__main__':
    unittest.main(verbosity=2)
