"""Notebook 03's saturation-ratio check names notebook 01's tail approximation e^|a| instead of "did you round?"."""

import io
import math
from contextlib import redirect_stdout

from scipy.special import expit

from helpers.exercises.delta_rules import check_saturation_ratio


def run(answer):
    out = io.StringIO()
    with redirect_stdout(out):
        check_saturation_ratio(answer)
    return out.getvalue()


def test_e_to_the_5_gets_the_tail_approximation_explained():
    exact = 1 / (expit(-5.0) * expit(5.0))  # 2 + e^5 + e^-5, computed independently with SciPy
    for answer in (math.exp(5), 148.4):
        text = run(answer)
        assert text.startswith("Not quite") and "round" not in text
        assert "tail approximation" in text and f"{exact:.1f}" in text and "1.3% below" in text
    assert run(exact).startswith("Correct")
