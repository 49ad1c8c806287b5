"""A small fully connected network, trained with the delta rules.

Layer l computes a = o_prev @ W[l] + b[l] and o = f(a); W[l][i, j] is the weight from unit i to
unit j, shape (n_in, n_out). The article's error term is δ_j = -∂E/∂a_j, so Δw_ij = η δ_j o_i is
ADDED to a weight. `backward` runs the delta rules on g = ∂E/∂a = -δ (so the loop needs no minus
signs), returns the gradients ∂E/∂W = o_prevᵀ g and ∂E/∂b = Σ g, and shows δ as `net.delta`.

Notebook 04 trains thousands of small networks, so speed matters: `.dot` is the quickest product
for small matrices, scipy's `expit` the quickest sigmoid that never overflows, and each input is
checked once per call with one cheap sum. The input checks live at the bottom of this file.
"""

import math

import numpy as np
from scipy.special import expit  # σ(a) = 1 / (1 + e^-a) in one compiled, overflow-free pass


def _softmax(a):
    e = np.exp(a - a.max(axis=1, keepdims=True))  # minus the row maximum: every e^(...) <= 1
    return e / e.sum(axis=1, keepdims=True)


# name -> (f(a), f'(a) written with a and o = f(a), whichever is cheaper)
ACTIVATIONS = {
    "sigmoid": (expit, lambda a, o: o * (1 - o)),
    "tanh": (np.tanh, lambda a, o: 1 - o * o),
    "relu": (lambda a: np.maximum(a, 0.0), lambda a, o: (a > 0).astype(a.dtype)),  # we take f'(0) = 0
    "identity": (lambda a: a, lambda a, o: np.ones_like(a)),
    "softmax": (_softmax, None),  # output layer only, with the "cce" loss
}

LOSSES = {
    "half_sse": "E = ½ Σ (t - o)², summed over the batch (the article's rule)",
    "mse": "E = mean of (t - o)² over every example and output",
    "bce": "binary cross-entropy, mean over the batch; needs a sigmoid output",
    "cce": "categorical cross-entropy, mean over the batch; needs a softmax output",
}

INITS = {  # name -> standard deviation of the normal distribution a layer's weights are drawn from
    "normal": lambda n_in, n_out: 1.0,  # N(0, 1), as in the article's XOR code
    "scaled": lambda n_in, n_out: np.sqrt(1 / n_in),  # N(0, 1/n_in)
    "xavier": lambda n_in, n_out: np.sqrt(2 / (n_in + n_out)),  # Glorot & Bengio (2010)
    "he": lambda n_in, n_out: np.sqrt(2 / n_in),  # He et al. (2015)
}


class Network:
    """Fully connected layers `sizes = [n_in, n_hidden..., n_out]`.

    activations: one name for every layer, or a list with one name per layer.
    init: "normal", "scaled", "xavier", "he", or a number used as the standard deviation.
    rng: a `numpy.random.Generator` (or an int seed), so that every run is reproducible.
    biases: False keeps every b at zero, as in the article's worked example.
    """

    def __init__(self, sizes, activations="sigmoid", loss="half_sse", init="normal", rng=None, biases=True):
        sizes, acts = _check_layers(sizes, activations, loss)
        if rng is None:
            raise TypeError("pass rng=np.random.default_rng(seed) so that the weights are reproducible")
        stds = _init_stds(init, sizes)
        rng = np.random.default_rng(rng)
        self.sizes, self.activations, self.loss_name, self.biases = sizes, acts, loss, bool(biases)
        self.W = [rng.normal(0.0, s, size=(n_in, n_out)) for s, n_in, n_out in zip(stds, sizes, sizes[1:])]
        self.b = [np.zeros(n_out) for n_out in sizes[1:]]
        self._ones = np.ones(0)  # one 1 per example, made in backward: ones.dot(g) = g.sum(axis=0), faster

    @classmethod
    def from_weights(cls, W, b=None, activations="sigmoid", loss="half_sse"):
        """A network with copies of the given weight matrices; biases zero and fixed if b is None."""
        W = _check_weights(W)
        # rng=0 only because the constructor draws random weights: we replace them with W at once
        net = cls([len(w) for w in W] + [W[-1].shape[1]], activations, loss, rng=0, biases=b is not None)
        net.W = W
        if b is not None:
            net.b = _check_biases(b, net.sizes)
        return net

    def __repr__(self):
        return f"Network({self.sizes}, activations={self.activations}, loss={self.loss_name!r})"

    def forward(self, X):
        """Compute every layer's a and o for the batch X (one example per row); return the output."""
        o = _batch("X", X, self.sizes[0])
        self.a, self.o = [], [o]
        for W, b, name in zip(self.W, self.b, self.activations):
            a = o.dot(W) + b  # o.dot(W) is o @ W, faster on tiny matrices
            o = ACTIVATIONS[name][0](a)
            self.a.append(a)
            self.o.append(o)
        return o

    def loss_value(self, T):
        """The loss of the last forward pass against targets T."""
        return self._loss(self._check_T(T))

    def _loss(self, T):
        o, a = self.o[-1], self.a[-1]
        if self.loss_name in ("half_sse", "mse"):
            e = T - o
            return 0.5 * np.vdot(e, e) if self.loss_name == "half_sse" else np.vdot(e, e) / e.size
        if self.loss_name == "bce":  # -log σ(a) = log(1 + e^-a) and -log(1 - σ(a)) = log(1 + e^a)
            return np.sum(T * np.logaddexp(0, -a) + (1 - T) * np.logaddexp(0, a)) / len(T)
        log_o = a - a.max(axis=1, keepdims=True)  # cce: log softmax without overflow
        log_o -= np.log(np.exp(log_o).sum(axis=1, keepdims=True))
        return -np.sum(T * log_o) / len(T)

    def loss(self, X, T):
        """Forward pass on X, then the loss against T."""
        self.forward(X)
        return self.loss_value(T)

    def backward(self, T):
        """Delta rules, output layer first. Returns (dW, db): ∂E/∂W[l] and ∂E/∂b[l] for every layer l."""
        return self._backward(self._check_T(T))

    def _backward(self, T):
        o, L = self.o[-1], len(self.W)
        g = o - T  # g = ∂E/∂a = -δ
        if self.loss_name in ("bce", "cce"):
            g /= len(T)  # the output rule without f'(a), which cancels against the loss
        else:  # the output rule δ_j = f'(a_j)(t_j - o_j), times 2 / size for a mean
            g *= ACTIVATIONS[self.activations[-1]][1](self.a[-1], o)
            if self.loss_name == "mse":
                g *= 2 / T.size
        if len(self._ones) != len(T):  # a bias is a weight from a unit that always outputs 1
            self._ones = np.ones(len(T))
        self._g, self.dW, self.db = [None] * L, [None] * L, [None] * L
        for l in range(L - 1, -1, -1):
            self._g[l] = g
            self.dW[l] = self.o[l].T.dot(g)  # ∂E/∂w_ij = o_i g_j, summed over the batch
            self.db[l] = self._ones.dot(g) if self.biases else np.zeros(g.shape[1])  # Σ g over the batch
            if l > 0:  # the hidden rule δ_j = f'(a_j) Σ_k w_jk δ_k
                g = g.dot(self.W[l].T) * ACTIVATIONS[self.activations[l - 1]][1](self.a[l - 1], self.o[l])
        return self.dW, self.db

    @property
    def delta(self):
        """δ[l] = -∂E/∂a for every layer l (the article's sign), from the last backward pass."""
        if not hasattr(self, "_g"):
            raise AttributeError("delta is computed by backward(T): call it first")
        return [-g for g in self._g]

    def step(self, eta):
        """Gradient descent: W <- W - η ∂E/∂W, which adds Δw_ij = η δ_j o_i."""
        _check_eta(eta)
        if not hasattr(self, "dW"):
            raise RuntimeError("call backward(T) before step(eta)")
        for W, b, dW, db in zip(self.W, self.b, self.dW, self.db):
            Delta_W = -eta * dW  # the weight change Δw = -η ∂E/∂w = η δ_j o_i (dW is the gradient, not a change)
            W += Delta_W
            if self.biases:
                b -= eta * db

    def train_step(self, X, T, eta):
        """One forward pass, backward pass and update; returns the loss before the update."""
        self.forward(X)
        T = self._check_T(T)
        E = self._loss(T)
        self._backward(T)
        self.step(eta)
        return E

    def _check_T(self, T):
        if not hasattr(self, "o"):
            raise RuntimeError("call forward(X) first")
        T = _batch("T", T, self.sizes[-1])
        if len(T) != len(self.o[0]):
            raise ValueError(f"T has {len(T)} rows but X had {len(self.o[0])}: one row of targets per example")
        if self.loss_name in ("bce", "cce") and (T.min() < 0 or T.max() > 1):
            raise ValueError(f'loss="{self.loss_name}" needs targets between 0 and 1')
        if self.loss_name == "cce" and np.abs(T.sum(axis=1) - 1).max() > 1e-9:
            raise ValueError('loss="cce" needs every row of T to sum to 1 (for example one-hot rows)')
        return T


# --- input checks: each raises an error that says what is wrong ----------------------------------

def _check_name(kind, name, valid):
    if not isinstance(name, str) or name not in valid:
        raise ValueError(f"unknown {kind} {name!r}; choose one of: {', '.join(valid)}")


def _check_layers(sizes, activations, loss):
    """(sizes as a list, one activation name per layer), after checking that they fit together and with loss."""
    sizes = list(sizes)
    if len(sizes) < 2 or not all(isinstance(n, (int, np.integer)) and n >= 1 for n in sizes):
        raise ValueError(f"sizes must be at least two positive integers, got {sizes}")
    acts = [activations] * (len(sizes) - 1) if isinstance(activations, str) else list(activations)
    if len(acts) != len(sizes) - 1:
        raise ValueError(f"need {len(sizes) - 1} activations (one per layer), got {len(acts)}")
    for name in acts:
        _check_name("activation", name, ACTIVATIONS)
    _check_name("loss", loss, LOSSES)
    if "softmax" in acts[:-1] or (acts[-1] == "softmax") != (loss == "cce"):
        raise ValueError('softmax goes on the output layer with loss="cce", and loss="cce" needs it')
    if loss == "bce" and acts[-1] != "sigmoid":
        raise ValueError('loss="bce" needs a sigmoid output layer')
    return sizes, acts


def _init_stds(init, sizes):
    """The standard deviation of each layer's initial weights."""
    if isinstance(init, str):
        _check_name("init", init, INITS)
        return [INITS[init](n_in, n_out) for n_in, n_out in zip(sizes, sizes[1:])]
    if isinstance(init, (int, float, np.integer)) and not isinstance(init, bool) and 0 < init < math.inf:
        return [float(init)] * (len(sizes) - 1)
    raise ValueError(f"init is one of {', '.join(INITS)} or a standard deviation > 0, got {init!r}")


def _check_weights(W):
    """Float64 copies of the weight matrices, after checking that consecutive layers fit together."""
    W = [np.array(w, dtype=np.float64) for w in W]
    if not W:
        raise ValueError("W must be a list with one weight matrix per layer, got an empty list")
    for l, w in enumerate(W):
        if w.ndim != 2 or w.size == 0 or not np.isfinite(w).all():
            raise ValueError(f"W[{l}] must be a 2-D array (n_in, n_out) of finite numbers, got shape {w.shape}")
        if l > 0 and len(w) != W[l - 1].shape[1]:
            raise ValueError(f"W[{l}] has {len(w)} rows but W[{l - 1}] has {W[l - 1].shape[1]} columns")
    return W


def _check_biases(b, sizes):
    """Float64 copies of the bias vectors, one of length n_out per layer."""
    b = [np.array(v, dtype=np.float64).reshape(-1) for v in b]
    if [v.shape for v in b] != [(n,) for n in sizes[1:]] or not np.isfinite(np.hstack(b)).all():
        raise ValueError(f"b must hold {len(sizes) - 1} vectors of finite numbers, of lengths {sizes[1:]}")
    return b


def _check_eta(eta):
    try:  # one comparison accepts any real number, NumPy scalars included
        ok = 0 < eta < math.inf  # False for NaN; None, text or a long array raise instead
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ValueError(f"the learning rate eta must be a positive finite number, got {eta!r}")


def _batch(name, arr, width):
    """arr as a float64 array (batch, width) of finite numbers, or an error that says what is wrong."""
    arr = np.asarray(arr)
    if arr.dtype != np.float64:
        if arr.dtype.kind not in "biuf":
            raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype}")
        arr = arr.astype(np.float64)
    if arr.ndim != 2 or arr.shape[1] != width:
        hint = "; for one example use .reshape(1, -1)" if arr.shape == (width,) else ""
        raise ValueError(f"{name} must have shape (batch, {width}), got {arr.shape}{hint}")
    if len(arr) == 0:
        raise ValueError(f"{name} is an empty batch: it needs at least one row")
    # one cheap test first: if Σ x² is finite, every entry is; if not (NaN, inf, or just overflow), check each one
    if not math.isfinite(np.vdot(arr, arr)) and not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or inf")
    return arr
