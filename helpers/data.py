"""The data sets of the series: the article's worked example, XOR, and handwritten digits."""

from collections import namedtuple

import numpy as np

# --- The article's worked example: a 2-2-1 sigmoid network without biases. ---------------
# Quoted from the article. Units: inputs x1, x2; hidden h1, h2 (outputs y3, y4);
# output O3 (output y5). w_{i,j} is the weight from unit i to unit j.
WORKED_EXAMPLE = {
    "x": (0.35, 0.7),  # x1, x2
    "w_hidden": {"w11": 0.2, "w21": 0.2, "w12": 0.3, "w22": 0.3},  # x_i -> h_j
    "w_output": {"w13": 0.3, "w23": 0.9},  # h1 -> O3 and h2 -> O3
    "target": 0.5,
    "eta": 1.0,
}


def worked_example_arrays():
    """The worked example as fresh arrays: X (1, 2), W1 (2, 2), W2 (2, 1), T (1, 1), eta.

    W1[i, j] is w_{i+1, j+1}: row = input x_i, column = hidden unit h_j.
    W2[i, 0] is w_{i+1, 3}: row = hidden unit h_i.
    """
    ex = WORKED_EXAMPLE
    w, v = ex["w_hidden"], ex["w_output"]
    X = np.array([ex["x"]])
    W1 = np.array([[w["w11"], w["w12"]], [w["w21"], w["w22"]]])
    W2 = np.array([[v["w13"]], [v["w23"]]])
    T = np.array([[ex["target"]]])
    return X, W1, W2, T, ex["eta"]


# --- XOR ------------------------------------------------------------------------------------
XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_T = np.array([[0.0], [1.0], [1.0], [0.0]])


def xor_data():
    """Fresh copies of the four XOR inputs (4, 2) and targets (4, 1)."""
    return XOR_X.copy(), XOR_T.copy()


# --- Labels ---------------------------------------------------------------------------------
def one_hot(labels, n_classes):
    """Integer class labels (n,) -> one-hot targets (n, n_classes): row k is 1 in column labels[k]."""
    if isinstance(n_classes, bool) or not isinstance(n_classes, (int, np.integer)) or n_classes < 1:
        raise ValueError(f"n_classes must be a positive whole number, got {n_classes!r}")
    y = np.asarray(labels)
    if y.ndim != 1:
        raise ValueError(f"labels must be a 1-D array of class numbers, got shape {y.shape}")
    if y.dtype.kind == "f":
        bad = ~np.isfinite(y) | (y != np.round(y))
        if np.any(bad):
            k = int(np.argmax(bad))
            raise TypeError(f"labels must be whole numbers 0..{n_classes - 1}, got {y[k]} at position {k}")
        y = y.astype(int)
    if y.dtype.kind not in "iu":
        raise TypeError(f"labels must be integers 0..{n_classes - 1}, got dtype {y.dtype}")
    if y.size and (y.min() < 0 or y.max() >= n_classes):
        k = int(np.argmax((y < 0) | (y >= n_classes)))
        raise ValueError(f"labels must lie in 0..{n_classes - 1}, got {y[k]} at position {k}")
    return np.eye(n_classes)[y]


# --- Handwritten digits (bundled with scikit-learn: no download) -------------------------------
DigitsSplit = namedtuple("DigitsSplit", "X_train y_train X_val y_val X_test y_test")


def digits_split(seed=0, val_fraction=0.2, test_fraction=0.2):
    """scikit-learn's 1,797 8x8 digits, pixels scaled to [0, 1], split stratified by class.

    Returns a DigitsSplit of (X, y) pairs for train, validation and test; X has 64 columns.
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be a whole number, so the split is the same every time; got {seed!r}")
    if not (0 < val_fraction < 1 and 0 < test_fraction < 1 and val_fraction + test_fraction < 1):
        raise ValueError("val_fraction and test_fraction must be in (0, 1) with a sum below 1")
    digits = load_digits()
    X, y = digits.data / 16.0, digits.target
    X_rest, X_test, y_rest, y_test = train_test_split(
        X, y, test_size=test_fraction, stratify=y, random_state=seed)
    X_train, X_val, y_train, y_val = train_test_split(
        X_rest, y_rest, test_size=val_fraction / (1 - test_fraction), stratify=y_rest,
        random_state=seed)
    return DigitsSplit(X_train, y_train, X_val, y_val, X_test, y_test)
