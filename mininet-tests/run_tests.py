#!/usr/bin/python3
"""Runs the Mininet suite with unittest and ends with a `N passed, N failed` line.

Usage: /usr/bin/python3 run_tests.py [-k PATTERN]...   (as root; see run.sh)
"""

import argparse
import os
import signal
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import weftnet  # noqa: E402


class CountingResult(unittest.TextTestResult):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.passed = 0

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed += 1

    def startTest(self, test):
        self._started = time.time()
        super().startTest(test)

    def stopTest(self, test):
        if self.showAll:
            self.stream.write('    (%.1fs)\n' % (time.time() - self._started))
            self.stream.flush()
        super().stopTest(test)


def _terminated(signum, _frame):
    # A timeout or Ctrl-C: remove every namespace, daemon and controller before leaving.
    print('\nmininet-tests: signal %d, cleaning up' % signum, file=sys.stderr, flush=True)
    weftnet._close_all()
    os._exit(128 + signum)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-k', dest='patterns', action='append', help='only tests matching this substring')
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _terminated)
    signal.signal(signal.SIGINT, _terminated)
    loader = unittest.TestLoader()
    if args.patterns:
        loader.testNamePatterns = ['*%s*' % p for p in args.patterns]
    suite = loader.discover(start_dir=HERE, pattern='test_*.py', top_level_dir=HERE)
    started = time.time()
    runner = unittest.TextTestRunner(verbosity=2, resultclass=CountingResult, stream=sys.stdout)
    result = runner.run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    print('mininet suite took %.0fs' % (time.time() - started))
    # Alone on the last line, in the form CI reads: "N passed, N failed[, N skipped]".
    print('%d passed, %d failed%s' % (result.passed, failed,
                                      ', %d skipped' % len(result.skipped) if result.skipped else ''))
    return 0 if failed == 0 and result.passed > 0 else 1


if __name__ == '__main__':
    sys.exit(main())
