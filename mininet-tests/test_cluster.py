#!/usr/bin/python3
"""Three controllers on etcd (issue 20), two hypervisors that list all three, TLS everywhere.

    node1: contain1 (net1 10.20.0.3)      node2: contain2 (net1 10.20.0.4)

A continuous ping between the two containers loses nothing while the leading controller is killed (SIGKILL): the
switches keep their flows, a standby takes over as the only master, and new containers attach through it.
"""

import os
import signal
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clusternet  # noqa: E402
import test_resilience  # noqa: E402  (its ContinuousPing; importing the module keeps its tests out of this one)


class ClusterTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        tb = clusternet.ClusterTestbed(nodes=2, prefix='weft-mn-cluster-')
        cls.addClassCleanup(tb.close)
        tb.start()
        cls.tb = tb
        cls.cluster = tb.controller
        cls.cluster.create_network('net1', '10.20.0.0/24')
        cls.c1 = tb.add_container('ccontain1', 1, 'net1', ip='10.20.0.3')
        cls.c2 = tb.add_container('ccontain2', 2, 'net1', ip='10.20.0.4')
        tb.attach(cls.c1, cls.c2)
        if not cls.c1.warm_up(cls.c2.ip):
            raise AssertionError('no ping reply ccontain1 -> ccontain2 during warm-up')

    def token(self):
        with open(self.cluster.admin_token_path) as f:
            return f.read().strip()

    def masters(self, hv):
        """The targets OVS shows as master of br-int on this host."""
        bare = hv.vsctl('--columns=target,role', '--data=bare', '--no-headings', 'list', 'Controller').split('\n')
        return [bare[i] for i in range(0, len(bare) - 1, 3) if bare[i + 1] == 'master']

    def await_master(self, member, timeout=20):
        want = ['ssl:%s:%d' % (member.ip, self.cluster.openflow_port)]
        deadline = time.time() + timeout
        while True:
            shown = [self.masters(hv) for hv in self.tb.hypervisors]
            if all(m == want for m in shown):
                return
            if time.time() > deadline:
                self.fail('masters %s, want %s' % (shown, want))
            time.sleep(0.1)

    def test_1_every_host_lists_every_controller_and_only_the_leader_is_master(self):
        leader = self.cluster.leader()
        for hv in self.tb.hypervisors:
            self.assertEqual(sorted(hv.vsctl('get-controller', 'br-int').split()),
                             sorted('ssl:%s:%d' % (ip, self.cluster.openflow_port) for ip in clusternet.CONTROLLER_IPS))
        self.await_master(leader)
        # a standby forwards to the leader: any member answers with the leader's state
        _, at_leader = leader.request('GET', '/api/v1/networks/net1', token=self.token())
        for m in self.cluster.members:
            if m is not leader:
                status, body = m.request('GET', '/api/v1/networks/net1', token=self.token())
                self.assertEqual(status, 200, body)
                self.assertEqual(body, at_leader)
        # every member answers /metrics itself, with the cluster's tokens: only the leader reports the overlay
        for m in self.cluster.members:
            status, text = m.request('GET', '/metrics', token=self.token(), raw=True)
            self.assertEqual(status, 200, text)
            leads = m is leader
            self.assertIn('weft_cluster_leader %s' % ('1.0' if leads else '0.0'), text)
            self.assertEqual('weft_host_ready{' in text, leads, text[:2000])
            self.assertEqual(m.request('GET', '/metrics', token='weft_000000000000_' + 'x' * 43)[0], 401)

    def test_2_leader_killed_during_ping_loses_nothing(self):
        c1, c2 = self.c1, self.c2
        leader = self.cluster.leader()
        ping = test_resilience.ContinuousPing(c2, c1.ip, count=750, interval=0.02)  # 15 s
        try:
            time.sleep(2)
            killed = time.time()
            leader.kill(signal.SIGKILL)
            successor = self.cluster.leader()
            sys.stderr.write('(new leader c%d serves %.2fs after the kill) ' % (successor.index, time.time() - killed))
            self.assertIsNot(successor, leader)
            self.await_master(successor)
            for c in (c1, c2):
                status, ep = self.cluster.get('/api/v1/networks/net1/endpoints/' + c.name)
                self.assertEqual(status, 200, ep)
                self.assertEqual(ep['id'], c.endpoint['id'])
        except BaseException:
            ping.kill()
            raise
        sent, lost, out = ping.result()
        self.assertEqual(lost, [], 'continuous ping lost %d of %d (icmp_seq %s)' % (len(lost), sent, lost[:20]))
        # the new leader programs the overlay: a container attached through it reaches the others
        c = self.tb.add_container('cafter', 2, 'net1', ip='10.20.0.40')
        try:
            self.tb.attach(c)
            self.assertEqual(c.ping(c1.ip, count=3)[1], 3)
        finally:
            self.tb.detach(c, check=False)
            self.tb.remove_container(c)
        # the killed member comes back as a standby
        leader.start()
        self.assertEqual(leader.status()['role'], 'standby')
        self.assertIs(self.cluster.leader(), successor)


if __name__ == '__main__':
    unittest.main()
