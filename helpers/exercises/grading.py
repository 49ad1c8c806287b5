"""Points for nbgrader: the hidden part of an autograded check cell (tools/editions.py writes it).

In the course's source notebook a check cell reads

    ### BEGIN HIDDEN TESTS
    _graded = grading.start()
    ### END HIDDEN TESTS
    check_backward(backward)
    ### BEGIN HIDDEN TESTS
    _graded.points(2)
    ### END HIDDEN TESTS

Learners see only the middle line. When nbgrader autogrades, the whole cell runs: `start` collects the
CheckResult the check returns (and what it prints, for the numeric checks that only print), and `points` is the
cell's last value, nbgrader's partial credit, or an AssertionError carrying the feedback when nothing was earned.
While a check runs, stderr (warnings) goes to stdout: nbgrader would give no points for any stderr output.
"""

import sys

from . import core


class _Tee:
    """Writes to the real stdout and keeps a copy."""

    def __init__(self, stream):
        self.stream, self.parts = stream, []

    def write(self, text):
        self.parts.append(text)
        return self.stream.write(text)

    def __getattr__(self, name):
        return getattr(self.stream, name)


class Graded:
    """The results and printed text of one check cell, between `start()` and `points(out_of)`."""

    def __init__(self):
        self.results, self.tee = [], _Tee(sys.stdout)
        core.RESULT_LISTENERS.append(self.results.append)
        # a warning on stderr would cost all the points in nbgrader: the check's verdict decides, the warning is
        # still shown (on stdout)
        self.stderr, sys.stderr = sys.stderr, _Tee(sys.stdout)
        sys.stdout = self.tee

    def stop(self):
        if self.results.append in core.RESULT_LISTENERS:
            core.RESULT_LISTENERS.remove(self.results.append)
        if sys.stdout is self.tee:
            sys.stdout = self.tee.stream
        if isinstance(sys.stderr, _Tee):
            sys.stderr = self.stderr

    def points(self, out_of):
        """The points earned out of `out_of` (a float), or AssertionError with the feedback for none."""
        self.stop()
        if self.results:
            return self.results[-1].points(out_of)
        printed = "".join(self.tee.parts).strip()
        if printed.startswith("Correct"):  # a numeric check: all or nothing
            return float(out_of)
        raise AssertionError(printed or "the check printed nothing")


_current = None


def start():
    """Begin collecting one check cell's result (ends the previous collection if its cell raised)."""
    global _current
    if _current is not None:
        _current.stop()
    _current = Graded()
    return _current
