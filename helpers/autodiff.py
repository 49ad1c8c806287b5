"""Reverse-mode automatic differentiation, small enough to read: `Value` for numbers, `Tensor` for arrays.

Every operation on a `Value` makes a new node that remembers its parents and its LOCAL derivatives
∂out/∂parent, computed in the forward pass. `out.backward()` then visits the graph from `out` back to the
inputs and applies the chain rule one node at a time: each node adds (local derivative × its own gradient)
to each parent's `.grad`. A node used twice gets two contributions, hence `+=`, never `=`.
The names are PyTorch's: `.data`, `.grad`, `.backward()`.

Decisions, documented here and tested in tests/test_autodiff.py:
- The order of the sweep is a topological order computed with an explicit stack, not recursion, so a chain
  of 100,000 nodes works (Python's recursion limit is about 1,000).
- A second `backward()` ACCUMULATES, as gradients do in PyTorch: every call adds ∂out/∂v to `v.grad` for every
  node v of out's graph, so calling it twice doubles every gradient, and `f.backward(); g.backward()` leaves
  the gradients of f + g. `zero_grad()` starts again from 0. Each sweep runs on fresh gradients and adds them
  at the end, so intermediate nodes hold correct sums too (a sweep that reused their old .grad would count
  it twice).
- Bad input: a `Value` of text, None, a bool or an array is a TypeError; NaN or ±inf is a ValueError; so is an
  operation whose result or derivative is not a finite number (log 0, exp 1000, 10 ** 1000, 0 ** -1,
  0 ** 0.5), with the operation named in the message; division by a Value that is 0 is a ZeroDivisionError.
- relu'(0) = 0, as in helpers.activations.relu_prime and helpers.network.
"""

import math

import numpy as np

from .activations import sigmoid as _sigmoid
from .network import ACTIVATIONS


def _as_float(x, what="a Value"):
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, float, np.integer, np.floating)):
        raise TypeError(f"{what} holds one real number, got {type(x).__name__} {x!r}"
                        + ("; for arrays use Tensor" if isinstance(x, (list, tuple, np.ndarray)) else ""))
    try:
        x = float(x)
    except OverflowError:  # an int beyond the largest float, e.g. 2 ** 2000
        raise ValueError(f"{what} must be a finite number, got an integer too large for a float") from None
    if not math.isfinite(x):
        raise ValueError(f"{what} must be a finite number, got {x}")
    return x


def _wrap(x):
    """x itself if it is a Value, else a constant Value (so that 2 * v and v + 1 work)."""
    return x if isinstance(x, Value) else Value(x)


def _node(data, parents, local, op):
    """A new Value made by an operation; its result and local derivatives must be finite numbers."""
    if not all(math.isfinite(v) for v in (data, *local)):
        names = ", ".join(f"{p.data:g}" for p in parents)
        raise ValueError(f"{op}({names}) gives {data} with local derivatives {local}: not finite numbers")
    out = Value.__new__(Value)
    out.data, out.grad, out.label, out.op = data, 0.0, "", op
    out._parents, out._local, out._backward = parents, local, None
    return out


class Value:
    """One number in a computation: `.data` (its value) and `.grad` (∂out/∂self after `out.backward()`).

    Value(data, parents=(), op="", local=(), label=""): the arguments after `data` are for writing new
    operations: the parent Values, a name, and the local derivatives ∂self/∂parent. An operation may instead
    set `out._backward` to a function that adds each parent's contribution itself (see the exercise).
    """

    __slots__ = ("data", "grad", "label", "op", "_parents", "_local", "_backward")

    def __init__(self, data, parents=(), op="", local=(), label=""):
        self.data, self.grad, self.label, self.op = _as_float(data), 0.0, str(label), str(op)
        self._parents = tuple(parents)
        if not all(isinstance(p, Value) for p in self._parents):
            raise TypeError("parents must be Values")
        self._local = tuple(_as_float(d, "a local derivative") for d in local)
        if self._local and len(self._local) != len(self._parents):
            raise ValueError(f"one local derivative per parent: {len(self._parents)} parents, "
                             f"{len(self._local)} local derivatives")
        self._backward = None

    def __repr__(self):
        name = f"{self.label}: " if self.label else ""
        return f"Value({name}data={self.data:.6g}, grad={self.grad:.6g})"

    # --- operations: the result and the local derivative of each parent, side by side ----------------
    def __add__(self, other):
        other = _wrap(other)
        return _node(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __mul__(self, other):
        other = _wrap(other)
        return _node(self.data * other.data, (self, other), (other.data, self.data), "×")

    def __sub__(self, other):
        other = _wrap(other)
        return _node(self.data - other.data, (self, other), (1.0, -1.0), "−")

    def __truediv__(self, other):
        other = _wrap(other)
        if other.data == 0:
            raise ZeroDivisionError(f"{self.data:g} / 0: division by a Value that is 0")
        q = self.data / other.data
        return _node(q, (self, other), (1 / other.data, -q / other.data), "/")

    def __neg__(self):
        return _node(-self.data, (self,), (-1.0,), "neg")

    def __pow__(self, n):
        if isinstance(n, Value):
            raise TypeError("the exponent must be a number; for a Value exponent y use (y * x.log()).exp()")
        n = _as_float(n, "the exponent")
        x = self.data
        if x == 0 and n < 0:
            raise ValueError(f"0 ** {n:g} is infinite (a division by zero)")
        if x == 0 and 0 < n < 1:
            raise ValueError(f"0 ** {n:g} is 0, but its derivative {n:g} · 0 ** {n - 1:g} is infinite")
        if x < 0 and n != int(n):
            raise ValueError(f"({x:g}) ** {n:g} is not a real number (negative base, fractional exponent)")
        try:
            return _node(x ** n, (self,), (n * x ** (n - 1) if n else 0.0,), f"**{n:g}")
        except OverflowError:
            raise ValueError(f"({x:g}) ** {n:g} overflows: it is above the largest float") from None

    def __rpow__(self, c):  # c ** v for a number c > 0: e^(v log c)
        c = _as_float(c, "the base")
        if c <= 0:
            raise ValueError(f"{c:g} ** Value needs a positive base")
        try:
            out = c ** self.data
        except OverflowError:
            raise ValueError(f"{c:g} ** {self.data:g} overflows: it is above the largest float") from None
        return _node(out, (self,), (out * math.log(c),), f"{c:g}**")

    __radd__ = __add__
    __rmul__ = __mul__

    def __rsub__(self, other):  # 1 - v
        return _wrap(other) - self

    def __rtruediv__(self, other):  # 1 / v
        return _wrap(other) / self

    def exp(self):
        try:
            e = math.exp(self.data)
        except OverflowError:
            raise ValueError(f"exp({self.data:g}) overflows: it is above the largest float") from None
        return _node(e, (self,), (e,), "exp")

    def log(self):
        if self.data <= 0:
            raise ValueError(f"log({self.data:g}): log needs a positive number")
        return _node(math.log(self.data), (self,), (1 / self.data,), "log")

    def tanh(self):
        t = math.tanh(self.data)
        return _node(t, (self,), (1 - t * t,), "tanh")

    def sigmoid(self):
        s = _sigmoid(self.data)  # never overflows
        return _node(s, (self,), (s * (1 - s),), "σ")

    def relu(self):
        positive = self.data > 0
        return _node(self.data if positive else 0.0, (self,), (1.0 if positive else 0.0,), "relu")  # relu'(0) = 0

    # --- the backward sweep --------------------------------------------------------------------------
    def propagate(self):
        """One step of the sweep: pass this node's gradient to its parents (local derivative × self.grad)."""
        if self._backward is not None:
            self._backward()
            return
        for parent, local in zip(self._parents, self._local):
            parent.grad += local * self.grad

    def backward(self):
        """Add ∂self/∂v to v.grad for every node v that self depends on (self.grad gets 1)."""
        order = topological_order(self)
        saved = [node.grad for node in order]
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):  # self first; a node only after every node that uses it
            node.propagate()
        for node, old in zip(order, saved):
            node.grad += old

    def zero_grad(self):
        """Set .grad = 0 on every node of this graph."""
        for node in topological_order(self):
            node.grad = 0.0


def topological_order(root):
    """Every node `root` depends on, each listed after all of its parents (inputs first, root last).

    A depth-first search with an explicit stack instead of recursion: entry (node, True) means "its parents
    are done, list it now". Works for Value and Tensor, for graphs of any depth.
    """
    order, seen, stack = [], set(), [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif node not in seen:
            seen.add(node)
            stack.append((node, True))
            stack.extend((parent, False) for parent in node._parents if parent not in seen)
    return order


# --- arrays: one node per layer operation ---------------------------------------------------------

def _sum_to(g, shape):
    """Sum the gradient g over the axes that broadcasting added, so it gets the parent's shape (a bias)."""
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for axis, n in enumerate(shape):
        if n == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g


def _check_tensor(x, op):
    if not isinstance(x, Tensor):
        raise TypeError(f"Tensor {op} {type(x).__name__}: both sides must be Tensors (wrap an array as Tensor(array)), "
                        "so that the graph records it and its gradient")


class Tensor:
    """An array in a computation: `.data`, `.grad` (None until a backward pass reaches it, as in PyTorch; then an
    array of the same shape), `.backward()` from a one-element result.

    Each operation stores a rule `vjp(g) -> one gradient per parent`, which turns the gradient g = ∂E/∂out
    into ∂E/∂parent (for arrays the local derivative is a matrix we never build; we apply it instead).
    Like Value, backward() accumulates.
    """

    __slots__ = ("data", "grad", "op", "_parents", "_vjp")

    def __init__(self, data, parents=(), op="", vjp=None):
        arr = np.asarray(data, dtype=np.float64)
        if not parents:
            arr = arr.copy()  # an input: the graph keeps what it saw, even if the caller's array changes later
        if not np.isfinite(arr).all():
            raise ValueError(f"a Tensor must hold finite numbers ({op or 'input'} gave NaN or inf)")
        self.data, self.grad, self.op, self._parents, self._vjp = arr, None, op, tuple(parents), vjp

    @property
    def shape(self):
        return self.data.shape

    def __repr__(self):
        return f"Tensor({self.op or 'input'}, shape={self.shape})"

    def __matmul__(self, W):
        """o @ W: the delta rule's two products, g Wᵀ back to o and oᵀ g to W."""
        _check_tensor(W, "@")
        o = self
        return Tensor(o.data @ W.data, (o, W), "@", lambda g: (g @ W.data.T, o.data.T @ g))

    def __add__(self, b):
        """a + b, with b broadcast over the batch (a bias): b's gradient is summed over the examples."""
        _check_tensor(b, "+")
        a = self
        return Tensor(a.data + b.data, (a, b), "+", lambda g: (_sum_to(g, a.shape), _sum_to(g, b.shape)))

    def activation(self, name):
        """f(a) element by element, for a name of helpers.network.ACTIVATIONS (not softmax: see cce)."""
        if name not in ACTIVATIONS or name == "softmax":
            raise ValueError(f"unknown activation {name!r}; softmax belongs to the cce loss")
        f, f_prime = ACTIVATIONS[name]
        a = self
        o = f(a.data)
        return Tensor(o, (a,), name, lambda g: (g * f_prime(a.data, o),))

    def backward(self):
        """Add ∂self/∂v to v.grad for every node v; self must hold one number (a loss)."""
        if self.data.size != 1:
            raise ValueError(f"backward() starts from one number (a loss), not an array of shape {self.shape}")
        order = topological_order(self)
        fresh = {self: np.ones_like(self.data)}
        for node in reversed(order):
            g = fresh.get(node)
            if g is None or node._vjp is None:
                continue
            for parent, gp in zip(node._parents, node._vjp(g)):
                fresh[parent] = fresh[parent] + gp if parent in fresh else gp
        for node, g in fresh.items():
            node.grad = g if node.grad is None else node.grad + g

    def zero_grad(self):
        """Forget every gradient of this graph (.grad = None)."""
        for node in topological_order(self):
            node.grad = None


def loss(x, T, name):
    """The loss of helpers.network as one node. half_sse and mse take the output o; bce and cce take the
    weighted sums a of the output layer (the "logits") and apply σ or softmax inside, as PyTorch's
    BCEWithLogitsLoss and CrossEntropyLoss do: no overflow, and the gradient (σ(a) - t) / N is exact."""
    T = np.asarray(T, dtype=np.float64)
    if T.shape != x.shape:
        raise ValueError(f"T has shape {T.shape}, the output {x.shape}")
    d, N = x.data, len(T)
    if name == "half_sse":
        return Tensor(0.5 * np.sum((T - d) ** 2), (x,), name, lambda g: (g * (d - T),))
    if name == "mse":
        return Tensor(np.mean((T - d) ** 2), (x,), name, lambda g: (g * 2 * (d - T) / T.size,))
    if name == "bce":
        E = np.sum(T * np.logaddexp(0, -d) + (1 - T) * np.logaddexp(0, d)) / N
        return Tensor(E, (x,), name, lambda g: (g * (ACTIVATIONS["sigmoid"][0](d) - T) / N,))
    if name == "cce":
        log_o = d - d.max(axis=1, keepdims=True)
        log_o -= np.log(np.exp(log_o).sum(axis=1, keepdims=True))
        return Tensor(-np.sum(T * log_o) / N, (x,), name,
                      lambda g: (g * (np.exp(log_o) * T.sum(axis=1, keepdims=True) - T) / N,))
    raise ValueError(f"unknown loss {name!r}; choose one of half_sse, mse, bce, cce")


def network_graph(net, X, T):
    """The graph of a helpers.network.Network on the batch (X, T), one node per layer operation.

    Returns (E, W, b): the loss node and the lists of weight and bias leaves (copies of net.W and net.b).
    E.backward() then leaves ∂E/∂W[l] in W[l].grad: the same numbers as net.backward(T)'s dW[l].
    """
    W = [Tensor(w, op=f"W[{l}]") for l, w in enumerate(net.W)]
    b = [Tensor(v, op=f"b[{l}]") for l, v in enumerate(net.b)]
    o = Tensor(X, op="X")
    for l, name in enumerate(net.activations):
        a = o @ W[l] + b[l]
        if l == len(W) - 1 and net.loss_name in ("bce", "cce"):
            return loss(a, T, net.loss_name), W, b  # the loss applies σ or softmax itself
        o = a.activation(name)
    return loss(o, T, net.loss_name), W, b
