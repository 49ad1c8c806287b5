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
networks live in one array `theta` (5, N, H): rows 0-1 are W1, row 2 is W2, row 3 is b1 and
column 0 of row 4 is b2 (the rest of row 4 stays zero). The gradient has the same layout, so one
update `theta -= η g` moves every weight of every network. Hidden-layer arrays are (P, N, H), so
X @ W1 and Xᵀ g1 are single matrix products. Everything else follows `Network` call for call: the
sigmoid is scipy's `expit`, and the products over the hidden units and the sums over the patterns
(`ones @ g`, as `Network` sums its bias gradients) go through `np.matmul` network by network, which
calls the same BLAS routines as `Network`'s `.dot`. That is what keeps the bits equal: BLAS may
add in its own order and use fused multiply-adds, so a plain `np.sum` would differ in the last bit,
and over thousands of epochs such differences can grow.

The idea, without the bookkeeping. A plain version of one full-batch epoch for all N networks
(the same maths, but not bit-identical to `Network`, because einsum and np.sum add in their own order):

    def epoch(W1, b1, W2, b2, X, T, eta):           # W1 (N, 2, H), b1 (N, H), W2 (N, H, 1), b2 (N, 1)
        o1 = sigmoid(np.einsum("pi,nij->pnj", X, W1) + b1)     # hidden outputs (P, N, H)
        o2 = sigmoid(np.einsum("pnj,njk->pnk", o1, W2) + b2)   # outputs (P, N, 1)
        d2 = (T[:, None, :] - o2) * o2 * (1 - o2)              # output deltas, δ = -∂E/∂a
        d1 = np.einsum("pnk,njk->pnj", d2, W2) * o1 * (1 - o1) # hidden deltas
        W2 += eta * np.einsum("pnj,pnk->njk", o1, d2)          # Δw = η Σ_p δ o, network by network
        b2 += eta * d2.sum(axis=0)
        W1 += eta * np.einsum("pi,pnj->nij", X, d1)
        b1 += eta * d1.sum(axis=0)

A learner needs what `train_batch` returns, not how it gets there; the rest of this module is that
loop, arranged so the bits match `Network`.
"""

from collections import namedtuple
from dataclasses import dataclass

import numpy as np
from scipy.special import expit  # the sigmoid `Network` uses

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
    return Params(*(np.array(group) for group in zip(*[(net.W[0], net.b[0], net.W[1], net.b[1]) for net in nets])))


def pad_hidden(params, H):
    """The same networks with H hidden units, so that networks of different sizes fit in one batch.

    Each added hidden unit gets zero weights and a bias of -1000: its output σ(-1000) is exactly 0
    in float64, so it adds nothing to the output, and its gradients are exactly 0, so it stays
    switched off for ever. The networks compute the same function and follow the same training
    path (up to rounding: sums over more units round in a different order).
    """
    W1, b1, W2, b2 = _check_params(params)
    N, _, h = W1.shape
    H = _check_positive_int("the hidden size H", H, smallest=h)
    W1p, W2p = np.zeros((N, 2, H)), np.zeros((N, H, 1))
    b1p = np.full((N, H), -1000.0)
    W1p[:, :, :h], b1p[:, :h], W2p[:, :h] = W1, b1, W2
    return Params(W1p, b1p, W2p, b2.copy())


def concat_params(*batches):
    """One batch holding the networks of several batches (all with the same H), in order."""
    if not batches:
        raise ValueError("give at least one Params batch")
    checked = [_check_params(p) for p in batches]
    if len({p.W1.shape[2] for p in checked}) > 1:
        raise ValueError("all batches need the same hidden size H: use pad_hidden first")
    return Params(*(np.concatenate(arrays) for arrays in zip(*checked)))


def select(params, which):
    """The networks `which` (indices or a boolean mask) of a batch, as a new batch."""
    return Params(*(np.asarray(p)[which] for p in _check_params(params)))


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


def _per_network(name, value, N):
    try:
        arr = np.asarray(value, dtype=np.float64) if np.isrealobj(value) else None
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number or a list of numbers, got {value!r}") from None
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


def _views(theta):
    """W1 as (2, N·H), b1 (N, H), W2 (N, H, 1), W2 as rows (N, H), b2 (N, 1): views into theta (5, N, H)."""
    _, N, H = theta.shape
    return theta[0:2].reshape(2, N * H), theta[3], theta[2][:, :, None], theta[2], theta[4][:, 0:1]


class _Block:
    """Work arrays for training N networks on the patterns X (P, 2), T (P, 1), allocated once.

    Hidden-layer arrays are (P, N, H), so that X @ W1 and Xᵀ g1 are single matrix products.
    The arrays ending in `n` hold the same numbers network by network, (N, P, H): the layout of
    `Network`'s own matrices, for the products that must go through the same BLAS calls.
    """

    def __init__(self, X, T, N, H):
        P = len(X)
        self.X, self.XT, self.t, self.ones = X, np.ascontiguousarray(X.T), T, np.ones(P)
        self.a1, self.o1, self.s1, self.g1 = (np.empty((P, N, H)) for _ in range(4))
        self.a1_flat, self.g1_flat = self.a1.reshape(P, N * H), self.g1.reshape(P, N * H)
        self.o1n, self.g1n = np.empty((N, P, H)), np.empty((N, P, H))
        self.o1nT = self.o1n.transpose(0, 2, 1)
        self.o1T, self.g1T = self.o1.transpose(1, 0, 2), self.g1.transpose(1, 0, 2)
        self.a2, self.o2, self.s2, self.diff, self.g2 = (np.empty((N, P, 1)) for _ in range(5))
        self.diffT, self.g2T = self.diff.transpose(0, 2, 1), self.g2.transpose(1, 0, 2)


def _forward(b, W1f, b1, W2, b2):
    """Every network's outputs on the block's patterns: fills b.o1, b.o2 and b.diff = o2 - t."""
    np.matmul(b.X, W1f, b.a1_flat)
    np.add(b.a1, b1, b.a1)  # a1 = X @ W1 + b1
    expit(b.a1, b.o1)  # o1 = σ(a1), as `Network` computes it
    np.copyto(b.o1n, b.o1T)
    np.matmul(b.o1n, W2, b.a2)
    np.add(b.a2, b2, b.a2)  # a2 = o1 @ W2 + b2, network by network
    expit(b.a2, b.o2)
    np.subtract(b.o2, b.t, b.diff)


def _backward(b, W2rows, gW1f, gb1, gW2, gb2):
    """The delta rules, as `Network.backward` does them with g = ∂E/∂a = -δ: fills the gradient views."""
    np.subtract(1.0, b.o2, b.s2)
    np.multiply(b.o2, b.s2, b.s2)  # σ'(a2) = o2 (1 - o2)
    np.multiply(b.diff, b.s2, b.g2)  # g2 = (o2 - t) σ'(a2)
    np.matmul(b.o1nT, b.g2, gW2)  # ∂E/∂W2 = o1ᵀ g2
    np.matmul(b.ones, b.g2, gb2)  # ∂E/∂b2 = Σ_p g2
    np.multiply(b.g2T, W2rows, b.g1)  # g2 w_jk ...
    np.subtract(1.0, b.o1, b.s1)
    np.multiply(b.o1, b.s1, b.s1)
    np.multiply(b.g1, b.s1, b.g1)  # ... times σ'(a1) = o1 (1 - o1): g1
    np.matmul(b.XT, b.g1_flat, gW1f)  # ∂E/∂W1 = Xᵀ g1
    np.copyto(b.g1n, b.g1T)
    np.matmul(b.ones, b.g1n, gb1)  # ∂E/∂b1 = Σ_p g1


def _to_theta(W1, b1, W2, b2):
    N, _, H = W1.shape
    theta = np.zeros((5, N, H))
    theta[0:2] = W1.transpose(1, 0, 2)
    theta[2], theta[3], theta[4, :, 0] = W2[:, :, 0], b1, b2[:, 0]
    return theta


def _from_theta(theta):
    return Params(np.ascontiguousarray(theta[0:2].transpose(1, 0, 2)), theta[3].copy(),
                  theta[2][:, :, None].copy(), theta[4][:, 0:1].copy())


@dataclass
class BatchRun:
    """What `train_batch` returns. N networks, `epochs` epochs; index k counts the epochs done.

    params: the trained weights (a `Params`); eta, momentum: per network.
    loss: E = ½ Σ_p (t_p - o_p)² after k epochs, shape (epochs + 1, N) (only the last row if history=False).
    output: the final outputs, (N, P). correct: (epochs + 1, N) booleans, all |t - o| < 0.5 after k epochs.
    norm_epochs, grad_norm, weight_norm (with norms_every): the epochs k recorded, and after each of
    them the length of the whole gradient (all weights and biases) and of the weights W1 and W2
    (biases left out, so units switched off by `pad_hidden` do not count), shape (len(norm_epochs), N).
    """

    params: Params
    eta: np.ndarray
    momentum: np.ndarray
    loss: np.ndarray
    output: np.ndarray
    correct: np.ndarray
    norm_epochs: np.ndarray = None
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


def train_batch(params, X, T, eta, epochs, momentum=0.0, online=False, history=True, norms_every=None):
    """Train N 2-H-1 sigmoid networks at once on the same data; returns a `BatchRun`.

    params: `Params` (e.g. from `init_params`); they are copied, not changed.
    X (P, 2), T (P, 1): the training patterns. eta: learning rate, one number or one per network.
    epochs: full passes over the data. momentum μ in [0, 1) (one or one per network): the step
    is v <- μ v - η ∂E/∂W, W <- W + v; μ = 0 is plain gradient descent, exactly as `Network.step`.
    online=False: one step per epoch on the whole batch, like `Network.train_step(X, T, eta)`;
    online=True: one step per pattern, in the order of X's rows, like `train_step(X[p:p+1], ...)`.
    history=False keeps only the final loss (faster, and saves memory in big sweeps).
    norms_every=m also records the length of the full-batch gradient and of the weights after
    epochs 0, m, 2m, ... and after the last epoch.
    """
    W1, b1, W2, b2 = _check_params(params)
    X, T = _check_data(X, T)
    epochs = _check_positive_int("epochs", epochs)
    if norms_every is not None:
        norms_every = _check_positive_int("norms_every", norms_every)
    N, _, H = W1.shape
    P = len(X)
    eta, momentum = _check_eta_momentum(eta, momentum, N)

    theta = _to_theta(W1, b1, W2, b2)  # all parameters: W1 (rows 0-1), W2 (row 2), b1 (row 3), b2 (row 4)
    grad = np.zeros_like(theta)
    W1f, b1v, W2v, W2rows, b2v = _views(theta)
    gW1f, gb1, gW2, _, gb2 = _views(grad)
    forward_args, backward_args = (W1f, b1v, W2v, b2v[:, :, None]), (W2rows, gW1f, gb1, gW2, gb2)
    full = _Block(X, T, N, H)
    steps = [_Block(X[p:p + 1], T[p:p + 1], N, H) for p in range(P)] if online else [full]
    eta2, mu2 = eta[:, None], momentum[:, None]  # broadcast over each network's (N, H) slices
    v = np.zeros_like(theta) if np.any(momentum > 0) else None

    rows = epochs + 1
    loss = np.empty((rows if history else 1, N))
    ok = np.empty((rows, N, P, 1), dtype=bool)
    sq, E = np.empty((N, P, 1)), np.empty((N, 1, 1))
    norm_epochs = None
    if norms_every is not None:
        norm_epochs = np.unique(np.append(np.arange(0, rows, norms_every), epochs))
        grad_norm, weight_norm = np.empty((len(norm_epochs), N)), np.empty((len(norm_epochs), N))
    next_norm = 0

    for k in range(rows):
        _forward(full, *forward_args)
        np.abs(full.diff, sq)
        np.less(sq, 0.5, ok[k])
        if history or k == epochs:  # E = ½ Σ_p (t - o)², the ½ at the end (exact: a power of 2)
            np.matmul(full.diffT, full.diff, E)  # Σ_p (o - t)², the dot product `Network` computes
            loss[k if history else 0] = E[:, 0, 0]
        record = norm_epochs is not None and next_norm < len(norm_epochs) and norm_epochs[next_norm] == k
        if record:
            _backward(full, *backward_args)  # the full-batch gradient ∂E/∂w, before it is scaled by η
            np.sqrt(np.einsum("knh,knh->n", grad, grad), grad_norm[next_norm])
            np.sqrt(np.einsum("knh,knh->n", theta[0:3], theta[0:3]), weight_norm[next_norm])
            next_norm += 1
        if k == epochs:
            break
        for block in steps:
            if online:
                _forward(block, *forward_args)
            if online or not record:  # (when recording, the full batch's gradient is already there)
                _backward(block, *backward_args)
            np.multiply(grad, eta2, grad)  # η ∂E/∂w
            if v is not None:  # v <- μ v - η ∂E/∂w, w <- w + v
                np.multiply(v, mu2, v)
                np.subtract(v, grad, v)
                np.add(theta, v, theta)
            else:  # w <- w - η ∂E/∂w, as Network.step
                np.subtract(theta, grad, theta)
    loss *= 0.5
    run = BatchRun(_from_theta(theta), eta, momentum, loss, full.o2[:, :, 0].copy(), ok.all(axis=(2, 3)))
    if norm_epochs is not None:
        run.norm_epochs, run.grad_norm, run.weight_norm = norm_epochs, grad_norm, weight_norm
    return run
