#!/usr/bin/python3
"""The CNI plugin (issue 18) on two hypervisors joined over TLS, with a real controller:

- its protocol, called as a runtime calls it, for every spec version it advertises (ADD twice, CHECK after the port
  is removed, DEL twice and without a netns, VERSION, STATUS with the controller or OVSDB unreachable, GC);
- rootful podman on both hosts (CNI backend), containers pinging, talking TCP and finding each other by name across
  hosts; ``podman rm -f`` removes the endpoint's flows everywhere;
- containerd's ``ctr run --cni`` on node2, on the same network as a podman container on node1.
"""

import os
import re
import shutil
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cninet  # noqa: E402
import weftnet  # noqa: E402


class CniPluginTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.exists(cninet.PLUGIN):
            raise RuntimeError('%s missing: build it with bin/build-cni' % cninet.PLUGIN)
        tb = weftnet.Testbed(nodes=2, prefix='weft-cni-')
        cls.addClassCleanup(tb.close)
        tb.start()
        cls.tb = tb
        cls.ctl = tb.controller
        cls.hv1 = tb.hv(1)
        cls.hv2 = tb.hv(2)
        cls.ctl.create_network('cninet', '10.60.0.0/24')

    @classmethod
    def netns(cls, name):
        ns = cninet.Netns(name)
        cls.addClassCleanup(ns.close)
        return ns

    def endpoint(self, name, network='cninet'):
        status, body = self.ctl.get('/api/v1/networks/%s/endpoints/%s' % (network, name))
        return body if status == 200 else None

    def flows(self, hv):
        return hv.ofctl('dump-flows', 'br-int')

    def assert_ok(self, result, what):
        self.assertEqual(0, result.rc, '%s: %r' % (what, result))

    def assert_error(self, result, code, text, what):
        self.assertNotEqual(0, result.rc, '%s: %r' % (what, result))
        self.assertIsNotNone(result.json, '%s: the error must be a CNI error object on stdout: %r' % (what, result))
        self.assertEqual(code, result.json['code'], '%s: %r' % (what, result))
        self.assertIn(text, result.json['msg'], '%s: %r' % (what, result))

    # ---- the plugin's protocol, every version

    def test_1_protocol_for_every_spec_version(self):
        for i, version in enumerate(cninet.VERSIONS):
            with self.subTest(version=version):
                self.protocol_round(version, i)

    def protocol_round(self, version, i):
        conf1 = cninet.plugin_conf(self.hv1, 'cninet', version=version)
        conf2 = cninet.plugin_conf(self.hv2, 'cninet', version=version)
        ns1 = self.netns('cni-a%d' % i)
        ns2 = self.netns('cni-b%d' % i)
        cid1, cid2 = 'proto-a-%d' % i, 'proto-b-%d' % i

        add = cninet.call(self.hv1, 'ADD', conf1, cid1, ns1.path)
        self.assert_ok(add, 'ADD ' + version)
        r = add.json
        self.assertEqual(version, r['cniVersion'])
        container, host_side = r['interfaces']
        self.assertEqual('eth0', container['name'])
        self.assertEqual(ns1.path, container['sandbox'])
        self.assertNotIn('sandbox', host_side)
        ip = r['ips'][0]
        self.assertEqual(0, ip['interface'])
        self.assertTrue(ip['address'].startswith('10.60.0.') and ip['address'].endswith('/24'), ip)
        self.assertEqual('10.60.0.1', ip['gateway'])
        self.assertEqual(version < '1.0.0', 'version' in ip, 'ips[].version only before 1.0.0: %s' % ip)
        self.assertEqual(version == '1.1.0', 'mtu' in container, 'interfaces[].mtu only in 1.1.0: %s' % container)
        self.assertEqual({'nameservers': ['10.60.0.1']}, r['dns'])
        self.assertEqual([{'dst': '0.0.0.0/0', 'gw': '10.60.0.1'}], r['routes'])
        # ADD returned: the endpoint is already installed, on this host, with the container's MAC
        endpoints = [e for e in self.ctl.get('/api/v1/networks/cninet/endpoints')[1]
                     if e['ip'] == ip['address'].split('/')[0]]
        self.assertEqual(1, len(endpoints), endpoints)
        ep = endpoints[0]
        self.assertEqual(('node1', 'installed', container['mac']), (ep['host'], ep['status'], ep['mac']))
        link = ns1.sh('ip', '-o', 'link', 'show', 'eth0').stdout
        self.assertIn('mtu 1450', link)
        self.assertIn('off', ns1.sh('ethtool', '-k', 'eth0').stdout.split('tx-checksumming:')[1].split('\n')[0])

        add2 = cninet.call(self.hv2, 'ADD', conf2, cid2, ns2.path)
        self.assert_ok(add2, 'ADD on node2 ' + version)
        ip2 = add2.json['ips'][0]['address'].split('/')[0]
        self.assertTrue(ns1.ping(ip2), 'node1 container -> node2 container (%s)' % version)

        again = cninet.call(self.hv1, 'ADD', conf1, cid1, ns1.path)
        self.assert_ok(again, 'ADD twice')
        self.assertEqual(r, again.json, 'the same attachment gets the same result')

        conf_check = dict(conf1, prevResult=r)
        if version >= '0.4.0':
            ok = cninet.call(self.hv1, 'CHECK', conf_check, cid1, ns1.path)
            self.assert_ok(ok, 'CHECK')
            self.assertEqual('', ok.stdout.strip())
            self.hv1.vsctl('del-port', 'br-int', host_side['name'])
            self.assert_error(cninet.call(self.hv1, 'CHECK', conf_check, cid1, ns1.path), 101, 'is not on br-int',
                              'CHECK after the port was removed')
            # ADD again repairs it
            self.assert_ok(cninet.call(self.hv1, 'ADD', conf1, cid1, ns1.path), 'ADD after the port was removed')
            self.assert_ok(cninet.call(self.hv1, 'CHECK', conf_check, cid1, ns1.path), 'CHECK after the repair')
            self.assertTrue(ns1.ping(ip2), 'ping after the repair (%s)' % version)

        mac1 = container['mac']
        self.assertIn(mac1, self.flows(self.hv2))
        self.assert_ok(cninet.call(self.hv1, 'DEL', conf1, cid1, ns1.path), 'DEL')
        self.assertIsNone(self.endpoint(ep['name']), 'DEL removes the endpoint')
        self.assertNotIn(host_side['name'], self.hv1.vsctl('list-ports', 'br-int'))
        self.assertNotIn('eth0', ns1.sh('ip', '-o', 'link').stdout)
        self.assert_ok(cninet.call(self.hv1, 'DEL', conf1, cid1, ns1.path), 'DEL twice')
        weftnet.wait_for(lambda: mac1 not in self.flows(self.hv2), 10, 'node2 drops the deleted endpoint\'s flows')
        # containerd's DEL: no netns (the task is gone), no prevResult
        self.assert_ok(cninet.call(self.hv2, 'DEL', conf2, cid2, ''), 'DEL without a netns')
        self.assertEqual([], [e for e in self.ctl.get('/api/v1/networks/cninet/endpoints')[1] if e['ip'] == ip2])

    # ---- VERSION, STATUS, errors

    def test_2_version_status_and_clear_errors(self):
        # podman's probe: nothing but the version, dummy values elsewhere
        probe = cninet.call(self.hv1, 'VERSION', {'cniVersion': '1.0.0'}, netns='dummy', ifname='dummy')
        self.assert_ok(probe, 'VERSION')
        self.assertEqual(['0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'], probe.json['supportedVersions'])

        conf = cninet.plugin_conf(self.hv1, 'cninet', version='1.1.0')
        status = cninet.call(self.hv1, 'STATUS', conf, ifname='')
        self.assert_ok(status, 'STATUS')
        self.assertEqual('', status.stdout.strip())
        unreachable = dict(conf, controller='https://%s:%d' % (weftnet.MGMT_ROOT_IP, weftnet.free_port()))
        self.assert_error(cninet.call(self.hv1, 'STATUS', unreachable, ifname=''), 50, 'controller is not available',
                          'STATUS with the controller unreachable')
        no_ovs = dict(conf, ovsdb='unix:/nonexistent/db.sock')
        self.assert_error(cninet.call(self.hv1, 'STATUS', no_ovs, ifname=''), 50, 'Open vSwitch is not available',
                          'STATUS with the local OVSDB unreachable')

        ns = self.netns('cni-err')
        self.assert_error(cninet.call(self.hv1, 'ADD', cninet.plugin_conf(self.hv1, 'nope'), 'err-1', ns.path), 100,
                          'Weft network "nope"', 'ADD to a network that does not exist')
        foreign = dict(cninet.plugin_conf(self.hv1, 'cninet'), tokenFile=self.hv2.token_path)
        self.assert_error(cninet.call(self.hv1, 'ADD', foreign, 'err-2', ns.path), 100, 'cannot create endpoint',
                          "ADD with another host's token")
        self.assert_error(cninet.call(self.hv1, 'ADD', conf, 'err-4', ns.path, args='IgnoreUnknown=1;IP=10.99.0.5'), 100,
                          '10.99.0.5', 'ADD with a static address outside the subnet')
        self.assert_error(cninet.call(self.hv1, 'ADD', dict(conf, cniVersion='2.0.0'), 'err-3', ns.path), 1,
                          'not supported', 'ADD with an unsupported version')
        self.assert_error(cninet.call(self.hv1, 'ADD', conf, '', ns.path), 4, 'CNI_CONTAINERID', 'ADD without a container')
        self.assertNotIn('eth0', ns.sh('ip', '-o', 'link').stdout, 'a refused ADD leaves nothing behind')

    # ---- GC

    def test_3_gc_removes_what_the_runtime_no_longer_knows(self):
        conf = cninet.plugin_conf(self.hv1, 'cninet', version='1.1.0')
        kept, gone, unplugged = self.netns('cni-gc1'), self.netns('cni-gc2'), self.netns('cni-gc3')
        results = {}
        for cid, ns in (('gc-kept', kept), ('gc-gone', gone), ('gc-unplugged', unplugged)):
            add = cninet.call(self.hv1, 'ADD', conf, cid, ns.path)
            self.assert_ok(add, 'ADD ' + cid)
            results[cid] = add.json
        # one whose port is already gone (its DEL never came, and the port went with a reboot, say)
        self.hv1.vsctl('del-port', 'br-int', results['gc-unplugged']['interfaces'][1]['name'])
        names = {cid: [e for e in self.ctl.get('/api/v1/networks/cninet/endpoints')[1]
                       if e['ip'] == r['ips'][0]['address'].split('/')[0]][0]['name'] for cid, r in results.items()}
        gc = dict(conf, **{'cni.dev/valid-attachments': [{'containerID': 'gc-kept', 'ifname': 'eth0'}]})
        self.assert_ok(cninet.call(self.hv1, 'GC', gc, ifname=''), 'GC')
        self.assertIsNotNone(self.endpoint(names['gc-kept']), 'a valid attachment stays')
        self.assertIsNone(self.endpoint(names['gc-gone']), 'an attachment the runtime no longer knows goes')
        self.assertIsNone(self.endpoint(names['gc-unplugged']), 'an endpoint whose port is gone goes')
        ports = self.hv1.vsctl('list-ports', 'br-int')
        self.assertIn(results['gc-kept']['interfaces'][1]['name'], ports)
        self.assertNotIn(results['gc-gone']['interfaces'][1]['name'], ports)
        self.assertNotIn('eth0', gone.sh('ip', '-o', 'link').stdout)
        self.assert_ok(cninet.call(self.hv1, 'DEL', conf, 'gc-kept', kept.path), 'DEL gc-kept')

    def test_3b_an_endpoint_whose_del_never_comes_is_removed_by_the_controller(self):
        conf = cninet.plugin_conf(self.hv1, 'cninet')
        ns = self.netns('cni-lost')
        add = cninet.call(self.hv1, 'ADD', conf, 'lost-1', ns.path)
        self.assert_ok(add, 'ADD')
        ip = add.json['ips'][0]['address'].split('/')[0]
        ep = [e for e in self.ctl.get('/api/v1/networks/cninet/endpoints')[1] if e['ip'] == ip][0]
        self.assertEqual('port', ep['lifetime'])
        # the container and its port go without a DEL (a host crash, a runtime that lost it)
        ns.close()
        self.hv1.vsctl('--if-exists', 'del-port', 'br-int', add.json['interfaces'][1]['name'])
        self.assertIsNotNone(self.endpoint(ep['name']), 'not at once: the port may come back')
        weftnet.wait_for(lambda: self.endpoint(ep['name']) is None, weftnet.UNPLUGGED_GRACE + 10,
                         'the controller removes the unplugged endpoint after its grace')
        weftnet.wait_for(lambda: ep['mac'] not in self.flows(self.hv2), 10, 'and its flows on node2')

    # ---- real runtimes

    def test_4_podman_on_two_hosts_and_containerd_beside_it(self):
        rootfs, tarball = cninet.busybox_rootfs(self.tb.workdir)
        p1, p2 = cninet.PodmanHost(self.hv1), cninet.PodmanHost(self.hv2)
        self.addCleanup(p1.close)
        self.addCleanup(p2.close)
        for p in (p1, p2):
            p.add_network(cninet.plugin_conf(p.hv, 'cninet', cni_name='weftnet1'))
            p.podman('import', tarball, 'weft/busybox')
            self.assertIn('weftnet1', p.podman('network', 'ls').stdout, 'podman network ls lists the Weft network')
        p1.podman('run', '-d', '--name', 'web1', '--network', 'weftnet1', 'weft/busybox', 'sleep', '3600')
        p2.podman('run', '-d', '--name', 'web2', '--network', 'weftnet1', '--ip', '10.60.0.77', '--mac-address',
                  '02:42:0a:3c:00:99', 'weft/busybox', 'sleep', '3600')
        ip1, ip2 = p1.ip_of('web1', 'weftnet1'), p2.ip_of('web2', 'weftnet1')
        self.assertEqual('10.60.0.77', ip2, 'podman run --ip')
        self.assertIn('02:42:0a:3c:00:99', p2.exec('web2', 'ip', 'link', 'show', 'eth0').stdout, 'podman run --mac-address')
        self.assertTrue(ip1.startswith('10.60.0.') and ip2.startswith('10.60.0.'), (ip1, ip2))
        self.assertEqual(0, p1.exec('web1', 'ping', '-c', '3', '-W', '2', ip2, check=False).returncode, 'web1 -> web2')
        self.assertEqual(0, p2.exec('web2', 'ping', '-c', '3', '-W', '2', ip1, check=False).returncode, 'web2 -> web1')
        # TCP across hosts (the checksum fix): web2 serves a line, web1 reads it
        p2.podman('exec', '-d', 'web2', 'sh', '-c', 'echo weft-over-tcp | nc -l -p 7000')
        got = ''
        for _ in range(20):
            got = p1.exec('web1', 'sh', '-c', 'nc %s 7000 </dev/null' % ip2, check=False).stdout
            if 'weft-over-tcp' in got:
                break
            time.sleep(0.2)
        self.assertIn('weft-over-tcp', got, 'TCP from web1 to web2')
        # names: podman hands the container's name to the plugin; Weft's DNS answers it at the gateway
        self.assertIn('nameserver 10.60.0.1', p1.exec('web1', 'cat', '/etc/resolv.conf').stdout)
        self.assertEqual(0, p1.exec('web1', 'ping', '-c', '1', '-W', '2', 'web2', check=False).returncode,
                         'web1 -> web2 by name')

        # containerd on node2, same Weft network, talking to podman's web1 on node1
        c2 = cninet.ContainerdHost(self.hv2)
        self.addCleanup(c2.close)
        c2.add_network(cninet.plugin_conf(self.hv2, 'cninet', cni_name='weftctr'))
        c2.start()
        ctr_root = os.path.join(self.tb.workdir, 'ctr-rootfs')
        shutil.copytree(rootfs, ctr_root, symlinks=True)
        ctr1 = 'ctr%d' % os.getpid()  # runc keeps state per container id machine-wide: never reuse one
        task = c2.run_foreground(ctr_root, ctr1, '/bin/sleep', '3600')  # no image: no PATH
        self.addCleanup(lambda: task.poll() is None and task.kill())
        try:
            weftnet.wait_for(lambda: task.poll() is not None or c2.exec(ctr1, 'probe', '/bin/sh', '-c', 'exit 0',
                                                                        check=False).returncode == 0, 60,
                             'the ctr task runs')
            if task.poll() is not None:
                raise weftnet.CommandFailed('ctr run ended')
        except weftnet.CommandFailed:
            if task.poll() is not None:
                self.fail('ctr run ended with %s: %s %s' % (task.returncode, task.stdout.read(), task.stderr.read()))
            raise
        ctr_addr = c2.exec(ctr1, 'ip1', '/bin/ip', '-4', 'addr', 'show', 'eth0').stdout
        ctr_ip = re.search(r'inet (\S+)/', ctr_addr).group(1)
        self.assertTrue(ctr_ip.startswith('10.60.0.'), ctr_ip)
        self.assertEqual(0, c2.exec(ctr1, 'ping1', '/bin/ping', '-c', '3', '-W', '2', ip1, check=False).returncode,
                         'containerd ctr1 (node2) -> podman web1 (node1)')
        self.assertEqual(0, p1.exec('web1', 'ping', '-c', '3', '-W', '2', ctr_ip, check=False).returncode,
                         'podman web1 (node1) -> containerd ctr1 (node2)')
        ctr_eps = [e for e in self.ctl.get('/api/v1/networks/cninet/endpoints')[1] if e['ip'] == ctr_ip]
        self.assertEqual(1, len(ctr_eps))
        # the task ends: ctr itself calls DEL (with no netns) and the endpoint goes
        c2.ctr('task', 'kill', '-s', 'SIGKILL', ctr1)
        task.wait(timeout=60)
        weftnet.wait_for(lambda: self.endpoint(ctr_eps[0]['name']) is None, 30, 'ctr\'s DEL removes its endpoint')

        # podman rm -f: the endpoint and its flows go on every host
        web1 = [e for e in self.ctl.get('/api/v1/networks/cninet/endpoints')[1] if e['ip'] == ip1][0]
        self.assertIn(web1['mac'], self.flows(self.hv2))
        p1.podman('rm', '-f', '-t', '0', 'web1')
        self.assertIsNone(self.endpoint(web1['name']), 'podman rm -f removes the endpoint')
        weftnet.wait_for(lambda: web1['mac'] not in self.flows(self.hv2), 10, 'node2 drops web1\'s flows')
        weftnet.wait_for(lambda: web1['mac'] not in self.flows(self.hv1), 10, 'node1 drops web1\'s flows')

    def test_5_egress_through_podmans_own_network_and_routes_to_the_router(self):
        """With "defaultRoute": false the Weft interface routes only the router's other subnets, so a second network
        of the container (podman's own, with NAT) can carry the default route out, as docker_gwbridge does for
        Docker containers."""
        self.ctl.create_network('cninet2', '10.61.0.0/24')
        self.assertEqual(201, self.ctl.request('POST', '/api/v1/routers', {'name': 'r1'})[0])
        for net in ('cninet', 'cninet2'):
            self.assertEqual(200, self.ctl.request('PUT', '/api/v1/routers/r1/networks/' + net)[0])
        far = self.netns('cni-far')
        add = cninet.call(self.hv2, 'ADD', cninet.plugin_conf(self.hv2, 'cninet2'), 'far-1', far.path)
        self.assert_ok(add, 'ADD on cninet2')
        far_ip = add.json['ips'][0]['address'].split('/')[0]
        # an outside world that only node1 reaches, on its own link
        world = self.tb.net.addHost('world', ip=None)
        world.configDefault(ip=None, mac=None)
        link = self.tb.net.addLink(world, self.hv1.node)
        for node, intf, ip in ((world, link.intf1, '203.0.113.2/24'), (self.hv1.node, link.intf2, '203.0.113.1/24')):
            weftnet.run(['ip', 'addr', 'add', ip, 'dev', intf.name], netns_pid=node.pid)
            weftnet.run(['ip', 'link', 'set', intf.name, 'up'], netns_pid=node.pid)

        _, tarball = cninet.busybox_rootfs(self.tb.workdir)
        p1 = cninet.PodmanHost(self.hv1)
        self.addCleanup(p1.close)
        p1.add_network(cninet.plugin_conf(self.hv1, 'cninet', cni_name='weftout', defaultRoute=False))
        p1.podman('import', tarball, 'weft/busybox')
        p1.podman('run', '-d', '--name', 'out1', '--network', 'weftout', '--network', 'podman', 'weft/busybox',
                  'sleep', '3600')
        routes = p1.exec('out1', 'ip', 'route').stdout
        self.assertIn('10.61.0.0/24 via 10.60.0.1', routes, 'the router\'s other subnet through the Weft gateway')
        self.assertNotIn('default via 10.60.0.1', routes)
        self.assertIn('default via 10.88.0.1', routes, 'the default route is podman\'s network\'s')
        self.assertEqual(0, p1.exec('out1', 'ping', '-c', '3', '-W', '2', far_ip, check=False).returncode,
                         'routed through Weft to cninet2 on node2')
        self.assertEqual(0, p1.exec('out1', 'ping', '-c', '3', '-W', '2', '203.0.113.2', check=False).returncode,
                         'out through podman\'s network (NAT on node1)')


if __name__ == '__main__':
    unittest.main()
