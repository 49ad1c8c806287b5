"""Many small 2-H-1 sigmoid networks trained at once, as one batch of stacked weight arrays.

Training XOR from 200 seeds, one `Network` at a time, spends almost all its time in Python
overhead: each epoch calls NumPy a few dozen times on arrays of a handful of numbers. Here the
same arithmetic is done for N networks per call, so the overhead is paid once per epoch for all.

Each network is the one `Network([2, H, 1], activations="sigmoid", loss="half_sse")` trains:
hidden and output units are sigmoids, biases start at zero and are trained, the loss is
E = ½ Σ_p (t_p - o_p)² over the P training patterns, and every epoch is one full-batch step
W <- W - η ∂E/∂W (or, with `online=True`, one step per pattern, in the order of the rows of X).

Seeds and weights. Network n of `init_params(H, seeds)` draws its weights exactly as
`Network([2, H, 1], init="normal", rng=seeds[n])` does: a fresh `np.random.default_rng(seeds[n])`
draws W1 (2, H) first, then W2 (H, 1), both N(0, 1); biases are zero. So the batch is just
many of those networks side by side, and `train_batch` repeats each one's arithmetic
operation for operation: on XOR data the weights come out bit for bit the same as training
that `Network` with `train_step` (tests/test_batched.py checks this).

Array layout (the same as `Network`, with a leading axis for the network):
W1 (N, 2, H), b1 (N, H), W2 (N, H, 1), b2 (N, 1). Inside the training loop all parameters of all
networks live in one array `theta` (5, N, H): rows 0-1 are W1, row 2 is b1, row 3 is W2 and
column 0 of row 4 is b2 (the rest of row 4 stays zero). The gradient has the same layout, so one
update `theta += η g` moves every weight of every network. Hidden-layer arrays are (P, N, H), so
X @ W1 and Xᵀ δ1 are single matrix products; the products over H are done per network with
`np.matmul`, which calls the same BLAS routine as `Network` (that is what keeps the bits equal).
"""

from collections import namedtuple
from dataclasses import dataclass

import numpy as np

from .network import Network

Params = namedtuple("Params", "W1 b1 W2 b2")
Params.__doc__ = """Stacked parameters of N networks 2-H-1: W1 (N, 2, H), b1 (N, H), W2 (N, H, 1), b2 (N, 1)."""


def _check_positive_int(name, value, smallest=1):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    if value < smallest:
        raise ValueError(f"{name} must be at least {smallest}, got {value}")
    return int(value)


def init_params(H, seeds, init="normal", scale=1.0):
    """Initial weights of one 2-H-1 network per seed, drawn as `Network` draws them.

    init="normal": W ~ N(0, scale²) (scale=1 is the article's `np.random.randn`, and exactly
    `Network(..., init="normal")`; another scale matches `Network(..., init=scale)`).
    init="uniform": W ~ U(-scale, scale), drawn in the same order (W1 first, then W2).
    Biases are zero. Returns a `Params` of stacked arrays, network n first.
    """
    H = _check_positive_int("the hidden size H", H)
    seeds = list(seeds) if np.ndim(seeds) else [seeds]
    if not seeds:
        raise ValueError("seeds is empty: give at least one seed (one network per seed)")
    if init not in ("normal", "uniform"):
        raise ValueError(f'init must be "normal" or "uniform", got {init!r}')
    if not np.isfinite(scale) or scale <= 0:
        raise ValueError(f"scale must be a positive number, got {scale}")
    N = len(seeds)
    W1, W2 = np.empty((N, 2, H)), np.empty((N, H, 1))
    for n, seed in enumerate(seeds):
        rng = np.random.default_rng(seed)
        for W in (W1, W2):  # the order matters: it is Network's order
            if init == "normal":
                W[n] = rng.normal(0.0, scale, size=W.shape[1:])
            else:
                W[n] = rng.uniform(-scale, scale, size=W.shape[1:])
    return Params(W1, np.zeros((N, H)), W2, np.zeros((N, 1)))


def stack_networks(nets):
    """Params holding copies of the weights of a list of 2-H-1 `Network`s (all with the same H)."""
    nets = list(nets)
    if not nets:
        raise ValueError("give at least one network")
    for net in nets:
        if len(net.W) != 2 or net.W[0].shape[0] != 2 or net.W[1].shape[1] != 1:
            raise ValueError(f"every network must be 2-H-1, got sizes {net.sizes}")
        if net.W[0].shape != nets[0].W[0].shape:
            raise ValueError("all networks must have the same hidden size H")
    return Params(*(np.array([arr for arr in group]) for group in zip(
        *[(net.W[0], net.b[0], net.W[1], net.b[1]) for net in nets])))


def network(params, n):
    """Network n of a batch as a `Network` (a copy), e.g. to run `forward` or draw it."""
    W1, b1, W2, b2 = _check_params(params)
    if not -len(W1) <= n < len(W1):
        raise IndexError(f"network {n} does not exist: the batch has {len(W1)} networks")
    return Network.from_weights([W1[n], W2[n]], [b1[n], b2[n]])


def _check_params(params):
    if not isinstance(params, tuple) or len(params) != 4:
        raise TypeError("params must be a Params(W1, b1, W2, b2) tuple, e.g. from init_params")
    W1, b1, W2, b2 = (np.asarray(p) for p in params)
    for name, p in zip(Params._fields, (W1, b1, W2, b2)):
        if p.dtype.kind not in "biuf":
            raise TypeError(f"{name} must hold real numbers, got dtype {p.dtype}")
        if not np.all(np.isfinite(p)):
            raise ValueError(f"{name} contains NaN or inf")
    if W1.ndim != 3 or W1.shape[1] != 2 or W1.shape[2] < 1 or W1.shape[0] < 1:
        raise ValueError(f"W1 must have shape (N, 2, H) with N, H >= 1, got {W1.shape}")
    N, _, H = W1.shape
    expected = {"b1": (N, H), "W2": (N, H, 1), "b2": (N, 1)}
    for name, p in zip(("b1", "W2", "b2"), (b1, W2, b2)):
        if p.shape != expected[name]:
            raise ValueError(f"{name} must have shape {expected[name]} to match W1 {W1.shape}, got {p.shape}")
    return Params(*(p.astype(np.float64) for p in (W1, b1, W2, b2)))


def _check_data(X, T):
    X, T = np.asarray(X), np.asarray(T)
    for name, arr, width in (("X", X, 2), ("T", T, 1)):
        if arr.dtype.kind not in "biuf":
            raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype}")
        if arr.ndim != 2 or arr.shape[1] != width or arr.shape[0] < 1:
            raise ValueError(f"{name} must have shape (patterns, {width}), got {arr.shape}")
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} contains NaN or inf")
    if len(X) != len(T):
        raise ValueError(f"X has {len(X)} patterns but T has {len(T)}: one target per input row")
    return X.astype(np.float64), T.astype(np.float64)


def _per_network(name, value, N, upper=None):
    arr = np.asarray(value, dtype=np.float64) if np.isrealobj(value) else None
    if arr is None or arr.ndim > 1 or (arr.ndim == 1 and len(arr) != N):
        raise ValueError(f"{name} must be one number or one number per network ({N}), got {value!r}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return np.broadcast_to(arr, (N,)).copy()


def _check_eta_momentum(eta, momentum, N):
    eta = _per_network("the learning rate eta", eta, N)
    if np.any(eta <= 0):
        raise ValueError(f"the learning rate eta must be positive, got {eta.min()}")
    momentum = _per_network("momentum", momentum, N)
    if np.any((momentum < 0) | (momentum >= 1)):
        raise ValueError("momentum must lie in [0, 1): 0 is plain gradient descent, 0.9 a common choice")
    return eta, momentum


def _sigmoid(a, o, e):
    """o = σ(a) in place, with the same formulas (and so the same bits) as helpers.activations.sigmoid.

    That function takes e = exp(-|a|) and returns 1 / (1 + e) where a >= 0, e / (1 + e) where a < 0.
    Here the numerator is exp(min(a, 0)): 1 where a >= 0, and exactly e where a < 0 (then -|a| is a).
    """
    np.copysign(a, -1.0, out=e)
    np.exp(e, out=e)
    np.add(e, 1.0, out=e)  # 1 + e, never overflows
    np.minimum(a, 0.0, out=o)
    np.exp(o, out=o)
    np.divide(o, e, out=o)


class _Trainer:
    """The work arrays of one training run; `step` and `forward` allocate nothing."""

    def __init__(self, theta, H, N):
        self.theta, self.H, self.N = theta, H, N
        self.grad = np.zeros_like(theta)
        self.views = [self._views(theta), self._views(self.grad)]
        self.blocks = {}

    @staticmethod
    def _views(x):
        """W1 as (2, N·H), b1 (N, H), W2 (N, H, 1), W2 as rows (N, H), b2 (N, 1, 1): views into x."""
        _, N, H = x.shape
        return x[0:2].reshape(2, N * H), x[2], x[3][:, :, None], x[3], x[4][:, 0:1, None]

    def block(self, X, T):
        """Work arrays for the patterns X (P, 2), T (P, 1); hidden arrays are (P, N, H)."""
        key = (X.tobytes(), T.tobytes())
        if key not in self.blocks:
            P, N, H = len(X), self.N, self.H
            b = dict(X=X, XT=np.ascontiguousarray(X.T), t=T)
            b.update((k, np.empty((P, N, H))) for k in ("a1", "o1", "e1", "delta1"))
            b.update((k, np.empty((N, P, 1))) for k in ("a2", "o2", "e2", "err", "delta2"))
            b["o1n"] = np.empty((N, P, H))  # o1 again, network by network: the layout `Network` has
            self.blocks[key] = b
        return self.blocks[key]

    def forward(self, b):
        """Every network's outputs on the block's patterns: fills o1, o2 and err = t - o2."""
        W1f, b1, W2, _, b2 = self.views[0]
        P, N, H = b["a1"].shape
        np.matmul(b["X"], W1f, out=b["a1"].reshape(P, N * H))
        np.add(b["a1"], b1, out=b["a1"])  # a1 = X @ W1 + b1
        _sigmoid(b["a1"], b["o1"], b["e1"])
        np.copyto(b["o1n"], b["o1"].transpose(1, 0, 2))
        np.matmul(b["o1n"], W2, out=b["a2"])
        np.add(b["a2"], b2, out=b["a2"])  # a2 = o1 @ W2 + b2, network by network
        _sigmoid(b["a2"], b["o2"], b["e2"])
        np.subtract(b["t"], b["o2"], out=b["err"])

    def backward(self, b):
        """The delta rules; fills self.grad with the DESCENT direction -∂E/∂theta (call forward first)."""
        gW1f, gb1, gW2, _, gb2 = self.views[1]
        W2rows = self.views[0][3]
        o1, e1, delta1, o2, e2, delta2 = (b[k] for k in ("o1", "e1", "delta1", "o2", "e2", "delta2"))
        P, N, H = o1.shape
        np.subtract(1.0, o2, out=e2)
        np.multiply(o2, e2, out=e2)  # σ'(a2) = o2 (1 - o2)
        np.multiply(b["err"], e2, out=delta2)  # δ2 = (t - o2) σ'(a2)
        np.multiply(delta2.transpose(1, 0, 2), W2rows, out=delta1)  # δ2 w_jk ...
        np.subtract(1.0, o1, out=e1)
        np.multiply(o1, e1, out=e1)
        np.multiply(delta1, e1, out=delta1)  # ... times σ'(a1) = o1 (1 - o1): δ1
        np.matmul(b["o1n"].transpose(0, 2, 1), delta2, out=gW2)  # o1ᵀ δ2 = -∂E/∂W2
        np.sum(delta2, axis=1, keepdims=True, out=gb2)  # NumPy adds the P patterns in order, as in `Network`
        np.matmul(b["XT"], delta1.reshape(P, N * H), out=gW1f)  # Xᵀ δ1 = -∂E/∂W1
        np.sum(delta1, axis=0, out=gb1)


def _to_theta(W1, b1, W2, b2):
    N, _, H = W1.shape
    theta = np.zeros((5, N, H))
    theta[0:2] = W1.transpose(1, 0, 2)
    theta[2], theta[3], theta[4, :, 0] = b1, W2[:, :, 0], b2[:, 0]
    return theta


def _from_theta(theta):
    return Params(np.ascontiguousarray(theta[0:2].transpose(1, 0, 2)), theta[2].copy(),
                  theta[3][:, :, None].copy(), theta[4][:, 0:1].copy())


@dataclass
class BatchRun:
    """What `train_batch` returns. N networks, `epochs` epochs; index k counts the epochs done.

    params: the trained weights (a `Params`); eta, momentum: per network.
    loss: E = ½ Σ_p (t_p - o_p)² after k epochs, shape (epochs + 1, N) (only the last row if history=False).
    output: the final outputs, (N, P). correct: (epochs + 1, N) booleans, all |t - o| < 0.5 after k epochs.
    grad_norm, weight_norm: (epochs + 1, N) lengths of the whole gradient and weight vector (biases
    included) after k epochs, if norms=True.
    """

    params: Params
    eta: np.ndarray
    momentum: np.ndarray
    loss: np.ndarray
    output: np.ndarray
    correct: np.ndarray
    grad_norm: np.ndarray = None
    weight_norm: np.ndarray = None

    @property
    def final_loss(self):
        """E after the last epoch, one value per network."""
        return self.loss[-1]

    @property
    def success(self):
        """True where all outputs end on the correct side of 0.5 (|t - o| < 0.5)."""
        return self.correct[-1]

    @property
    def first_correct(self):
        """The first epoch count k after which all outputs were correct; -1 where that never happened."""
        ever = self.correct.any(axis=0)
        return np.where(ever, self.correct.argmax(axis=0), -1)


def train_batch(params, X, T, eta, epochs, momentum=0.0, online=False, history=True, norms=False):
    """Train N 2-H-1 sigmoid networks at once on the same data; returns a `BatchRun`.

    params: `Params` (e.g. from `init_params`); they are copied, not changed.
    X (P, 2), T (P, 1): the training patterns. eta: learning rate, one number or one per network.
    epochs: full passes over the data. momentum μ in [0, 1) (one or one per network): the step
    is v <- μ v - η ∂E/∂W, W <- W + v; μ = 0 is plain gradient descent, exactly as `Network.step`.
    online=False: one step per epoch on the whole batch, like `Network.train_step(X, T, eta)`;
    online=True: one step per pattern, in the order of X's rows, like `train_step(X[p:p+1], ...)`.
    history=False keeps only the final loss (faster, and saves memory in big sweeps).
    norms=True also records the gradient and weight lengths after every epoch (full-batch gradient).
    """
    W1, b1, W2, b2 = _check_params(params)
    X, T = _check_data(X, T)
    epochs = _check_positive_int("epochs", epochs)
    N, _, H = W1.shape
    P = len(X)
    eta, momentum = _check_eta_momentum(eta, momentum, N)
    if norms and online:
        raise ValueError("norms=True is only available for full-batch training (online=False)")

    theta = _to_theta(W1, b1, W2, b2)
    net = _Trainer(theta, H, N)
    full = net.block(X, T)
    steps = [net.block(X[p:p + 1], T[p:p + 1]) for p in range(P)] if online else [full]
    eta2, mu2 = eta[:, None], momentum[:, None]  # broadcast over each network's (N, H) slices
    v = np.zeros_like(theta) if np.any(momentum > 0) else None

    rows = epochs + 1
    loss = np.empty((rows if history else 1, N))
    ok = np.empty((rows, N, P, 1), dtype=bool)
    grad_norm, weight_norm = (np.empty((rows, N)), np.empty((rows, N))) if norms else (None, None)
    sq = np.empty((N, P, 1))

    for k in range(rows):
        net.forward(full)
        np.abs(full["err"], out=sq)
        np.less(sq, 0.5, out=ok[k])
        if history or k == epochs:  # E = ½ Σ_p (t - o)²; the ½ comes at the end (exact: a power of 2)
            np.multiply(full["err"], full["err"], out=sq)
            np.sum(sq, axis=(1, 2), out=loss[k if history else 0])
        if norms:
            net.backward(full)
            grad_norm[k] = np.sqrt(np.sum(net.grad ** 2, axis=(0, 2)))
            weight_norm[k] = np.sqrt(np.sum(theta ** 2, axis=(0, 2)))
        if k == epochs:
            break
        for block in steps:
            if online:
                net.forward(block)
            if online or not norms:  # (with norms, the full batch's gradient is already there)
                net.backward(block)
            np.multiply(net.grad, eta2, out=net.grad)  # η times the descent direction ...
            if v is not None:  # ... plus μ times the last step
                np.multiply(v, mu2, out=v)
                np.add(v, net.grad, out=v)
                np.add(theta, v, out=theta)
            else:
                np.add(theta, net.grad, out=theta)
    loss *= 0.5
    return BatchRun(_from_theta(theta), eta, momentum, loss, full["o2"][:, :, 0].copy(),
                    ok.all(axis=(2, 3)), grad_norm, weight_norm)
