"""Checks for notebook 06 Handwritten digits."""

import math

import numpy as np

from ..activations import softmax
from ..data import one_hot
from .core import (
    Case,
    check_function,
    check_number,
    is_number,
)

# --- coding exercise: the output error of softmax + cross-entropy --------------------------------------

def _output_delta(A, y):
    """δ = -∂E/∂A for E = the mean cross-entropy over the batch: (t - softmax(A)) / n."""
    return (one_hot(y, A.shape[1]) - softmax(A, axis=1)) / len(A)


def _cases():
    rng = np.random.default_rng(6)
    return [
        Case("a batch of 4 examples, 10 classes", rng.normal(0, 2, (4, 10)), np.array([3, 0, 9, 3])),
        Case("a batch of 1", rng.normal(0, 2, (1, 10)), np.array([7])),
        Case("5 examples, 3 classes", rng.normal(0, 2, (5, 3)), np.array([2, 1, 0, 2, 2])),
        Case("scores near 1000, which overflow e^a unless the row maximum is subtracted first",
             1000 + rng.normal(0, 2, (3, 4)), np.array([1, 3, 0])),
    ]


def _softmax_columns(A):
    e = np.exp(A - A.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


_OUTPUT_DELTA_MISTAKES = [
    (lambda A, y: _output_delta(A, y) * len(A),
     "your δ is n times too large (n = rows in the batch): E is the MEAN cross-entropy over the batch, so δ is "
     "(t - o) / n, not the sum's t - o."),
    (lambda A, y: -_output_delta(A, y),
     "the sign is flipped: (o - t) / n is ∂E/∂a; the series' δ is -∂E/∂a = (t - o) / n."),
    (lambda A, y: -_output_delta(A, y) * len(A),
     "the sign is flipped and the mean is missing: o - t is ∂E/∂a summed over the batch; δ = (t - o) / n."),
    (lambda A, y: (y[:, None] - softmax(A, axis=1)) / len(A),
     "you subtracted o from the label number itself; the target t is one-hot: a row of zeros with a 1 in "
     "column y (one_hot(y, n_classes))."),
    (lambda A, y: (one_hot(y, A.shape[1]) - _softmax_columns(A)) / len(A),
     "the softmax ran down the columns (axis=0): each ROW is one example and must sum to 1, so take the "
     "maximum, the exponentials' sum and the division along axis=1, with keepdims=True."),
    (lambda A, y: (one_hot(y, A.shape[1]) - A) / len(A),
     "you used the scores a in place of the outputs: o = softmax(a) comes first, then δ = (t - o) / n."),
    (lambda A, y: _output_delta(A, y) * softmax(A, axis=1) * (1 - softmax(A, axis=1)),
     "there is an extra factor o(1 - o): with the cross-entropy the softmax's slope cancels, and δ = (t - o) / n "
     "has no f'(a) factor (that factor belongs to a sigmoid output with the squared error)."),
    (lambda A, y: (one_hot(y, A.shape[1]) - 1 / (1 + np.exp(-(A - A.max(axis=1, keepdims=True))))) / len(A),
     "you applied a sigmoid to each score (after subtracting the row maximum): the sigmoids of a row do not add up "
     "to 1. The softmax divides e^a by the row's sum of e^a, so that the outputs are probabilities."),
    (lambda A, y: (one_hot(y, A.shape[1]) - 1 / (1 + np.exp(-A))) / len(A),
     "you applied a sigmoid to each score: the sigmoids of a row do not add up to 1. The softmax divides e^a by "
     "the row's sum of e^a, so that the outputs are probabilities."),
    (lambda A, y: _output_delta(A, y) / A.shape[1],
     "you divided by the number of entries (rows × classes), as np.mean over the whole array does; the mean "
     "is over the n examples only: divide by n = len(A)."),
]


def check_output_delta(fn):
    """Check the learner's output_delta(A, y) -> δ = (t - softmax(A)) / n, shape (n, classes)."""
    return check_function(fn, "output_delta", _cases(), _output_delta, _OUTPUT_DELTA_MISTAKES)


def _early_stop(val_loss, patience):
    """(epoch at which training stops, epoch whose weights are kept) under early stopping, epochs from 1."""
    best, best_epoch = math.inf, None
    for epoch, E in enumerate(val_loss, start=1):
        if E < best:  # an improvement: remember this epoch
            best, best_epoch = E, epoch
        elif epoch - best_epoch >= patience:  # `patience` epochs without one: stop
            return epoch, best_epoch
    return len(val_loss), best_epoch  # never stopped early


def check_early_stop(answer, val_loss, patience):
    """answer = (stop epoch, kept epoch): early stopping with `patience` on the validation losses `val_loss`
    (epoch 1 first) stops once the loss has not improved for `patience` epochs and keeps the best epoch so far."""
    val_loss = np.asarray(val_loss, dtype=float)
    if val_loss.ndim != 1 or val_loss.size == 0:
        raise ValueError("val_loss must be a list of validation losses, one per epoch (e.g. h_plain.val_loss)")
    stop, kept = _early_stop(val_loss, patience)
    if answer is None or answer is Ellipsis:
        print("Not answered yet: replace None with two numbers, (stop epoch, kept epoch).")
        return
    if not (isinstance(answer, (tuple, list)) and len(answer) == 2 and all(is_number(x) for x in answer)):
        print("Give two numbers in parentheses: (the epoch training stops after, the epoch whose weights it keeps).")
        return
    s, k = answer
    overall = int(np.argmin(val_loss)) + 1
    if (s, k) == (stop, kept):
        print(f"Correct! With patience {patience} training stops after epoch {stop} and keeps the weights of "
              f"epoch {kept}" + (f", not of epoch {overall}, the best of the whole run." if kept != overall else "."))
    elif (s, k) == (kept, stop):
        print("Not quite: the right two epochs, in the wrong order: (stop epoch, kept epoch).")
    elif k == overall != kept:
        print(f"Not quite: epoch {overall} has the lowest validation loss of the whole run, but with patience "
              f"{patience} training has already stopped before it: walk through the losses from epoch 1.")
    elif k == kept:
        print(f"Half right: it keeps the weights of epoch {k}. It stops once {patience} epochs in a row have "
              "brought no improvement over that epoch.")
    elif s == stop:
        print("Half right: it stops then. Which epoch had the lowest validation loss up to that point?")
    else:
        print("Not quite: walk through val_loss from epoch 1, remember the lowest loss so far, and count the "
              f"epochs since it; training stops when that count reaches {patience}.")


def check_sklearn_alpha(answer, weight_decay, batch_size):
    """The MLPClassifier alpha that matches our weight decay λ: scikit-learn divides alpha by the batch size."""
    expected = weight_decay * batch_size
    if is_number(answer) and math.isclose(answer, weight_decay, rel_tol=1e-3) and batch_size != 1:
        print("Not quite: that is our λ itself, but scikit-learn divides its alpha by the number of rows in the "
              "batch, so alpha must be larger to do the same.")
    elif is_number(answer) and math.isclose(answer, weight_decay / batch_size, rel_tol=1e-3) and batch_size != 1:
        print("Not quite: the other way round. scikit-learn divides alpha by the batch size, so multiply.")
    elif (is_number(answer) and not math.isclose(answer, expected, rel_tol=1e-3)
          and math.isclose(answer / weight_decay, round(answer / weight_decay), rel_tol=1e-9)
          and round(answer / weight_decay) > batch_size):
        print(f"Not quite: that multiplies λ by {round(answer / weight_decay)}. scikit-learn divides alpha by the "
              f"number of rows in each batch, here {batch_size} (not by the size of the training set).")
    else:
        check_number(answer, expected, name="alpha")


def check_decay_factor(answer, eta, weight_decay, n_examples, batch_size):
    """The factor by which weight decay alone shrinks a weight in one epoch: (1 - η λ) once per update."""
    updates = math.ceil(n_examples / batch_size)
    expected = (1 - eta * weight_decay) ** updates
    if is_number(answer) and math.isclose(answer, 1 - eta * weight_decay, rel_tol=1e-5):
        print(f"Not quite: that is one update. How many updates does one epoch of {n_examples} images in "
              f"batches of {batch_size} make?")
    elif is_number(answer) and math.isclose(answer, 1 - expected, rel_tol=1e-3):
        print("Not quite: that is the part the weight loses; the factor is the part that is left, 1 minus it.")
    elif is_number(answer) and math.isclose(answer, (1 - eta * weight_decay) ** n_examples, rel_tol=1e-5):
        print("Not quite: the decay acts once per update (per batch), not once per image.")
    elif is_number(answer) and math.isclose(answer, (1 - weight_decay) ** updates, rel_tol=1e-5):
        print("Not quite: the step is η λ w, so the learning rate is part of the factor.")
    elif (is_number(answer) and batch_size != updates and not math.isclose(answer, expected, rel_tol=1e-4)
          and math.isclose(answer, (1 - eta * weight_decay) ** batch_size, rel_tol=1e-5)):
        print(f"Not quite: that is {batch_size} factors, one per image of a batch. The decay acts once per update, "
              f"and one epoch makes {n_examples} / {batch_size} of them.")
    elif (is_number(answer) and not math.isclose(answer, expected, rel_tol=1e-4)
          and math.isclose(answer, 1 - updates * eta * weight_decay, rel_tol=1e-6)):
        print("Not quite: that is 1 - (updates × η λ), the first-order approximation. The factors multiply: "
              "(1 - η λ) raised to the number of updates.")
    else:
        check_number(answer, expected, name="the factor per epoch", rtol=1e-4)


# --- coding exercise: one epoch of mini-batch SGD, backpropagation written out ---------------------------

def _relu_softmax_step(W, b, x, t, eta, update_first=False, sign=1.0, mean=True, slope=True, biases="sum"):
    """One update of the 1-hidden-layer ReLU + softmax network (W, b lists of 2) on the batch (x, t), in place.
    The keyword arguments make the wrong variants: the output layer updated before the hidden δ used its W,
    the step's sign flipped, the batch's sum instead of its mean, the ReLU's slope left out of the hidden δ,
    the biases not updated (biases=None) or updated with the mean of δ over the batch (biases="mean")."""
    a1 = x @ W[0] + b[0]
    o1 = np.maximum(a1, 0.0)
    delta2 = (t - softmax(o1 @ W[1] + b[1], axis=1)) / (len(x) if mean else 1)
    if update_first:
        W[1] += sign * eta * o1.T @ delta2
    delta1 = (delta2 @ W[1].T) * ((a1 > 0) if slope else 1.0)
    if not update_first:
        W[1] += sign * eta * o1.T @ delta2
    W[0] += sign * eta * x.T @ delta1
    if biases is not None:
        combine = np.sum if biases == "sum" else np.mean
        b[1] += sign * eta * combine(delta2, axis=0)
        b[0] += sign * eta * combine(delta1, axis=0)


def _epoch(order="shuffle", last=True, **step):
    def sgd_epoch(W, b, X, T, eta, batch_size, rng):
        n = len(X)
        perm = np.arange(n) if order in ("none", "per batch") else rng.permutation(n)
        for i in range(0, n - (0 if last else n % batch_size), batch_size):
            if order == "per batch":
                perm = rng.permutation(n)
            rows = perm[:batch_size] if order == "first batch" else perm[i:i + batch_size]
            t_rows = np.arange(n)[i:i + batch_size] if order == "X only" else rows
            _relu_softmax_step(W, b, X[rows], T[t_rows], eta, **step)
    return sgd_epoch


_sgd_epoch = _epoch()


def _run(fn):
    """fn run for one epoch on a seeded problem; returns the weights and biases after it, [W0, W1, b0, b1]."""
    def run(sizes, n, batch_size, eta, seed):
        r = np.random.default_rng(seed)
        X, y = r.normal(size=(n, sizes[0])), r.integers(0, sizes[2], n)
        W = [r.normal(0, 0.5, (m, k)) for m, k in zip(sizes, sizes[1:])]
        b = [r.normal(0, 0.2, k) for k in sizes[1:]]  # non-zero biases
        fn(W, b, X, one_hot(y, sizes[2]), eta, batch_size, np.random.default_rng(seed + 1))
        return W + b
    return run


def _epoch_cases():
    return [Case("a 6-5-3 network, 10 examples in batches of 4 (the last batch holds 2)", (6, 5, 3), 10, 4, 0.5, 1),
            Case("batches of 1 (online SGD)", (4, 7, 3), 5, 1, 0.3, 2),
            Case("one batch holding all 7 examples", (5, 3, 4), 7, 7, 0.5, 3),
            Case("a 64-32-10 network, 50 examples in batches of 16", (64, 32, 10), 50, 16, 0.1, 4)]


_EPOCH_MISTAKES = [
    (_run(_epoch(order="none")), "the batches follow the data's own order: shuffle first, "
                                 "order = rng.permutation(len(X)), once at the start of the epoch, and take the "
                                 "batches from that order."),
    (_run(_epoch(order="first batch")), "every update used the same first batch: slide through the shuffled order, "
                                        "rows = order[i:i + batch_size] for i = 0, batch_size, 2 batch_size, ..."),
    (_run(_epoch(order="per batch")), "you drew a new random order for every batch, so some examples are used twice in "
                                      "the epoch and others never: draw one permutation per epoch."),
    (_run(_epoch(order="X only")), "inputs and targets were taken from different rows: index X and T with the same "
                                   "shuffled rows, or each image gets another image's label."),
    (_run(_epoch(last=False)), "the last, smaller batch is missing: range(0, len(X), batch_size) includes it, and "
                               "order[i:i + batch_size] is simply shorter there."),
    (_run(_epoch(sign=-1.0)), "the weights moved uphill: δ = t - o is -∂E/∂a, so the update ADDS η oᵀδ "
                              "(W += eta * o.T @ delta); subtracting it increases the loss."),
    (_run(_epoch(mean=False)), "δ at the output is the batch's sum, not its mean: divide t - o by the number of rows "
                               "in the batch (exercise 1)."),
    (_run(_epoch(slope=False)), "the hidden δ lacks the ReLU's slope: multiply (δ_out @ W[1].T) by f'(a) = (a1 > 0), "
                                "which is 0 for hidden units that were off for that example."),
    (_run(_epoch(biases=None)), "the biases did not change: update them too, b[1] += eta * delta2.sum(axis=0) and "
                                "the same for b[0] with the hidden δ."),
    (_run(_epoch(biases="mean")), "the bias updates are n times too small: δ already holds the 1/n of the mean, so "
                                  "the bias step is eta * delta.sum(axis=0), like the weights' oᵀδ (a sum over "
                                  "the batch), not eta * delta.mean(axis=0)."),
    (_run(lambda W, b, X, T, eta, batch_size, rng: None),
     "the weights and biases came back unchanged: change the arrays in the lists W and b in place "
     "(W[1] += ..., or W[1] = W[1] + ...); a new list (W = [...]) or a returned value does not reach the caller."),
    (_run(_epoch(update_first=True)), "the hidden δ used the output weights AFTER their update: compute every δ with "
                                      "the weights of the forward pass, then update (or keep a copy of W[1])."),
]


def check_sgd_epoch(fn, X_train=None, y_train=None, X_val=None, y_val=None):
    """Check the learner's sgd_epoch(W, b, X, T, eta, batch_size, rng) against the reference on seeded cases;
    if it passes and digits are given, train the 64-64-10 network with it for 5 epochs and report its accuracy."""
    if not callable(fn):
        return check_function(fn, "sgd_epoch", [], _run(_sgd_epoch))
    result = check_function(_run(fn), "sgd_epoch", _epoch_cases(), _run(_sgd_epoch), _EPOCH_MISTAKES)
    if result.passed and X_train is not None:
        r = np.random.default_rng(0)
        W = [r.normal(0, np.sqrt(2 / (m + k)), (m, k)) for m, k in [(64, 64), (64, 10)]]  # Xavier
        b = [np.zeros(64), np.zeros(10)]
        T = one_hot(y_train, 10)
        for _ in range(5):
            fn(W, b, X_train, T, 0.1, 32, r)
        accuracy = np.mean((np.maximum(X_val @ W[0] + b[0], 0) @ W[1] + b[1]).argmax(axis=1) == y_val)
        text = (f"With it, 5 epochs (η = 0.1, batches of 32) train the 64-64-10 network to {accuracy:.1%} "
                "validation accuracy.")
        print(text)
        result.feedback += "\n" + text
    return result
