"""Gradients measured layer by layer, and gradient clipping by norm.

Everything here reads the caches of a `helpers.network.Network` after `forward(X)` and
`backward(T)`: `net.delta[l]` (the error terms δ = -∂E/∂a of layer l, one row per example),
`net.dW[l]`, `net.db[l]` (∂E/∂W and ∂E/∂b) and `net.o[l + 1]` (layer l's outputs).
With the losses "cce" and "bce", E is the MEAN over the batch of N examples, so each row of
`net.delta[l]` is the δ of that example's own loss divided by N ("mse" also divides by the number
of outputs; "half_sse" is a sum and divides by nothing).
Layers are numbered from 0 in code; layer 0 is the first hidden layer and the last one is the
output layer. Nothing here changes the network except `gradient_descent`, which trains it.
"""

import numpy as np

from .network import ACTIVATIONS, Network, _batch


def global_norm(grads):
    """√(Σ of every squared entry) over a list of arrays: the length of the whole gradient.

    Entries near 1e200 would overflow when squared (and near 1e-200 underflow to 0): then it is
    computed as m·√(Σ (g/m)²), with m the largest |entry|. Returns inf or nan if an entry is inf or nan.
    """
    grads = _as_array_list(grads, "grads")
    with np.errstate(over="ignore", under="ignore"):
        total = sum(float(np.vdot(g, g)) for g in grads)  # the fast way, fine for all but extreme sizes
    if np.isfinite(total) and total > 1e-280:
        return float(np.sqrt(total))
    m = np.max([np.max(np.abs(g), initial=0.0) for g in grads])
    if m == 0 or not np.isfinite(m):
        return float(m)
    return float(m * np.sqrt(sum(np.sum((g / m) ** 2) for g in grads)))


def layer_stats(net):
    """Per-layer measurements of the last forward and backward pass, as a dict of arrays.

    One entry per layer (first hidden layer first, output layer last):
      "delta": ‖δ‖, the norm of the back-propagated error terms over the whole batch (with a
               batch-mean loss, "cce" or "bce", every example's δ is divided by the batch size N);
      "dW":    ‖∂E/∂W‖, the norm of the weight gradient;
      "db":    ‖∂E/∂b‖, the norm of the bias gradient (Nielsen's "speed of learning");
      "o_spread": how much the layer's outputs o vary from example to example: the standard
                  deviation of each unit's output over the batch, root-mean-square over the units.
                  Near 0, the layer's outputs hardly depend on the input any more.
      "o_rms": the root-mean-square of the layer's outputs themselves (what the NEXT layer's weight
               gradient ∂E/∂W = oᵀ·(-δ) multiplies with);
      "W":     ‖W‖, the norm of the layer's weights, to judge ‖∂E/∂W‖ against: ‖∂E/∂W‖ / ‖W‖.
    """
    if not isinstance(net, Network):
        raise TypeError(f"expected a helpers.network.Network, got {type(net).__name__}")
    if not hasattr(net, "delta") or not hasattr(net, "o"):
        raise RuntimeError("no gradients yet: call net.forward(X) and net.backward(T) first, "
                           "or use measure(net, X, T)")
    return {
        "delta": np.array([global_norm([d]) for d in net.delta]),
        "dW": np.array([global_norm([g]) for g in net.dW]),
        "db": np.array([global_norm([g]) for g in net.db]),
        "o_spread": np.array([float(np.sqrt(np.mean(np.var(o, axis=0)))) for o in net.o[1:]]),
        "o_rms": np.array([float(np.sqrt(np.mean(o * o))) for o in net.o[1:]]),
        "W": np.array([global_norm([W]) for W in net.W]),
    }


def measure(net, X, T):
    """Forward pass on X, backward pass against T, then `layer_stats(net)`."""
    net.forward(X)
    net.backward(T)
    return layer_stats(net)


def clip_by_norm(grads, max_norm):
    """Gradient clipping by norm (Pascanu, Mikolov & Bengio, 2013).

    If the global norm ‖g‖ of all the arrays together exceeds max_norm, every array is
    multiplied by max_norm / ‖g‖: the direction stays, the length becomes max_norm.
    Otherwise the arrays are returned unchanged. Returns (clipped copies, ‖g‖ before clipping).
    """
    grads = _as_array_list(grads, "grads")
    if isinstance(max_norm, (bool, np.bool_)) or not isinstance(max_norm, (int, float, np.number)):
        raise TypeError(f"max_norm must be a number, got {type(max_norm).__name__}")
    if not np.isfinite(max_norm) or max_norm <= 0:
        raise ValueError(f"max_norm must be a positive finite number, got {max_norm}")
    norm = global_norm(grads)
    if not np.isfinite(norm):
        raise ValueError("the gradient contains inf or NaN: clipping cannot repair it. "
                         "The run has already diverged; clip earlier or lower the learning rate")
    scale = max_norm / norm if norm > max_norm else 1.0
    return [g * scale for g in grads], norm


def gradient_descent(net, X, T, eta, steps, batch_size=None, rng=None, max_norm=None):
    """Train `net` for `steps` updates; optionally clip the gradient's global norm to max_norm.

    batch_size=None uses all of X at every step; otherwise each step takes the next mini-batch of
    a shuffled order (reshuffled with `rng` after every pass through the data).
    Returns {"loss": ..., "grad_norm": ...}, one value per step, measured before the update
    (grad_norm before clipping). Stops early, without updating, when the loss or the gradient
    is no longer finite: then the last recorded loss is inf or nan.
    """
    X, T = np.asarray(X), np.asarray(T)
    if isinstance(steps, bool) or int(steps) != steps or steps < 1:
        raise ValueError(f"steps must be a positive whole number, got {steps}")
    if not np.isfinite(eta) or eta <= 0:
        raise ValueError(f"the learning rate eta must be a positive number, got {eta}")
    if max_norm is not None and (not np.isfinite(max_norm) or max_norm <= 0):
        raise ValueError(f"max_norm must be a positive finite number or None, got {max_norm}")
    if len(X) != len(T):
        raise ValueError(f"X has {len(X)} examples but T has {len(T)}")
    if batch_size is not None:
        if int(batch_size) != batch_size or not 1 <= batch_size <= len(X):
            raise ValueError(f"batch_size must be a whole number from 1 to {len(X)}, got {batch_size}")
        if rng is None:
            raise TypeError("pass rng=np.random.default_rng(seed) so the mini-batches are reproducible")
        rng = np.random.default_rng(rng)
        batch_size = int(batch_size)
    losses, norms, order, pos = [], [], None, len(X)
    for _ in range(int(steps)):
        if batch_size is None:
            Xb, Tb = X, T
        else:
            if pos + batch_size > len(X):
                order, pos = rng.permutation(len(X)), 0
            idx = order[pos:pos + batch_size]
            Xb, Tb, pos = X[idx], T[idx], pos + batch_size
        E = net.loss(Xb, Tb)
        net.backward(Tb)
        grads = net.dW + net.db
        with np.errstate(over="ignore", under="ignore"):
            g = float(np.sqrt(sum(float(np.vdot(x, x)) for x in grads)))  # global_norm's fast way
        if not (np.isfinite(g) and g > 1e-140):
            g = global_norm(grads)  # the careful way, for extreme sizes
        losses.append(E)
        norms.append(g)
        if not (np.isfinite(E) and np.isfinite(g)):
            break  # diverged: an update with inf or NaN would only spread it
        if max_norm is not None and g > max_norm:  # clip_by_norm, in place, with the norm just computed
            for x in grads:
                x *= max_norm / g
        net.step(eta)
    return {"loss": np.array(losses), "grad_norm": np.array(norms)}


class ResidualNetwork(Network):
    """A `Network` with skip connections: every hidden layer after the first adds its input to its output,

        o^l = o^(l-1) + f(a^l),   a^l = o^(l-1) W^l + b^l      (He et al., 2016, with one layer per block).

    The first hidden layer (which changes the width) and the output layer are ordinary layers, so all hidden
    layers must have the same width. In the backward pass the skip adds one term: ∂E/∂o^(l-1) is the usual
    (∂E/∂a^l) (W^l)ᵀ PLUS ∂E/∂o^l itself, passed back unchanged. `net.delta`, `dW`, `db`, `step` and
    `layer_stats` work as for `Network`.
    """

    def __init__(self, sizes, activations="sigmoid", loss="half_sse", init="normal", rng=None, biases=True):
        super().__init__(sizes, activations, loss, init, rng, biases)
        hidden = self.sizes[1:-1]
        if len(hidden) < 2 or len(set(hidden)) != 1:
            raise ValueError("a residual network needs at least 2 hidden layers, all of one width; "
                             f"got sizes {self.sizes}")
        self.skip = [0 < l < len(hidden) for l in range(len(self.W))]  # layer l (0-based) adds its input

    def __repr__(self):
        return "Residual" + super().__repr__()

    def forward(self, X):
        o = _batch("X", X, self.sizes[0])
        self.a, self.o = [], [o]
        for W, b, name, skip in zip(self.W, self.b, self.activations, self.skip):
            a = o.dot(W) + b
            o = ACTIVATIONS[name][0](a) + o if skip else ACTIVATIONS[name][0](a)
            self.a.append(a)
            self.o.append(o)
        return o

    def _backward(self, T):
        L = len(self.W)
        g, dE_do = self._output_g(T), None  # dE_do: ∂E/∂o of the layer just done (the output layer has no skip)
        self._g, self.dW, self.db = [None] * L, [None] * L, [None] * L
        for l in range(L - 1, -1, -1):
            self._g[l] = g  # g = ∂E/∂a^l = -δ^l
            self.dW[l] = self.o[l].T.dot(g)
            self.db[l] = g.sum(axis=0) if self.biases else np.zeros(g.shape[1])
            if l > 0:
                dE_do = g.dot(self.W[l].T) + (dE_do if self.skip[l] else 0.0)  # ∂E/∂o^(l-1): the skip adds ∂E/∂o^l
                f, f_prime = ACTIVATIONS[self.activations[l - 1]]
                a = self.a[l - 1]
                g = dE_do * f_prime(a, f(a))  # f(a), not o: a skip layer's o also holds its input
        return self.dW, self.db

    def _output_g(self, T):
        """∂E/∂a of the output layer (no skip there), as in `Network._backward`."""
        o = self.o[-1]
        g = o - T
        if self.loss_name in ("bce", "cce"):
            return g / len(T)
        g = g * ACTIVATIONS[self.activations[-1]][1](self.a[-1], o)
        return g * (2 / T.size) if self.loss_name == "mse" else g


def _as_array_list(grads, name):
    """A non-empty list of real float arrays (copies are not made), or a clear error."""
    if isinstance(grads, np.ndarray) or not isinstance(grads, (list, tuple)):
        raise TypeError(f"{name} must be a list of arrays (for example net.dW + net.db), "
                        f"got {type(grads).__name__}")
    if len(grads) == 0:
        raise ValueError(f"{name} is empty: pass at least one gradient array")
    arrays = [np.asarray(g) for g in grads]
    for i, g in enumerate(arrays):
        if g.dtype.kind not in "biuf":
            raise TypeError(f"{name}[{i}] must hold real numbers, got dtype {g.dtype}")
    return [g.astype(np.float64, copy=False) for g in arrays]
