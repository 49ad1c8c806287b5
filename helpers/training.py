"""Mini-batch stochastic gradient descent (SGD) for a softmax classifier built with `helpers.network.Network`.

One epoch: shuffle the training set (seeded), cut it into batches of `batch_size` rows and, for each batch,
run the network's forward pass, its backward pass (the delta rules) and one step
W <- W - η (∂E/∂W + λ W). Each epoch records the loss and accuracy on the training set and, if given, on a
validation set. Optional: L2 weight decay λ, early stopping and (inverted) dropout.

The loop checks the whole data set once, up front, and keeps the per-batch work lean: with small batches the
per-batch overhead in Python, not the arithmetic, decides how fast training runs.
"""

import time
import warnings
from dataclasses import dataclass, field

import numpy as np
from threadpoolctl import threadpool_limits

from .data import one_hot
from .network import ACTIVATIONS, Network


@dataclass
class History:
    """What `train` records, one entry per epoch (index 0 is epoch 1).

    Losses are the data loss E (cross-entropy for a softmax network), without the weight-decay term.
    Training loss and accuracy are averaged over the epoch's batches, each measured by the forward pass just
    before its update (as Keras and scikit-learn report them: free, since that forward pass is needed anyway).
    Validation loss and accuracy are measured at the end of the epoch.
    `seconds` is the wall-clock training time so far at the end of each epoch, without the validation;
    it differs from run to run.
    """

    train_loss: list = field(default_factory=list)
    train_acc: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    val_acc: list = field(default_factory=list)
    seconds: list = field(default_factory=list)
    best_epoch: int | None = None  # epoch with the lowest validation loss (1-based), if there is validation data
    stopped_early: bool = False  # True when early stopping ended training before `epochs`

    @property
    def epochs(self):
        """How many epochs were run."""
        return len(self.train_loss)

    @property
    def steady_seconds(self):
        """`seconds` as if every epoch had taken the median epoch time: the training time without the
        hiccups of a busy machine (an epoch that waited for the processor)."""
        per_epoch = np.median(np.diff(self.seconds, prepend=0.0)) if self.seconds else 0.0
        return list(per_epoch * np.arange(1, len(self.seconds) + 1))


def sgd_step(net, X, T, eta, weight_decay=0.0, masks=None):
    """One update of a softmax + cross-entropy network on the batch (X, T): forward pass, delta rules,
    W <- W - η (∂E/∂W + λ W).

    The same arithmetic as `net.train_step(X, T, eta)` (the tests check it), without its input checks and
    loss: `train` checks the network and the whole data set once, not every batch. δ = -∂E/∂a as in the
    series, so the update ADDS η δ_j o_i. Leaves net.a and net.o of the batch, from before the update, as
    forward would.
    masks: dropout, one array per hidden layer (the shape of its output, from `dropout_masks`). A hidden
    layer's output is multiplied by its mask, and so is its δ on the way back (a dropped unit passes nothing
    on, so nothing comes back to it); net.o then holds the masked outputs.
    """
    net.a, net.o = [], [X]
    f_out = []  # each layer's f(a) before any mask: f'(a) is computed from it
    for l, (W, b, name) in enumerate(zip(net.W, net.b, net.activations)):
        net.a.append(net.o[-1].dot(W) + b)
        f_out.append(ACTIVATIONS[name][0](net.a[-1]))
        net.o.append(f_out[-1] * masks[l] if masks is not None and l < len(masks) else f_out[-1])
    a, o, L = net.a, net.o, len(net.W)
    delta = (T - o[L]) / len(T)  # softmax with cross-entropy: the f'(a) factor cancels against the loss
    for l in reversed(range(L)):
        if l > 0:  # the hidden rule, with W[l] from before its update
            delta_below = delta.dot(net.W[l].T) * ACTIVATIONS[net.activations[l - 1]][1](a[l - 1], f_out[l - 1])
            if masks is not None:
                delta_below *= masks[l - 1]
        if weight_decay:
            net.W[l] *= 1 - eta * weight_decay  # the λ W part of the step
        net.W[l] += eta * o[l].T.dot(delta)  # Δw_ij = η δ_j o_i
        if net.biases:
            net.b[l] += eta * delta.sum(axis=0)
        if l > 0:
            delta = delta_below


def dropout_masks(net, n_rows, dropout, rng):
    """Inverted dropout: one mask per hidden layer of `net`, shape (n_rows, units). Each entry is 0 with
    probability `dropout` (the unit is dropped for that example) and 1 / (1 - dropout) otherwise, so a unit's
    expected output is unchanged and the network needs no rescaling at evaluation, where nothing is dropped."""
    keep = 1.0 - _check_dropout(dropout)
    return [(rng.random((n_rows, units)) < keep) / keep for units in net.sizes[1:-1]]


def train(net, X, y, X_val=None, y_val=None, *, epochs, eta, batch_size=32, weight_decay=0.0,
          patience=None, dropout=0.0, rng):
    """Train the softmax classifier `net` in place with mini-batch SGD on inputs X (n, n_in), integer labels y (n,).

    batch_size: rows per weight update; 1 is online SGD, None the whole training set (full-batch descent).
        The last batch of an epoch holds the leftover rows when batch_size does not divide n.
    weight_decay: λ >= 0, adds λ/2 Σ w² (weights only, not biases) to the batch's mean loss. Each update then
        steps down mean loss + λ/2 Σ w², the same objective whatever the batch size (unlike scikit-learn's
        alpha, which is divided by the batch size: see fit_sklearn_mlp).
    patience: early stopping; stop when the validation loss has not improved for `patience` epochs.
        With early stopping the network ends with the weights of its best epoch. Needs validation data.
    dropout: the probability of dropping each hidden unit, afresh for every example of every batch
        (inverted dropout, see `dropout_masks`); 0 turns it off. Only training drops units: the validation
        loss, and every evaluation after training, use the whole network. The training loss and accuracy
        are then those of the thinned networks the batches saw.
    rng: a `numpy.random.Generator` or an int seed for the shuffling.
    Returns a `History`.
    """
    X, y, T, X_val, y_val, T_val, batch_size, rng = _check_settings(
        net, X, y, X_val, y_val, epochs, eta, batch_size, weight_decay, patience, rng)
    _check_dropout(dropout)
    n = len(X)
    history, best_loss, best_weights, seconds = History(), np.inf, None, 0.0
    p_true, guess = np.empty(n), np.empty(n, dtype=int)  # per example: probability of the true class, guess
    rows = np.arange(batch_size)
    with threadpool_limits(limits=1, user_api="blas"):  # tiny matrices: extra BLAS threads only cost time
        for epoch in range(1, epochs + 1):
            start = time.perf_counter()
            order = rng.permutation(n)
            X_epoch, T_epoch, y_epoch = X[order], T[order], y[order]  # shuffle once; a batch is then a slice
            for i in range(0, n, batch_size):
                X_batch, T_batch = X_epoch[i:i + batch_size], T_epoch[i:i + batch_size]
                if dropout:
                    sgd_step(net, X_batch, T_batch, eta, weight_decay, dropout_masks(net, len(X_batch), dropout, rng))
                else:
                    sgd_step(net, X_batch, T_batch, eta, weight_decay)
                o = net.o[-1]  # the batch's softmax output, from before the update
                # keep each example's p(true class) and guess: the epoch's loss and accuracy, without a 2nd pass
                p_true[i:i + batch_size] = o[rows[:len(o)], y_epoch[i:i + batch_size]]
                guess[i:i + batch_size] = o.argmax(axis=1)
            history.train_loss.append(-np.mean(np.log(np.maximum(p_true, 1e-300))))  # cross-entropy, no log 0
            history.train_acc.append(np.mean(guess == y_epoch))
            seconds += time.perf_counter() - start
            history.seconds.append(seconds)
            if X_val is None:
                continue
            E_val, acc_val = _evaluate(net, X_val, y_val, T_val)
            history.val_loss.append(E_val)
            history.val_acc.append(acc_val)
            if E_val < best_loss:
                best_loss, history.best_epoch = E_val, epoch
                if patience is not None:
                    best_weights = ([W.copy() for W in net.W], [b.copy() for b in net.b])
            elif patience is not None and epoch - history.best_epoch >= patience:
                history.stopped_early = True
                break
    if best_weights is not None:
        net.W, net.b = best_weights
    return history


def loss_and_accuracy(net, X, y):
    """The network's data loss and its accuracy (fraction of rows whose largest output is the label)."""
    _check_classifier(net)
    X = _check_inputs("X", X, net.sizes[0])
    y, T = _check_labels("y", y, len(X), net.sizes[-1])
    return _evaluate(net, X, y, T)


def _evaluate(net, X, y, T):
    E = net.loss(X, T)
    return float(E), float(np.mean(net.o[-1].argmax(axis=1) == y))


def predict(net, X):
    """The class with the largest output, for each row of X."""
    _check_classifier(net)
    return net.forward(X).argmax(axis=1)


def confusion_matrix(y_true, y_pred, n_classes):
    """C[i, j] = how many examples of class i were predicted as class j (rows: truth, columns: prediction)."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred must have the same shape, got {y_true.shape} and {y_pred.shape}")
    t = one_hot(y_true, n_classes)
    p = one_hot(y_pred, n_classes)
    return (t.T @ p).astype(int)


def fit_sklearn_mlp(X, y, hidden=64, activation="relu", eta=0.1, batch_size=32, epochs=100, alpha=0.0, seed=0):
    """Train scikit-learn's MLPClassifier on the same work as `train`: plain SGD, a fixed number of epochs.

    Settings that make it comparable: solver="sgd" with momentum 0 (no Nesterov), a constant learning rate,
    no early stopping, and n_iter_no_change=inf so it always runs all `epochs`. Its `alpha` is an L2 penalty
    (alpha/2) Σ w² divided by the number of rows in the batch, so it equals weight_decay = alpha / batch_size
    here (on the last, smaller batch of an epoch scikit-learn's decay is a little stronger).

    Running all epochs ends with a ConvergenceWarning ("maximum iterations reached"); it is caught and its
    text returned. Returns (classifier, training seconds, list of warning messages).
    """
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    clf = MLPClassifier(
        hidden_layer_sizes=(hidden,), activation=activation, solver="sgd", learning_rate="constant",
        learning_rate_init=eta, momentum=0.0, nesterovs_momentum=False, batch_size=batch_size,
        alpha=alpha, max_iter=epochs, shuffle=True, early_stopping=False, n_iter_no_change=np.inf,
        random_state=seed)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        start = time.perf_counter()
        clf.fit(X, y)
        seconds = time.perf_counter() - start
    messages = []
    for w in caught:
        if issubclass(w.category, ConvergenceWarning):
            messages.append(str(w.message))
        else:  # not expected: pass it on
            warnings.warn(w.message, w.category, stacklevel=2)
    return clf, seconds, messages


# --- input checks: each says what is wrong in words a learner understands ---------------------------
def _check_inputs(name, X, width):
    """X as a float64 array (rows, width) of finite numbers, or an error that says what is wrong."""
    X = np.asarray(X)
    if X.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {X.dtype}")
    if X.ndim != 2 or X.shape[1] != width or len(X) == 0:
        raise ValueError(f"{name} must have shape (rows, {width}) with at least one row, got {X.shape}")
    if not np.isfinite(X).all():
        raise ValueError(f"{name} contains NaN or inf")
    return X.astype(np.float64, copy=False)


def _check_labels(name, y, n_rows, n_classes):
    """Integer labels 0..n_classes-1, one per row: returned with their one-hot targets."""
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of class numbers, got shape {y.shape}")
    if len(y) != n_rows:
        raise ValueError(f"{name} has {len(y)} labels but its X has {n_rows} rows: one label per row")
    T = one_hot(y, n_classes)
    return T.argmax(axis=1), T


def _check_positive_int(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive whole number, got {value!r}")
    return int(value)


def _is_real_number(value):
    return not isinstance(value, bool) and isinstance(value, (int, float, np.integer, np.floating))


def _check_dropout(dropout):
    if not (_is_real_number(dropout) and 0 <= dropout < 1):
        raise ValueError(f"dropout is the probability of dropping a hidden unit, 0 <= dropout < 1; got {dropout!r}")
    return float(dropout)


def _check_classifier(net):
    if not isinstance(net, Network):
        raise TypeError(f"net must be a helpers.network.Network, got {type(net).__name__}")
    if net.loss_name != "cce":
        raise ValueError('train a classifier with a softmax output: Network(..., activations=[..., "softmax"], '
                         f'loss="cce"); this network has loss={net.loss_name!r}')
    if net.sizes[-1] < 2:
        raise ValueError("a classifier needs at least 2 output units, one per class")


def _check_settings(net, X, y, X_val, y_val, epochs, eta, batch_size, weight_decay, patience, rng):
    """Everything `train` is given, checked once: the data as float64 arrays with one-hot targets, the
    batch size as a number of rows, rng as a Generator."""
    _check_classifier(net)
    X = _check_inputs("X", X, net.sizes[0])
    y, T = _check_labels("y", y, len(X), net.sizes[-1])
    T_val = None
    if (X_val is None) != (y_val is None):
        raise ValueError("pass both X_val and y_val, or neither")
    if X_val is not None:
        X_val = _check_inputs("X_val", X_val, net.sizes[0])
        y_val, T_val = _check_labels("y_val", y_val, len(X_val), net.sizes[-1])
    _check_positive_int("epochs", epochs)
    if not (_is_real_number(eta) and np.isfinite(eta) and eta > 0):
        raise ValueError(f"the learning rate eta must be a positive number, got {eta!r}")
    batch_size = len(X) if batch_size is None else _check_positive_int("batch_size", batch_size)
    if batch_size > len(X):
        raise ValueError(f"batch_size {batch_size} is larger than the {len(X)} training examples; "
                         "use batch_size=None for full-batch gradient descent")
    if not (_is_real_number(weight_decay) and np.isfinite(weight_decay) and weight_decay >= 0):
        raise ValueError(f"weight_decay must be a number >= 0, got {weight_decay!r}")
    if patience is not None:
        _check_positive_int("patience", patience)
        if X_val is None:
            raise ValueError("early stopping (patience) watches the validation loss: pass X_val and y_val")
    if rng is None:
        raise TypeError("pass rng=np.random.default_rng(seed) (or an int) so the shuffling is reproducible")
    return X, y, T, X_val, y_val, T_val, batch_size, np.random.default_rng(rng)
