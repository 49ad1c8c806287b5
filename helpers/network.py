"""A small fully connected network, trained with the delta rules.

Notation as in the notebooks: for layer l, a = o_prev @ W + b is the weighted sum,
o = f(a) the output. W[l][i, j] is the weight from unit i to unit j, shape (n_in, n_out).

Sign convention (the article's): the error term is δ_j = -∂E/∂a_j, so that the
weight change Δw_ij = η δ_j o_i is ADDED to the weight. `backward` returns the
gradients ∂E/∂W = -o_prevᵀ δ and ∂E/∂b = -Σ δ, and `step` moves against them.
"""

import numpy as np

from .activations import identity, relu, sigmoid, softmax, tanh

# name -> (f(a), f'(a) written with a and o = f(a), whichever is cheaper)
ACTIVATIONS = {
    "sigmoid": (sigmoid, lambda a, o: o * (1 - o)),
    "tanh": (tanh, lambda a, o: 1 - o * o),
    "relu": (relu, lambda a, o: (a > 0).astype(a.dtype)),
    "identity": (identity, lambda a, o: np.ones_like(a)),
    "softmax": (softmax, None),  # output layer only, with the "cce" loss
}

LOSSES = {
    "half_sse": "E = ½ Σ (t - o)², summed over the batch (the article's rule)",
    "mse": "E = mean of (t - o)² over every example and output",
    "bce": "binary cross-entropy, mean over the batch; needs a sigmoid output",
    "cce": "categorical cross-entropy, mean over the batch; needs a softmax output",
}

INITS = {
    "normal": lambda n_in, n_out: 1.0,  # N(0, 1), as in the article's XOR code
    "scaled": lambda n_in, n_out: np.sqrt(1 / n_in),  # N(0, 1/n_in)
    "xavier": lambda n_in, n_out: np.sqrt(2 / (n_in + n_out)),  # Glorot & Bengio (2010)
    "he": lambda n_in, n_out: np.sqrt(2 / n_in),  # He et al. (2015)
}


def _check_name(kind, name, valid):
    if name not in valid:
        raise ValueError(f"unknown {kind} {name!r}; choose one of: {', '.join(valid)}")


def _check_finite_2d(name, arr, width):
    arr = np.asarray(arr)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype}")
    if arr.ndim != 2 or arr.shape[1] != width:
        raise ValueError(f"{name} must have shape (batch, {width}), got {arr.shape}")
    if arr.shape[0] == 0:
        raise ValueError(f"{name} is an empty batch: it needs at least one row")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or inf")
    return arr.astype(np.float64, copy=False)


class Network:
    """Fully connected layers `sizes = [n_in, n_hidden..., n_out]`.

    activations: one name for every layer, or a list with one name per layer.
    init: "normal", "scaled", "xavier", "he", or a number used as the standard deviation.
    rng: a `numpy.random.Generator` (or an int seed), so every run is reproducible.
    """

    def __init__(self, sizes, activations="sigmoid", loss="half_sse", init="normal",
                 rng=None, biases=True):
        sizes = list(sizes)
        if len(sizes) < 2 or any(int(n) != n or n < 1 for n in sizes):
            raise ValueError(f"sizes must be at least two positive integers, got {sizes}")
        if isinstance(activations, str):
            activations = [activations] * (len(sizes) - 1)
        if len(activations) != len(sizes) - 1:
            raise ValueError(f"need {len(sizes) - 1} activations (one per layer), "
                             f"got {len(activations)}")
        for name in activations:
            _check_name("activation", name, ACTIVATIONS)
        _check_name("loss", loss, LOSSES)
        if "softmax" in activations[:-1]:
            raise ValueError("softmax is only supported on the output layer")
        if (activations[-1] == "softmax") != (loss == "cce"):
            raise ValueError('use a softmax output together with loss="cce", and only then')
        if loss == "bce" and activations[-1] != "sigmoid":
            raise ValueError('loss="bce" needs a sigmoid output layer')
        if rng is None:
            raise TypeError("pass rng=np.random.default_rng(seed) so the weights are reproducible")
        rng = np.random.default_rng(rng)
        if isinstance(init, str):
            _check_name("init", init, INITS)
            stds = [INITS[init](n_in, n_out) for n_in, n_out in zip(sizes, sizes[1:])]
        elif init > 0:
            stds = [float(init)] * (len(sizes) - 1)
        else:
            raise ValueError(f"a numeric init is a standard deviation and must be > 0, got {init}")

        self.sizes, self.activations, self.loss_name = sizes, list(activations), loss
        self.biases = biases
        self.W = [rng.normal(0.0, s, size=(n_in, n_out))
                  for s, n_in, n_out in zip(stds, sizes, sizes[1:])]
        self.b = [np.zeros(n_out) for n_out in sizes[1:]]

    @classmethod
    def from_weights(cls, W, b=None, activations="sigmoid", loss="half_sse"):
        """A network with the given weight matrices (copied); biases zero and fixed if b is None."""
        W = [np.array(w, dtype=np.float64) for w in W]
        net = cls([W[0].shape[0]] + [w.shape[1] for w in W], activations, loss,
                  rng=0, biases=b is not None)
        for l, w in enumerate(W):
            if w.shape != net.W[l].shape:
                raise ValueError(f"W[{l}] has shape {w.shape}, expected {net.W[l].shape}")
        net.W = W
        if b is not None:
            net.b = [np.array(v, dtype=np.float64).reshape(-1) for v in b]
        return net

    def forward(self, X):
        """Compute every layer's a and o for the batch X (rows are examples); return the output."""
        o = _check_finite_2d("X", X, self.sizes[0])
        self.a, self.o = [], [o]  # o[0] is the input; o[l + 1] is layer l's output
        for W, b, name in zip(self.W, self.b, self.activations):
            a = o @ W + b
            o = ACTIVATIONS[name][0](a)
            self.a.append(a)
            self.o.append(o)
        return o

    def loss_value(self, T):
        """The loss of the last forward pass against targets T."""
        o, a = self.o[-1], self.a[-1]
        if self.loss_name == "half_sse":
            return 0.5 * np.sum((T - o) ** 2)
        if self.loss_name == "mse":
            return np.mean((T - o) ** 2)
        if self.loss_name == "bce":  # log σ(a) = -log(1 + e^-a), computed stably
            return np.mean(np.sum(T * np.logaddexp(0, -a) + (1 - T) * np.logaddexp(0, a), axis=1))
        shifted = a - a.max(axis=1, keepdims=True)  # cce: log softmax without overflow
        log_o = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
        return -np.mean(np.sum(T * log_o, axis=1))

    def loss(self, X, T):
        """Forward pass on X, then the loss against T."""
        self.forward(X)
        return self.loss_value(self._check_targets(T))

    def _check_targets(self, T):
        T = _check_finite_2d("T", T, self.sizes[-1])
        if T.shape != self.o[-1].shape:
            raise ValueError(f"T has shape {T.shape} but the output has shape {self.o[-1].shape}")
        return T

    def backward(self, T):
        """Delta rules, output layer first. Returns (dW, db): ∂E/∂W[l] and ∂E/∂b[l] for every l."""
        if not hasattr(self, "o"):
            raise RuntimeError("call forward(X) before backward(T)")
        T = self._check_targets(T)
        o, a, n = self.o[-1], self.a[-1], len(T)
        if self.loss_name in ("bce", "cce"):
            delta = (T - o) / n  # the f'(a) factor cancels against the loss
        else:
            scale = 1.0 if self.loss_name == "half_sse" else 2.0 / T.size
            delta = scale * (T - o) * ACTIVATIONS[self.activations[-1]][1](a, o)
        self.delta = [None] * len(self.W)
        for l in reversed(range(len(self.W))):
            self.delta[l] = delta
            if l > 0:  # hidden rule: δ_j = f'(a_j) Σ_k w_jk δ_k
                fprime = ACTIVATIONS[self.activations[l - 1]][1]
                delta = (delta @ self.W[l].T) * fprime(self.a[l - 1], self.o[l])
        self.dW = [-self.o[l].T @ d for l, d in enumerate(self.delta)]
        self.db = [-d.sum(axis=0) if self.biases else np.zeros_like(d[0]) for d in self.delta]
        return self.dW, self.db

    def step(self, eta):
        """Gradient descent: W <- W - η ∂E/∂W, i.e. add Δw_ij = η δ_j o_i."""
        if not np.isfinite(eta) or eta <= 0:
            raise ValueError(f"the learning rate eta must be a positive number, got {eta}")
        if not hasattr(self, "dW"):
            raise RuntimeError("call backward(T) before step(eta)")
        for l in range(len(self.W)):
            self.W[l] -= eta * self.dW[l]
            if self.biases:
                self.b[l] -= eta * self.db[l]

    def train_step(self, X, T, eta):
        """One forward pass, backward pass and update; returns the loss before the update."""
        E = self.loss(X, T)
        self.backward(T)
        self.step(eta)
        return E
