#!/usr/bin/python3
"""`bin/weft demo` as a user runs it: the seed scenario, then the Mininet CLI (driven by stdin here)."""

import os
import subprocess
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
WEFT = os.path.join(os.path.dirname(HERE), 'bin', 'weft')


class DemoTest(unittest.TestCase):
    def test_demo_pings_shows_flows_and_cleans_up(self):
        p = subprocess.run([WEFT, 'demo', '--hosts', '2'], input='contain1 ping -c 2 contain2\nexit\n',
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, timeout=300)
        out = p.stdout
        self.assertEqual(p.returncode, 0, out[-3000:])
        self.assertIn('net1: subnet 10.10.10.0/24, VNI 256', out)
        self.assertEqual(out.count('3 packets transmitted, 3 received'), 2, out[-3000:])
        for table in ('CLASSIFIER', 'PORT_SECURITY', 'ARP_RESPONDER', 'L2_FORWARDING', 'GROUPS'):
            self.assertIn('-- ' + table, out)
        self.assertIn('2 packets transmitted, 2 received', out.split('Mininet CLI:')[1])
        # nothing left behind
        self.assertFalse(os.path.exists('/sys/class/net/wfu0'))
        self.assertFalse(os.path.exists('/sys/class/net/wfm0'))


if __name__ == '__main__':
    unittest.main(verbosity=2)
