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


# --- notebook 02: the worked example as the article prints it ---------------------------------
# QUOTED DATA, entered once: every number the article prints for its worked example (GeeksforGeeks,
# "Backpropagation in Neural Network", updated 18 Sep 2025), as the text it prints, so that the number
# of printed decimals is kept, with the line it appears in. These are NOT correct values: notebook 02
# checks each one (helpers.worked_example.errata). The article names the weighted sums into h1, h2, O3
# a1, a2, a3, their outputs y3, y4, y5 and their error terms δ3, δ4, δ5; "_2" marks the second forward
# pass, after the update.
ARTICLE_PRINTED = {
    # key: (printed value, where the article prints it)
    "a1": ("0.21", "a1 = (0.2 * 0.35) + (0.2 * 0.7) = 0.21"),
    "y3": ("0.56", "y3 = F(0.21) = 0.56; used again in δ3"),
    "a2": ("0.315", "a2 = (0.3 * 0.35) + (0.3 * 0.7) = 0.315"),
    "y4": ("0.59", "y4 = F(0.315) (no value); 0.59 is used in a3, δ4 and Δw23"),
    "y3_in_a3": ("0.57", "a3 = (0.3 * 0.57) + (0.9 * 0.59) = 0.702"),
    "a3": ("0.702", "a3 = (0.3 * 0.57) + (0.9 * 0.59) = 0.702"),
    "y5": ("0.67", "y5 = F(0.702) = 0.67"),
    "error": ("-0.17", "Error = 0.5 - 0.67 = -0.17"),
    "delta5": ("-0.0376", "δ5 = 0.67(1 - 0.67)(-0.17) = -0.0376"),
    "delta3": ("-0.0027", "δ3 = 0.56(1 - 0.56)(0.3 × -0.0376) = -0.0027"),
    "delta4": ("-0.0819", "δ4 = 0.59(1 - 0.59)(0.9 × -0.0376) = -0.0819"),
    "Delta_w23": ("-0.022184", "Δw23 = 1 × (-0.0376) × 0.59 = -0.022184"),
    "w23_new": ("0.877816", "w23(new) = -0.022184 + 0.9 = 0.877816"),
    "Delta_w11": ("0.000945", "Δw11 = 1 × (-0.0027) × 0.35 = 0.000945"),
    "w11_new": ("0.200945", "w11(new) = 0.000945 + 0.2 = 0.200945"),
    "w12_new": ("0.273225", "similarly: w12(new) = 0.273225"),
    "w13_new": ("0.086615", "similarly: w13(new) = 0.086615"),
    "w21_new": ("0.269445", "similarly: w21(new) = 0.269445"),
    "w22_new": ("0.18534", "similarly: w22(new) = 0.18534"),
    "y3_2": ("0.57", "after the update: y3 = 0.57"),
    "y4_2": ("0.56", "after the update: y4 = 0.56"),
    "y5_2": ("0.61", "after the update: y5 = 0.61"),
    "error_2": ("-0.11", "Error = 0.5 - 0.61 = -0.11"),
}
