"""helpers.activations: values, derivatives, numerics at the extremes, dtypes and bad input.

Expected values come from SciPy (expit, softmax) or from formulas written out here, never from
the code under test. Tests run with warnings as errors; some also turn every floating-point
event into an exception with np.errstate(all="raise").
"""

import numpy as np
import pytest
from scipy.special import expit
from scipy.special import softmax as scipy_softmax

from helpers.activations import (
    as_real_array,
    identity,
    identity_prime,
    relu,
    relu_prime,
    sigmoid,
    sigmoid_prime,
    sigmoid_prime_from_output,
    softmax,
    tanh,
    tanh_prime,
)

EPS = np.finfo(np.float64).eps
ELEMENTWISE = [sigmoid, sigmoid_prime, tanh, tanh_prime, relu, relu_prime, identity, identity_prime]
ALL = ELEMENTWISE + [sigmoid_prime_from_output, softmax]
WIDE = np.linspace(-1000, 1000, 200_001)  # step 0.01, includes 0 and both ends


def centered_difference(f, a, h=1e-5):
    """(f(a + h) - f(a - h)) / 2h, written here so the tests do not rely on helpers.gradcheck."""
    return (f(a + h) - f(a - h)) / (2 * h)


# --- sigmoid ------------------------------------------------------------------------------------------


def test_sigmoid_matches_scipy_expit_to_machine_precision():
    s, ref = sigmoid(WIDE), expit(WIDE)
    assert np.max(np.abs(s - ref)) <= EPS
    positive = ref > 0
    assert np.max(np.abs(s - ref)[positive] / ref[positive]) <= 4 * EPS  # tiny values keep their digits


def test_sigmoid_at_zero_is_exactly_one_half():
    assert sigmoid(0.0) == 0.5
    assert sigmoid(0) == 0.5
    assert sigmoid(np.float32(0)) == np.float32(0.5)


def test_sigmoid_symmetry():
    a = np.linspace(-40, 40, 8001)
    assert np.max(np.abs(sigmoid(-a) - (1 - sigmoid(a)))) <= EPS


def test_sigmoid_limits_and_range():
    s = sigmoid(WIDE)
    assert np.all((s >= 0) & (s <= 1))
    assert np.all(np.diff(s) >= 0), "σ is non-decreasing"
    assert sigmoid(1000.0) == 1.0 and sigmoid(-1000.0) == 0.0
    assert sigmoid(np.inf) == 1.0 and sigmoid(-np.inf) == 0.0


@pytest.mark.parametrize("f", [sigmoid, sigmoid_prime, tanh, tanh_prime])
def test_no_floating_point_events_at_the_extremes(f):
    """Not even an underflow: np.errstate(all="raise") turns any of them into an exception."""
    a = np.array([-1e308, -1000.0, -745.0, -89.0, 0.0, 89.0, 745.0, 1000.0, 1e308, -np.inf, np.inf])
    with np.errstate(all="raise"):
        out = f(a)
        f32 = f(a[np.abs(a) < 1e3].astype(np.float32))
    assert np.all(np.isfinite(out)) and np.all(np.isfinite(f32))


def test_naive_formula_would_have_warned():
    """The check above can fail: the textbook formula does overflow at a = -1000."""
    with pytest.raises(FloatingPointError), np.errstate(over="raise"):
        1 / (1 + np.exp(-np.array(-1000.0)))


# --- derivatives ----------------------------------------------------------------------------------------


def test_sigmoid_prime_matches_centered_differences_on_minus10_to_10():
    """Relative error < 1e-8 on [-10, 10].

    For a > 0 we difference -expit(-a) = expit(a) - 1, the same function shifted by a constant: near
    σ(a) = 1 the plain difference loses about 1e-7 to rounding (explained in notebook 01).
    """
    a = np.linspace(-10, 10, 2001)
    plain = centered_difference(expit, a)
    mirrored = centered_difference(lambda v: -expit(-v), a)
    fd = np.where(a > 0, mirrored, plain)
    assert np.max(np.abs(sigmoid_prime(a) - fd) / np.abs(fd)) < 1e-8


def test_sigmoid_prime_full_relative_precision_in_both_tails():
    a = np.linspace(-700, 700, 140_001)
    ref = expit(a) * expit(-a)  # σ'(a) = σ(a)σ(-a), a product without cancellation
    assert np.max(np.abs(sigmoid_prime(a) - ref) / ref) <= 4 * EPS
    assert sigmoid_prime(40.0) > 0, "o(1 - o) would give exactly 0 here"


def test_sigmoid_prime_is_even():
    a = np.linspace(0, 800, 80_001)
    np.testing.assert_array_equal(sigmoid_prime(a), sigmoid_prime(-a))


def test_sigmoid_prime_maximum_is_one_quarter_at_zero():
    assert sigmoid_prime(0.0) == 0.25
    s = sigmoid_prime(WIDE)
    assert s.max() == 0.25 and WIDE[np.argmax(s)] == 0.0
    assert np.all(s <= 0.25)


def test_sigmoid_prime_from_output_agrees_with_input_form():
    a = np.linspace(-10, 10, 2001)
    o = expit(a)
    assert np.max(np.abs(sigmoid_prime_from_output(o) - o * (1 - o))) == 0
    assert np.max(np.abs(sigmoid_prime_from_output(o) - sigmoid_prime(a))) <= EPS


@pytest.mark.parametrize("bad", [2.0, -0.1, [0.5, 1.5], np.array([[0.2], [-3.0]])])
def test_sigmoid_prime_from_output_refuses_values_that_cannot_be_outputs(bad):
    with pytest.raises(ValueError, match=r"sigmoid_prime\(a\)"):
        sigmoid_prime_from_output(bad)


def test_sigmoid_prime_from_output_accepts_the_ends():
    np.testing.assert_array_equal(sigmoid_prime_from_output([0.0, 1.0, 0.5]), [0.0, 0.0, 0.25])


def test_tanh_is_a_scaled_sigmoid_and_its_derivative_checks():
    a = np.linspace(-5, 5, 1001)
    assert np.max(np.abs(tanh(a) - (2 * expit(2 * a) - 1))) < 4 * EPS
    fd = centered_difference(np.tanh, a)
    assert np.max(np.abs(tanh_prime(a) - fd)) < 1e-9
    assert tanh_prime(0.0) == 1.0


def test_relu_and_its_derivative():
    a = np.array([-2.0, -1e-300, 0.0, 1e-300, 3.0])
    np.testing.assert_array_equal(relu(a), [0.0, 0.0, 0.0, 1e-300, 3.0])
    np.testing.assert_array_equal(relu_prime(a), [0.0, 0.0, 0.0, 1.0, 1.0])  # 0 at a = 0, by choice
    away = np.array([-3.0, -0.5, 0.5, 3.0])
    np.testing.assert_allclose(relu_prime(away), centered_difference(lambda v: np.maximum(v, 0), away))


def test_identity_and_its_derivative():
    a = np.array([[-1.5, 0.0], [2.0, 7.0]])
    out = identity(a)
    np.testing.assert_array_equal(out, a)
    out[0, 0] = 99.0
    assert a[0, 0] == -1.5, "identity returns a copy, not the caller's array"
    np.testing.assert_array_equal(identity_prime(a), np.ones((2, 2)))


# --- softmax --------------------------------------------------------------------------------------------


def test_softmax_matches_scipy_and_rows_sum_to_one():
    rng = np.random.default_rng(0)
    a = rng.normal(scale=5, size=(20, 7))
    p = softmax(a)
    np.testing.assert_allclose(p, scipy_softmax(a, axis=-1), rtol=1e-14, atol=0)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-15)
    np.testing.assert_allclose(softmax(a, axis=0), scipy_softmax(a, axis=0), rtol=1e-14, atol=0)


def test_softmax_does_not_overflow_at_1000():
    with np.errstate(all="raise"):
        p = softmax(np.array([[1000.0, 1000.0], [1000.0, 0.0], [-1000.0, 1000.0]]))
    np.testing.assert_array_equal(p[0], [0.5, 0.5])
    assert p[1, 0] == 1.0 and p[1, 1] == 0.0  # e^-1000 underflows to 0, quietly
    np.testing.assert_array_equal(p[2], [0.0, 1.0])


def test_softmax_is_shift_invariant():
    a = np.array([1.0, 2.0, 3.0])
    e = np.exp(a)
    np.testing.assert_allclose(softmax(a + 500.0), e / e.sum(), rtol=1e-15)


def test_softmax_special_values():
    np.testing.assert_array_equal(softmax([0.0, -np.inf]), [1.0, 0.0])
    assert np.all(np.isnan(softmax([1.0, np.inf])))
    row = softmax(np.array([[np.nan, 1.0], [0.0, 0.0]]))
    assert np.all(np.isnan(row[0])) and np.array_equal(row[1], [0.5, 0.5])


def test_softmax_needs_scores():
    with pytest.raises(ValueError, match="single number"):
        softmax(3.0)
    with pytest.raises(ValueError, match="at least one score"):
        softmax(np.zeros((2, 0)))


# --- dtypes, shapes, scalars ---------------------------------------------------------------------------


@pytest.mark.parametrize("f", ALL, ids=lambda f: f.__name__)
def test_float32_stays_float32(f):
    a = np.array([[0.0, 0.25], [0.5, 1.0]], dtype=np.float32)
    out = f(a)
    assert out.dtype == np.float32 and out.shape == a.shape


def test_float32_sigmoid_values_and_extremes():
    a = np.linspace(-100, 100, 2001, dtype=np.float32)
    s = sigmoid(a)
    assert s.dtype == np.float32
    ref = expit(a.astype(np.float64))
    assert np.max(np.abs(s - ref)) <= np.finfo(np.float32).eps
    assert sigmoid(np.float32(-1000)) == 0 and sigmoid(np.float32(1000)) == 1


@pytest.mark.parametrize("f", ELEMENTWISE, ids=lambda f: f.__name__)
def test_integers_and_booleans_become_float64(f):
    assert f(np.array([0, 1, -2])).dtype == np.float64
    assert f(np.array([True, False])).dtype == np.float64


@pytest.mark.parametrize("f", ELEMENTWISE + [sigmoid_prime_from_output], ids=lambda f: f.__name__)
def test_python_numbers_give_python_floats_and_arrays_keep_shape(f):
    assert type(f(0.5)) is float and type(f(1)) is float
    assert f(np.zeros((3, 1, 2))).shape == (3, 1, 2)
    assert isinstance(f([0.25, 0.5]), np.ndarray)
    assert isinstance(f(np.float64(0.5)), np.float64)
    assert isinstance(f(np.float32(0.5)), np.float32)


def test_sigmoid_scalar_value():
    assert sigmoid(2.0) == pytest.approx(1 / (1 + np.exp(-2.0)), rel=1e-15)


# --- bad input and NaN -------------------------------------------------------------------------------


BAD_TYPES = ["0.5", b"1", 1 + 2j, np.array([1j, 2]), None, {"a": 1}, [1.0, "x"], np.array(["1"]),
             np.array(["2020-01-01"], dtype="datetime64[D]"), np.array([1.0, 2.0], dtype=object)]


@pytest.mark.parametrize("f", ALL, ids=lambda f: f.__name__)
@pytest.mark.parametrize("bad", BAD_TYPES, ids=repr)
def test_non_real_input_raises_type_error(f, bad):
    with pytest.raises(TypeError, match="number|real"):
        f(bad)


def test_type_error_messages_are_plain():
    with pytest.raises(TypeError, match="not the text 'abc'"):
        sigmoid("abc")
    with pytest.raises(TypeError, match="complex"):
        sigmoid(1j)
    with pytest.raises(TypeError, match="^o must"):
        sigmoid_prime_from_output("0.5")
    with pytest.raises(ValueError, match="rectangular"):
        sigmoid([[1.0, 2.0], [3.0]])


@pytest.mark.parametrize("f", ELEMENTWISE + [sigmoid_prime_from_output], ids=lambda f: f.__name__)
def test_nan_propagates_as_nan(f):
    """Documented choice: NaN in, NaN out, in that entry only, without a warning."""
    out = f(np.array([0.25, np.nan, 0.75]))
    assert np.isnan(out[1]) and np.all(np.isfinite(out[[0, 2]]))
    assert np.isnan(f(float("nan")))


def test_as_real_array_converts_and_names():
    assert as_real_array([1, 2]).dtype == np.float64
    assert as_real_array(np.float32(1)).dtype == np.float32
    with pytest.raises(TypeError, match="^W must"):
        as_real_array("w", name="W")
