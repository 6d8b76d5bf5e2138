#!/usr/bin/python3
"""The seed article's Docker workflow with ``-d weft`` (issue 6): two hypervisors, each with its own
OVS, its own dockerd and ``weft docker-plugin``; no Consul, no key-value store.

    node1: contain1 (net1 10.10.10.3, hostname test1)     node2: contain2 (net1 10.10.10.4, test2)
    net2 (Weft IPAM, no --ip): n2a on node1, n2b on node2

Tests run in name order and build on each other's networks, like the article's steps.
"""

import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dockernet  # noqa: E402
import weftnet  # noqa: E402

IMAGE = dockernet.IMAGE


class DockerPluginTest(unittest.TestCase):
    dt = None

    @classmethod
    def setUpClass(cls):
        dt = dockernet.DockerTestbed(nodes=2)
        cls.addClassCleanup(dt.close)
        dt.start()
        cls.dt = dt
        cls.ctl = dt.tb.controller
        cls.h1 = dt.host(1)
        cls.h2 = dt.host(2)

    def weft_endpoints(self, network):
        status, body = self.ctl.get('/api/v1/networks/%s/endpoints' % network)
        self.assertEqual(200, status, body)
        return body

    def flows(self, host):
        return host.hv.ofctl('dump-flows', 'br-int')

    def run_container(self, host, name, network, *extra):
        return host.docker('run', '-d', '--name', name, '--net', network, *extra, IMAGE, 'sleep', '3600')

    def test_1_seed_workflow(self):
        # node1: docker network create -d weft --subnet=10.10.10.0/24 net1
        self.h1.docker('network', 'create', '-d', 'weft', '--subnet=10.10.10.0/24', 'net1')
        # node2 lists net1 too
        self.h2.await_network('net1')
        status, net = self.ctl.get('/api/v1/networks/net1')
        self.assertEqual(200, status, net)
        self.assertEqual('10.10.10.0/24', net['subnet'])

        self.run_container(self.h1, 'contain1', 'net1', '--ip', '10.10.10.3', '--hostname', 'test1',
                           '--add-host', 'test2:10.10.10.4')
        self.run_container(self.h2, 'contain2', 'net1', '--ip', '10.10.10.4', '--hostname', 'test2',
                           '--add-host', 'test1:10.10.10.3')
        self.assertEqual('test1', self.h1.exec('contain1', 'hostname').stdout.strip())
        eth0 = self.h1.exec('contain1', 'ip', 'addr', 'show', 'eth0').stdout
        self.assertIn('inet 10.10.10.3/24', eth0)
        self.assertIn('mtu 1450', eth0)

        # Both endpoints are in Weft, on the right hosts, with their flows installed.
        endpoints = {e['ip']: e for e in self.weft_endpoints('net1')}
        self.assertEqual({'10.10.10.3', '10.10.10.4'}, set(endpoints))
        self.assertEqual('node1', endpoints['10.10.10.3']['host'])
        self.assertEqual('node2', endpoints['10.10.10.4']['host'])
        self.assertEqual({'installed'}, {e['status'] for e in endpoints.values()})

        # Ping by IP and by the --add-host name, both ways.
        self.assertTrue(self.h1.ping('contain1', '10.10.10.4'), 'contain1 -> 10.10.10.4')
        self.assertTrue(self.h1.ping('contain1', 'test2'), 'contain1 -> test2')
        self.assertTrue(self.h2.ping('contain2', '10.10.10.3'), 'contain2 -> 10.10.10.3')
        self.assertTrue(self.h2.ping('contain2', 'test1'), 'contain2 -> test1')

        # docker rm -f removes the endpoint, its port and its flows on every host.
        mac2 = endpoints['10.10.10.4']['mac']
        self.assertIn(mac2, self.flows(self.h1))
        self.h2.docker('rm', '-f', 'contain2')
        self.assertEqual(['10.10.10.3'], [e['ip'] for e in self.weft_endpoints('net1')])
        deadline = time.time() + 10
        while mac2 in self.flows(self.h1) or mac2 in self.flows(self.h2):
            self.assertLess(time.time(), deadline, 'flows of the removed container stayed')
            time.sleep(0.1)
        ports = self.h2.hv.vsctl('list-ports', 'br-int').split()
        self.assertFalse([p for p in ports if p.startswith('wd')], ports)
        self.assertFalse(self.h1.ping('contain1', '10.10.10.4', count=1, tries=1))

        # Start contain2 again for the tests that follow.
        self.run_container(self.h2, 'contain2', 'net1', '--ip', '10.10.10.4', '--hostname', 'test2')
        self.assertTrue(self.h2.ping('contain2', '10.10.10.3'))

    def test_1b_names_across_hosts_without_add_host(self):
        # Docker's embedded resolver forwards what it does not know to --dns: the network's gateway, where Weft
        # answers with the network's containers on every host, by container name and by hostname.
        self.run_container(self.h1, 'names1', 'net1', '--dns', '10.10.10.1', '--hostname', 'web1')
        self.run_container(self.h2, 'names2', 'net1', '--dns', '10.10.10.1', '--hostname', 'web2')
        for name in ('names2', 'web2', 'test1', 'contain1'):
            deadline = time.time() + 15  # the plugin learns the names once Docker lists the container
            while not self.h1.ping('names1', name, count=1, tries=1):
                self.assertLess(time.time(), deadline, 'names1 cannot ping %s by name' % name)
                time.sleep(0.5)
        self.assertTrue(self.h2.ping('names2', 'web1'))
        endpoint = [e for e in self.weft_endpoints('net1') if 'names2' in e['aliases']]
        self.assertEqual(['names2', 'web2'], endpoint[0]['aliases'], endpoint)
        # outside names go to the controller's upstream resolver
        upstream = self.ctl.upstream_dns
        out = self.h1.exec('names1', 'busybox', 'nslookup', upstream.OUTSIDE_NAME, check=False).stdout
        self.assertIn(upstream.OUTSIDE_ADDRESS, out)

    def test_1c_outside_access_published_ports_and_internal_networks(self):
        world = self.dt.add_outside(1)
        www = os.path.join(self.dt.tb.workdir, 'www')
        os.makedirs(www, exist_ok=True)
        with open(os.path.join(www, 'hello.txt'), 'w') as fh:
            fh.write('hello from outside\n')
        httpd = weftnet.spawn(world.pid, ['busybox', 'httpd', '-f', '-p', '8000', '-h', www])
        try:
            # Egress: as with Docker's overlay driver, a second interface on docker_gwbridge with NAT.
            self.h1.docker('network', 'create', '-d', 'weft', '--ipam-driver', 'weft', '--subnet', '10.70.0.0/24',
                           'egnet')
            self.h2.await_network('egnet')
            # a routed neighbour: its subnet stays on eth0, through egnet's Weft gateway, beside the NAT default route
            self.h2.docker('network', 'create', '-d', 'weft', '--ipam-driver', 'weft', '--subnet', '10.71.0.0/24',
                           'rnet')
            self.h1.hv.weft('router', 'create', 'r9')
            self.h1.hv.weft('router', 'attach', 'r9', 'egnet')
            self.h1.hv.weft('router', 'attach', 'r9', 'rnet')
            self.h2.await_network('rnet')
            self.run_container(self.h2, 'routed2', 'rnet', '--ip', '10.71.0.9')
            self.run_container(self.h1, 'egress1', 'egnet')
            self.run_container(self.h2, 'egress2', 'egnet', '--ip', '10.70.0.20')
            routes = self.h1.exec('egress1', 'ip', 'route').stdout
            self.assertRegex(routes, r'default via \S+ dev eth1', routes)
            self.assertIn('10.70.0.0/24 dev eth0', routes)
            self.assertIn('10.71.0.0/24 via 10.70.0.1 dev eth0', routes)
            self.assertTrue(self.h1.ping('egress1', '10.71.0.9'), 'routed across hosts beside the NAT default route')
            # a network attached to the router while egress1 runs: the plugin adds the route in its namespace, and
            # takes it away again when the network is detached
            self.h2.docker('network', 'create', '-d', 'weft', '--ipam-driver', 'weft', '--subnet', '10.72.0.0/24',
                           'late')
            self.h2.await_network('late')
            self.run_container(self.h2, 'late2', 'late', '--ip', '10.72.0.9')
            self.h1.hv.weft('router', 'attach', 'r9', 'late')
            deadline = time.time() + 15
            while not self.h1.ping('egress1', '10.72.0.9', count=1, tries=1):
                self.assertLess(time.time(), deadline, 'no route to a network attached after the container started:'
                                + self.h1.exec('egress1', 'ip', 'route').stdout)
            self.h1.hv.weft('router', 'detach', 'r9', 'late')
            deadline = time.time() + 15
            while '10.72.0.0/24' in self.h1.exec('egress1', 'ip', 'route').stdout:
                self.assertLess(time.time(), deadline, 'the route stayed after the network was detached')
                time.sleep(0.5)
            cap = self.dt.tb.capture(world, world.outside_intf, ['tcp', 'port', '8000'])
            try:
                got = self.h1.exec('egress1', 'busybox', 'wget', '-q', '-O', '-', 'http://203.0.113.2:8000/hello.txt',
                                   check=False)
            finally:
                frames = cap.stop()
            self.assertEqual('hello from outside', got.stdout.strip(), got.stderr)
            sources = {f['ip']['src'] for f in frames if 'ip' in f and f['ip']['dst'] == '203.0.113.2'}
            self.assertEqual({'203.0.113.1'}, sources, 'the outside sees the host\'s address, not the container\'s')
            self.assertTrue(self.h1.ping('egress1', '203.0.113.2'))
            # the overlay still works beside it, across hosts
            self.assertTrue(self.h1.ping('egress1', '10.70.0.20'))

            # Published port: -p reaches the container from outside the host.
            self.h1.docker('run', '-d', '--name', 'web', '-p', '8080:80', '--net', 'egnet', IMAGE, 'busybox', 'sh',
                           '-c', 'mkdir -p /www && echo published > /www/index.html && exec busybox httpd -f -p 80 -h /www')
            deadline = time.time() + 15
            while True:
                p = weftnet.run(['busybox', 'wget', '-q', '-O', '-', 'http://203.0.113.1:8080/'], netns_pid=world.pid,
                                check=False, timeout=20)
                if p.stdout.strip() == 'published':
                    break
                self.assertLess(time.time(), deadline, 'published port not reachable: %s' % p.stderr)
                time.sleep(0.5)

            # --internal: no way out, the overlay only.
            self.h1.docker('network', 'create', '-d', 'weft', '--ipam-driver', 'weft', '--internal', '--subnet',
                           '10.60.0.0/24', 'inet')
            self.h2.await_network('inet')
            self.run_container(self.h1, 'in1', 'inet')
            self.run_container(self.h2, 'in2', 'inet', '--ip', '10.60.0.20')
            self.assertNotIn('eth1', self.h1.exec('in1', 'ip', 'link').stdout)
            self.assertFalse(self.h1.ping('in1', '203.0.113.2', count=1, tries=1))
            self.assertTrue(self.h1.ping('in1', '10.60.0.20'))
        finally:
            for c in ('egress1', 'web', 'in1'):
                self.h1.docker('rm', '-f', c, check=False)
            for c in ('in2', 'egress2', 'routed2', 'late2'):
                self.h2.docker('rm', '-f', c, check=False)
            for network in ('egnet', 'rnet', 'late'):
                self.h1.hv.weft('router', 'detach', 'r9', network, check=False)
            self.h1.hv.weft('router', 'rm', 'r9', check=False)
            for n in ('inet', 'egnet', 'rnet', 'late'):
                self.h1.docker('network', 'rm', n, check=False)
            httpd.kill()
            httpd.wait()

    def test_2_weft_ipam_and_isolation(self):
        # With Weft's IPAM, containers on different hosts started without --ip never collide.
        self.h2.docker('network', 'create', '-d', 'weft', '--ipam-driver', 'weft', '--subnet', '10.20.0.0/24', 'net2')
        self.h1.await_network('net2')
        self.run_container(self.h1, 'n2a', 'net2', '--cap-add', 'NET_ADMIN')
        self.run_container(self.h2, 'n2b', 'net2', '--cap-add', 'NET_ADMIN')
        ips = sorted(e['ip'] for e in self.weft_endpoints('net2'))
        self.assertEqual(2, len(set(ips)), ips)
        n2b_ip = [e['ip'] for e in self.weft_endpoints('net2') if e['host'] == 'node2'][0]
        self.assertIn('inet %s/24' % n2b_ip, self.h2.exec('n2b', 'ip', 'addr', 'show', 'eth0').stdout)
        self.assertTrue(self.h1.ping('n2a', n2b_ip), 'n2a -> n2b')

        # net2 cannot reach net1, even with a route to its subnet: another VNI.
        self.h2.exec('n2b', 'ip', 'route', 'add', '10.10.10.0/24', 'dev', 'eth0')
        self.assertFalse(self.h2.ping('n2b', '10.10.10.3', count=2, tries=1), 'net2 reached net1')
        self.assertTrue(self.h2.ping('contain2', '10.10.10.3'), 'net1 broke')

    def test_3_clear_errors(self):
        # The address is taken (by contain1 on node1): docker run on node2 says so and changes nothing.
        before = self.weft_endpoints('net1')
        p = self.h2.docker('run', '-d', '--name', 'dup', '--net', 'net1', '--ip', '10.10.10.3', IMAGE, 'sleep', '60',
                           check=False)
        self.assertNotEqual(0, p.returncode)
        self.assertIn('10.10.10.3 is already used', p.stderr)
        self.assertEqual(before, self.weft_endpoints('net1'))
        self.h2.docker('rm', '-f', 'dup', check=False)

        # A subnet Weft cannot serve.
        p = self.h1.docker('network', 'create', '-d', 'weft', '--ipam-driver', 'weft', '--subnet', '10.30.0.0/31',
                           'tiny', check=False)
        self.assertNotEqual(0, p.returncode)
        self.assertIn('prefix length', p.stderr)
        self.assertNotIn('tiny', self.h1.network_names())
        self.assertEqual(404, self.ctl.get('/api/v1/networks/tiny')[0])

    def test_4_restarts_keep_state(self):
        # The plugin restarts: Docker does not resend CreateNetwork, the plugin's state file has it.
        self.h1.stop_plugin()
        self.h1.start_plugin(self.ctl)
        self.run_container(self.h1, 'after-plugin-restart', 'net1', '--ip', '10.10.10.7')
        self.assertTrue(self.h1.ping('after-plugin-restart', '10.10.10.4'))
        self.assertTrue(self.h1.ping('contain1', '10.10.10.4'), 'running container lost its network')

        # dockerd restarts on node2: the networks are still there and new containers work.
        self.h2.stop_dockerd(remove_containers=False)
        self.h2.start_dockerd()
        self.assertTrue({'net1', 'net2'} <= self.h2.network_names())
        self.h2.docker('rm', '-f', 'contain2', check=False)
        self.run_container(self.h2, 'after-dockerd-restart', 'net1', '--ip', '10.10.10.8')
        self.assertTrue(self.h2.ping('after-dockerd-restart', '10.10.10.3'))
        self.assertTrue(self.h2.ping('after-dockerd-restart', '10.10.10.7'))

    def test_5_network_removed_everywhere(self):
        self.h1.docker('rm', '-f', 'n2a')
        self.h2.docker('rm', '-f', 'n2b')
        self.h1.docker('network', 'rm', 'net2')
        self.assertEqual(404, self.ctl.get('/api/v1/networks/net2')[0])
        self.h2.await_network('net2', present=False)

    def test_5b_rm_on_one_host_while_another_still_uses_the_network(self):
        # Docker removes its own copy whatever the driver answers, so this cannot be refused as the overlay driver
        # refused it: Weft marks the network instead; no host gets it back, no new container may join it, and it
        # goes everywhere with its last container.
        self.h1.docker('network', 'create', '-d', 'weft', '--subnet=10.50.0.0/24', 'net5')
        self.h2.await_network('net5')
        self.run_container(self.h1, 'c5', 'net5')
        p = self.h2.docker('network', 'rm', 'net5')
        self.assertEqual('net5', p.stdout.strip())
        status, net = self.ctl.get('/api/v1/networks/net5')
        self.assertEqual(200, status, net)
        self.assertEqual('docker network rm on node2', net['deletion'])
        time.sleep(3)  # three mirror passes: it must not come back on node2
        self.assertNotIn('net5', self.h2.network_names())
        self.assertIn('with its last endpoint (docker network rm on node2)',
                      self.h1.hv.weft('network', 'inspect', 'net5').stdout)
        p = self.h1.docker('run', '-d', '--name', 'c5b', '--net', 'net5', IMAGE, 'sleep', '60', check=False)
        self.assertNotEqual(0, p.returncode)
        self.assertIn("network 'net5' is being deleted (docker network rm on node2)", p.stderr)
        self.h1.docker('rm', '-f', 'c5b', check=False)  # left in state Created by Docker itself
        self.assertEqual(1, len(self.weft_endpoints('net5')))

        self.h1.docker('rm', '-f', 'c5')
        deadline = time.time() + 10
        while self.ctl.get('/api/v1/networks/net5')[0] != 404:
            self.assertLess(time.time(), deadline, 'net5 outlived its last container')
            time.sleep(0.2)
        self.h1.await_network('net5', present=False)

    def test_6_controller_unreachable(self):
        self.ctl.kill()
        try:
            p = self.h1.docker('network', 'create', '-d', 'weft', '--subnet', '10.40.0.0/24', 'net3', check=False)
            self.assertNotEqual(0, p.returncode)
            self.assertIn('cannot reach the controller', p.stderr)
            self.assertNotIn('net3', self.h1.network_names())
            # Traffic does not need the controller.
            self.assertTrue(self.h1.ping('contain1', '10.10.10.8'))
            # Names need it: the gateway's DNS is the controller's, so a lookup goes unanswered while it is down.
            # (after-dockerd-restart runs on node2 since test_4; names2 went with node2's first dockerd)
            p = self.h1.exec('names1', 'busybox', 'nslookup', 'after-dockerd-restart', check=False, timeout=60)
            self.assertNotIn('10.10.10.8', p.stdout, p.stdout)
        finally:
            self.ctl.start()
        self.assertEqual(404, self.ctl.get('/api/v1/networks/net3')[0])
        deadline = time.time() + 30  # the switches reconnect to the new process first
        while not self.h1.ping('names1', 'after-dockerd-restart', count=1, tries=1):
            self.assertLess(time.time(), deadline, 'names do not resolve again after the controller restart')
            time.sleep(0.5)


if __name__ == '__main__':
    unittest.main(verbosity=2)
