"""helpers.gradcheck: finite differences and the relative error, checked on functions whose
derivatives are known in closed form."""

import numpy as np
import pytest

from helpers.gradcheck import numerical_derivative, numerical_gradient, relative_error

# --- numerical_gradient ----------------------------------------------------------------------------------


def test_gradient_of_a_quadratic():
    """E(x) = ½ Σ c_i x_i² + d·x has gradient c x + d; centered differences are exact up to rounding."""
    rng = np.random.default_rng(1)
    c, d = rng.uniform(0.5, 2, size=(3, 4)), rng.normal(size=(3, 4))
    x = rng.normal(size=(3, 4))
    g = numerical_gradient(lambda v: 0.5 * np.sum(c * v * v) + np.sum(d * v), x)
    assert g.shape == x.shape
    np.testing.assert_allclose(g, c * x + d, rtol=1e-8, atol=1e-10)


def test_gradient_of_a_nonlinear_function():
    x = np.array([0.3, -1.2, 2.0])
    g = numerical_gradient(lambda v: np.sin(v[0]) * np.exp(v[1]) + v[2] ** 3, x)
    exact = np.array([np.cos(0.3) * np.exp(-1.2), np.sin(0.3) * np.exp(-1.2), 3 * 2.0**2])
    assert np.max(np.abs(g - exact) / np.abs(exact)) < 1e-9


def test_error_shrinks_like_h_squared():
    """Centered differences are second order: h ten times smaller, error about a hundred times smaller."""
    x0 = 1.0
    errors = [abs(numerical_gradient(lambda v: np.exp(v[0]), np.array([x0]), h=h)[0] - np.exp(x0))
              for h in (1e-2, 1e-3)]
    assert 80 < errors[0] / errors[1] < 120


def test_x_is_restored_exactly():
    x = np.array([[0.1, 0.2], [0.3, 0.7]])
    before = x.copy()
    numerical_gradient(lambda v: np.sum(v**2), x, h=1e-3)
    np.testing.assert_array_equal(x, before)


def test_x_is_restored_when_f_raises():
    x = np.array([0.1, 0.2])
    calls = []

    def f(v):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("boom")
        return float(v.sum())

    with pytest.raises(RuntimeError, match="boom"):
        numerical_gradient(f, x)
    np.testing.assert_array_equal(x, [0.1, 0.2])


def test_f_may_read_x_from_elsewhere():
    W = np.array([[1.0, 2.0]])
    g = numerical_gradient(lambda _: float(np.sum(W**2)), W)
    np.testing.assert_allclose(g, 2 * np.array([[1.0, 2.0]]), rtol=1e-9)


def test_one_element_array_results_are_accepted():
    g = numerical_gradient(lambda v: np.array([[v[0] ** 2]]), np.array([3.0]))
    np.testing.assert_allclose(g, [6.0], rtol=1e-9)


def test_f_must_return_one_number():
    with pytest.raises(ValueError, match="one number"):
        numerical_gradient(lambda v: v * 2, np.array([1.0, 2.0]))
    with pytest.raises(TypeError, match="real"):
        numerical_gradient(lambda v: "loss", np.array([1.0]))


@pytest.mark.parametrize("x", [[1.0, 2.0], np.array([1, 2]), np.array([1.0], dtype=np.float32)], ids=repr)
def test_x_must_be_a_float64_array(x):
    with pytest.raises(TypeError, match="float64"):
        numerical_gradient(lambda v: 0.0, x)


@pytest.mark.parametrize("h", [0.0, -1e-5, np.nan, np.inf])
def test_h_must_be_positive_and_finite(h):
    with pytest.raises(ValueError, match="positive"):
        numerical_gradient(lambda v: 0.0, np.array([1.0]), h=h)


@pytest.mark.parametrize("h", ["1e-5", None, True])
def test_h_must_be_a_number(h):
    with pytest.raises(TypeError, match="number"):
        numerical_gradient(lambda v: 0.0, np.array([1.0]), h=h)


# --- numerical_derivative -----------------------------------------------------------------------------------


def test_derivative_of_elementwise_functions():
    a = np.linspace(-3, 3, 60).reshape(3, 20)
    d = numerical_derivative(np.sin, a)
    assert d.shape == a.shape
    assert np.max(np.abs(d - np.cos(a))) < 1e-10
    np.testing.assert_allclose(numerical_derivative(np.exp, [0.0, 1.0]), np.exp([0.0, 1.0]), rtol=1e-9)


def test_derivative_agrees_with_numerical_gradient_entry_by_entry():
    a = np.array([-0.7, 0.1, 2.5])
    by_entry = np.array([numerical_gradient(lambda v: np.tanh(v[0]), np.array([ai]))[0] for ai in a])
    np.testing.assert_allclose(numerical_derivative(np.tanh, a), by_entry, rtol=1e-12)


def test_derivative_needs_an_elementwise_function():
    with pytest.raises(ValueError, match="entry by entry"):
        numerical_derivative(np.sum, np.array([1.0, 2.0]))
    with pytest.raises(TypeError, match="number"):
        numerical_derivative(np.sin, "1.0")
    with pytest.raises(ValueError, match="positive"):
        numerical_derivative(np.sin, [1.0], h=-1.0)


# --- relative_error ---------------------------------------------------------------------------------------


def test_relative_error_values():
    err = relative_error([1.0, 0.0, -2.0, 3.0], [1.1, 0.0, -2.0, -3.0])
    np.testing.assert_allclose(err, [0.1 / 1.1, 0.0, 0.0, 2.0], rtol=1e-15)


def test_relative_error_is_symmetric_and_scale_free():
    rng = np.random.default_rng(2)
    a, n = rng.normal(size=10), rng.normal(size=10)
    np.testing.assert_array_equal(relative_error(a, n), relative_error(n, a))
    np.testing.assert_allclose(relative_error(1e-12 * a, 1e-12 * n), relative_error(a, n), rtol=1e-12)


def test_relative_error_is_zero_when_both_are_zero_without_warnings():
    err = relative_error(np.zeros((2, 2)), np.zeros((2, 2)))
    np.testing.assert_array_equal(err, np.zeros((2, 2)))
    assert relative_error(0.0, 0.0) == 0.0


def test_relative_error_never_lets_nan_or_inf_pass():
    err = relative_error([np.nan, 1.0, np.inf, np.inf, 1.0], [1.0, np.nan, np.inf, 1.0, 1.0])
    assert np.all(np.isnan(err[:4])) and err[4] == 0.0
    assert not relative_error([np.nan], [0.0]).max() < 1e-7


def test_relative_error_input_checks():
    with pytest.raises(ValueError, match="shapes differ"):
        relative_error(np.zeros(3), np.zeros((3, 1)))
    with pytest.raises(TypeError):
        relative_error("0.1", 0.1)
