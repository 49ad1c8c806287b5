"""The plain baseline: XOR on a 2-4-1 sigmoid network, trained the obvious way.

One NumPy line per formula, no classes, no input checks: what a learner writes after reading the
delta rules. It does the same work as `Network.train_step` in a loop (full-batch steps on
E = ½ Σ (t - o)², biases trained, the loss recorded every epoch), so both give the same numbers.
"""

import numpy as np


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def train_xor_plain(X, T, W1, b1, W2, b2, eta, epochs):
    """Train copies of (W1, b1, W2, b2) for `epochs` full-batch steps; return them and the loss of each epoch."""
    W1, b1, W2, b2 = (np.array(p, dtype=np.float64) for p in (W1, b1, W2, b2))
    losses = []
    for _ in range(epochs):
        o1 = sigmoid(X @ W1 + b1)  # forward pass
        o2 = sigmoid(o1 @ W2 + b2)
        losses.append(0.5 * np.sum((T - o2) ** 2))
        delta2 = (T - o2) * o2 * (1 - o2)  # output rule
        delta1 = (delta2 @ W2.T) * o1 * (1 - o1)  # hidden rule
        W2 += eta * o1.T @ delta2  # Δw_ij = η δ_j o_i
        b2 += eta * delta2.sum(axis=0)
        W1 += eta * X.T @ delta1
        b1 += eta * delta1.sum(axis=0)
    return (W1, b1, W2, b2), losses
