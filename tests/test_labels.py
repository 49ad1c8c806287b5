"""helpers.data.one_hot and digits_split: labels become targets, and bad labels give clear errors."""

import numpy as np
import pytest

from helpers.data import digits_split, one_hot


def test_one_hot_puts_a_single_one_in_the_labels_column():
    T = one_hot([2, 0, 1, 2], 3)
    expected = np.array([[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]], dtype=float)
    np.testing.assert_array_equal(T, expected)
    assert T.dtype == np.float64


def test_one_hot_accepts_whole_floats_numpy_ints_and_empty_labels():
    np.testing.assert_array_equal(one_hot(np.array([1.0, 0.0]), 2), [[0, 1], [1, 0]])
    np.testing.assert_array_equal(one_hot(np.array([1, 0], dtype=np.uint8), np.int64(2)), [[0, 1], [1, 0]])
    assert one_hot([], 4).shape == (0, 4)


@pytest.mark.parametrize("labels, error, match", [
    ([0, 3], ValueError, r"0\.\.2, got 3 at position 1"),
    ([-1, 0], ValueError, r"got -1 at position 0"),
    ([0.5, 1], TypeError, r"whole numbers 0\.\.2, got 0\.5 at position 0"),
    ([0, np.nan], TypeError, "whole numbers"),
    ([True, False], TypeError, "dtype bool"),
    (["a", "b"], TypeError, "integers"),
    ([[0, 1]], ValueError, "1-D"),
    (3, ValueError, "1-D"),
])
def test_bad_labels_raise_clear_errors(labels, error, match):
    with pytest.raises(error, match=match):
        one_hot(labels, 3)


@pytest.mark.parametrize("n_classes", [0, -2, 2.5, True, "10", None])
def test_bad_class_counts_raise_clear_errors(n_classes):
    with pytest.raises(ValueError, match="n_classes must be a positive whole number"):
        one_hot([0], n_classes)


def test_digits_split_is_stratified_disjoint_and_reproducible():
    from sklearn.datasets import load_digits

    d, again = digits_split(0), digits_split(0)
    for a, b in zip(d, again):
        np.testing.assert_array_equal(a, b)
    sizes = [len(d.X_train), len(d.X_val), len(d.X_test)]
    assert sum(sizes) == 1797 and all(len(X) == len(y) for X, y in zip(d[::2], d[1::2]))
    assert sizes[1] == pytest.approx(0.2 * 1797, abs=2) and sizes[2] == pytest.approx(0.2 * 1797, abs=2)
    counts = np.bincount(load_digits().target) / 1797
    for y in (d.y_train, d.y_val, d.y_test):
        np.testing.assert_allclose(np.bincount(y, minlength=10) / len(y), counts, atol=0.01)
    together = np.vstack([d.X_train, d.X_val, d.X_test]) * 16  # a partition: every image exactly once
    for ours, original in zip(np.unique(together, axis=0, return_counts=True),
                              np.unique(load_digits().data, axis=0, return_counts=True)):
        np.testing.assert_array_equal(ours, original)
    assert d.X_train.shape[1] == 64 and d.X_train.min() == 0 and d.X_train.max() == 1
    assert not np.array_equal(digits_split(1).y_train, d.y_train)


@pytest.mark.parametrize("seed", [None, 1.5, "0", True])
def test_digits_split_needs_a_whole_number_seed(seed):
    with pytest.raises(TypeError, match="seed"):
        digits_split(seed)
