"""ipywidgets front ends. Each wraps a plain function that the tests call directly."""

import functools
import html

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from .activations import as_real_array, sigmoid, sigmoid_prime
from .batched import init_params, network, train_batch
from .data import digits_split, xor_data
from .figures import show_figure
from .network import Network
from .plots import (
    _real_number,
    draw_network,
    plain_log_axis,
    plot_decision_boundary,
    plot_history,
    plot_loss_curves,
    plot_neuron,
    plot_neuron_slope,
    plot_weight_slice,
    unsaturated_window,
)
from .training import train
from .worked_example import (
    WEIGHT_NAMES,
    _defaults,
    backward,
    diagram_kwargs,
    forward,
    weight_changes,
)


def neuron_steepest_point(w, b):
    """Where o = σ(w·x + b) is steepest, and its slope there: x = -b/w, slope = w/4.

    do/dx = w·σ'(w·x + b), and σ' is largest (1/4) where its input w·x + b is 0.
    Returns (None, 0.0) when w = 0: the curve is flat.
    """
    w, b = _real_number(w, "w"), _real_number(b, "b")
    if w == 0:
        return None, 0.0
    return -b / w + 0.0, w / 4  # + 0.0 turns -0.0 into 0.0


def neuron_output(w, b, x):
    """o = σ(w·x + b) for a number or an array x."""
    w, b = _real_number(w, "w"), _real_number(b, "b")
    return sigmoid(w * as_real_array(x, name="x") + b)


def show_neuron(w=1.0, b=0.0, a_sat=None):
    """Draw the neuron's curve for one setting and print its steepest point (the function behind `neuron_widget`).

    With a_sat, also shade and print the window of inputs where |w·x + b| < a_sat (not saturated).
    """
    x0, slope = neuron_steepest_point(w, b)  # validates w and b
    window = None if a_sat is None else unsaturated_window(w, b, a_sat)  # validates a_sat
    fig, ax = plt.subplots(figsize=(6, 3.5))
    plot_neuron(w, b, ax=ax, a_sat=a_sat)
    fig.subplots_adjust(left=0.11, right=0.97, bottom=0.14, top=0.9)
    where = "flat" if x0 is None else f"steepest at x = {x0:.3g}, slope {slope:.3g}"
    show_figure(fig, alt=f"S-shaped curve of a neuron's output o = σ(w·x + b) against its input x for w = {w:g}, "
                         f"b = {b:g}: {where}" + ("" if window is None else "; the unsaturated window is shaded") + ".")
    if x0 is None:
        print(f"w = 0: the output is σ(b) = {sigmoid(float(b)):.3f} whatever x is")
    else:
        print(f"steepest at x = -b/w = {x0:.3f}, where the slope is w/4 = {slope:.3f}")
    if a_sat is None:
        return
    a_sat = float(a_sat)
    if window is None:
        print(f"saturated for every x: |w x + b| = |b| is not below {a_sat:.3g}")
    elif x0 is None:
        print(f"never saturated: |w x + b| = |b| is below {a_sat:.3g} for every x")
    else:
        print(f"not saturated (|w x + b| < {a_sat:.3g}) for x between {window[0]:.3f} and {window[1]:.3f}, "
              f"a window of width {window[1] - window[0]:.3f}")


def neuron_widget(a_sat=None):
    """Sliders for w and b redrawing o = σ(w·x + b). Returns None, so `neuron_widget()` shows the widget once.

    With a_sat, the plot also shades the window of inputs where the neuron is not saturated, |w·x + b| < a_sat.
    """
    sliders = dict(
        w=widgets.FloatSlider(value=1.0, min=-5, max=5, step=0.1, description="w"),
        b=widgets.FloatSlider(value=0.0, min=-5, max=5, step=0.1, description="b"),
    )
    if a_sat is not None:
        unsaturated_window(1.0, 0.0, a_sat)  # fail now, not inside the widget, if a_sat is not a positive number
    widgets.interact(show_neuron, **sliders, a_sat=widgets.fixed(a_sat))  # fixed: passed on, no slider


def learning_window(w, b, a_sat, x_range=(-6.0, 6.0)):
    """Where the neuron o = σ(w·x + b) still learns: the inputs x in x_range with |w·x + b| < a_sat.

    Returns (low, high, fraction): the visible part of the unsaturated window and the fraction of x_range it
    covers; (None, None, 0.0) when no input in x_range is unsaturated.
    """
    window = unsaturated_window(w, b, a_sat)  # validates w, b and a_sat
    if window is None or window[1] <= x_range[0] or window[0] >= x_range[1]:
        return None, None, 0.0
    low, high = max(window[0], x_range[0]), min(window[1], x_range[1])
    return low, high, (high - low) / (x_range[1] - x_range[0])


def show_neuron_slope(w=3.0, b=-1.5, a_sat=6.0):
    """Draw the output and the slope σ'(w·x + b) of one neuron, grey where it is saturated, and print the
    learning window (the function behind `neuron_slope_widget`)."""
    low, high, fraction = learning_window(w, b, a_sat)  # validates the arguments
    fig, axes = plt.subplots(2, 1, figsize=(6.5, 5), sharex=True)
    plot_neuron_slope(w, b, a_sat, axes=axes)
    fig.subplots_adjust(left=0.12, right=0.97, bottom=0.1, top=0.93, hspace=0.08)
    where = ("saturated for every input shown" if low is None else
             f"not saturated only for x from {low:.2f} to {high:.2f}, {fraction:.0%} of the inputs shown")
    show_figure(fig, alt=f"Two panels over the input x from -6 to 6 for w = {w:g}, b = {b:g}: the output "
                         f"o = σ(w x + b) and below it the slope σ'(w x + b), a bump at most 0.25 high; the neuron "
                         f"is {where}" + ("" if low is None else ", the rest shaded grey") + ".")
    if low is None:
        print(f"saturated for every x from -6 to 6: |w x + b| >= {a_sat:.3g}, so σ' < {sigmoid_prime(a_sat):.2g}")
    else:
        print(f"learns (|w x + b| < {a_sat:.3g}) only for x from {low:.3f} to {high:.3f}: "
              f"{fraction:.0%} of the inputs from -6 to 6")


def neuron_slope_widget(a_sat=6.0):
    """Sliders for w and b redrawing the neuron's output and slope (`show_neuron_slope`). Returns None."""
    learning_window(1.0, 0.0, a_sat)  # fail now, not inside the widget, if a_sat is not a positive number
    widgets.interact(
        show_neuron_slope,
        w=widgets.FloatSlider(value=3.0, min=-10, max=10, step=0.1, description="w"),
        b=widgets.FloatSlider(value=-1.5, min=-10, max=10, step=0.1, description="b"),
        a_sat=widgets.fixed(a_sat),
    )


# --- notebook 02: step through one backpropagation step ----------------------------------------




class BackpropStepper:
    """The logic behind the Forward / Backward / Update / Reset buttons (tests drive it without a browser).

    phase "start" --forward()--> "forward" --backward()--> "backward" --update()--> "updated" --forward()--> ...
    reset() returns to the starting weights. A button pressed out of turn raises RuntimeError saying which
    one comes next. Defaults: the article's worked example; BackpropStepper(t=0.9, eta=0.5) steps through another
    target and learning rate (x and w can be changed too). The weight changes are in self.Delta_w.
    """

    NEXT = {"start": "forward", "forward": "backward", "backward": "update", "updated": "forward"}

    def __init__(self, x=None, w=None, t=None, eta=None):
        self.x, self.w0, self.t, self.eta = _defaults(x, w, t, eta)
        self.reset()

    def reset(self):
        """Back to the starting weights, nothing computed."""
        self.w = dict(self.w0)
        self.fwd = self.delta = self.Delta_w = None
        self.phase, self.steps = "start", 0

    def allowed(self):
        """The actions that make sense now: the next phase, and reset."""
        return {self.NEXT[self.phase], "reset"}

    def _require(self, action):
        if action not in self.allowed():
            raise RuntimeError(f"press {self.NEXT[self.phase].capitalize()} first: {action} comes after it")

    def forward(self):
        """Forward pass with the current weights: every a and y."""
        self._require("forward")
        self.fwd, self.delta, self.Delta_w = forward(self.x, self.w), None, None
        self.phase = "forward"

    def backward(self):
        """Error terms δ5, δ3, δ4 and the weight changes Δw = η δ_j o_i."""
        self._require("backward")
        self.delta = backward(self.fwd, self.w, self.t)
        self.Delta_w = weight_changes(self.x, self.fwd, self.delta, self.eta)
        self.phase = "backward"

    def update(self):
        """Add the weight changes. The a and y shown before belong to the old weights, so they are cleared."""
        self._require("update")
        self.w = {name: self.w[name] + self.Delta_w[name] for name in WEIGHT_NAMES}
        self.fwd = self.delta = None
        self.phase, self.steps = "updated", self.steps + 1

    def do(self, action):
        """Run an action by name: "forward", "backward", "update" or "reset"."""
        if action not in ("forward", "backward", "update", "reset"):
            raise ValueError(f"unknown action {action!r}: use forward, backward, update or reset")
        getattr(self, action)()

    def describe(self):
        """The numbers of the current phase, as text for the panel next to the diagram."""
        g = ".6g"
        lines = [f"after {updates(self.steps)}   (η = {self.eta:g}, t = {self.t:g})", ""]
        if self.phase in ("start", "updated"):
            lines.append("weights: " + ", ".join(f"{n} = {self.w[n]:{g}}" for n in WEIGHT_NAMES))
            if self.phase == "updated":
                lines += ["", "changes: " + ", ".join(f"Δ{n} = {self.Delta_w[n]:+{g}}" for n in WEIGHT_NAMES)]
        if self.fwd is not None:
            f = self.fwd
            lines += [f"h1: a1 = {f['a1']:{g}}, y3 = σ(a1) = {f['y3']:{g}}",
                      f"h2: a2 = {f['a2']:{g}}, y4 = σ(a2) = {f['y4']:{g}}",
                      f"O3: a3 = {f['a3']:{g}}, y5 = σ(a3) = {f['y5']:{g}}",
                      f"error t − y5 = {self.t - f['y5']:{g}},  E = ½(t − y5)² = {0.5 * (self.t - f['y5']) ** 2:{g}}"]
        if self.delta is not None:
            d = self.delta
            lines += ["", f"δ5 = y5(1 − y5)(t − y5) = {d['delta5']:{g}}",
                      f"δ3 = y3(1 − y3) w13 δ5 = {d['delta3']:{g}}",
                      f"δ4 = y4(1 − y4) w23 δ5 = {d['delta4']:{g}}",
                      "Δw = η δ_j o_i: " + ", ".join(f"Δ{n} = {self.Delta_w[n]:+{g}}" for n in WEIGHT_NAMES[:4]),
                      "                 " + ", ".join(f"Δ{n} = {self.Delta_w[n]:+{g}}" for n in WEIGHT_NAMES[4:])]
        lines += ["", f"next: {self.NEXT[self.phase].capitalize()}"]
        return "\n".join(lines)

    def draw(self, ax=None, title=None, **kwargs):
        """The diagram of the current phase (helpers.plots.draw_network; kwargs go to it, e.g. colorbar=False)."""
        Delta_w = self.Delta_w if self.phase in ("backward", "updated") else None
        title = title or f"{self.phase.capitalize()}, after {updates(self.steps)}"
        return draw_network(**(diagram_kwargs(self.w, self.x, self.fwd, self.delta, Delta_w, self.t)
                                | {"ax": ax, "title": title} | kwargs))


def updates(n):
    """The words for n updates, for titles and panels: "1 update", "0 updates", "2 updates"."""
    return f"{n} update" + ("" if n == 1 else "s")


def backprop_stepper_widget(stepper=None, figsize=(10, 4.4)):
    """Buttons Forward / Backward / Update / Reset that redraw the diagram and the panel of numbers.

    stepper: a BackpropStepper, by default the article's example; BackpropStepper(t=0.9, eta=0.5) steps
    through another target and learning rate (the panel shows both)."""
    stepper = BackpropStepper() if stepper is None else stepper
    buttons = {name: widgets.Button(description=name.capitalize()) for name in ("forward", "backward", "update",
                                                                                   "reset")}
    picture, panel = widgets.Output(), widgets.HTML()

    def refresh():
        for name, button in buttons.items():
            button.disabled = name not in stepper.allowed()
        with picture:
            picture.clear_output(wait=True)
            fig, ax = plt.subplots(figsize=figsize, dpi=100)
            fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.92)
            stepper.draw(ax=ax, colorbar=False)  # the Δw of each edge is written on it (a colour bar: +30 ms)
            show_figure(fig, alt=f"Diagram of the 2-2-1 network, {stepper.phase} phase: inputs, two hidden units "
                                 "and one output with the numbers of this phase written on the units and edges.")
        text = stepper.describe()
        if stepper.phase in ("backward", "updated"):
            text += "\n\nedge colours: red, the weight grows; blue, it shrinks (darker: a larger change)"
        panel.value = f"<pre style='font-size: 12px'>{html.escape(text)}</pre>"

    def on_click(button):
        stepper.do(button.description.lower())
        refresh()

    for button in buttons.values():
        button.on_click(on_click)
    refresh()
    box = widgets.VBox([widgets.HBox(list(buttons.values())), picture, panel])
    box.stepper = stepper  # so code (and tests) can reach the state behind the buttons
    return box


# --- notebook 03: the loss along one weight, its backprop tangent and finite-difference slope ----



def weight_slice(net, X, T, layer=0, i=0, j=0, span=1.0, n=81, h=1e-5):
    """The loss E as a function of the one weight w = net.W[layer][i, j], every other parameter fixed.

    Returns a dict with layer, i, j; w (the weight's current value) and E (the loss there);
    slope_backprop, ∂E/∂w from net.backward; slope_fd, the centred difference (E(w + h) - E(w - h)) / 2h;
    ws, n values from w - span to w + span, and Es, the loss at each. The network is left as it was.
    """
    if not isinstance(net, Network):
        raise TypeError(f"net must be a helpers.network.Network, got {type(net).__name__}")
    if isinstance(layer, bool) or not isinstance(layer, (int, np.integer)) or not 0 <= layer < len(net.W):
        raise ValueError(f"layer must be a whole number from 0 to {len(net.W) - 1}, got {layer!r}")
    rows, cols = net.W[layer].shape
    if not all(isinstance(k, (int, np.integer)) and not isinstance(k, bool) and 0 <= k < m
               for k, m in [(i, rows), (j, cols)]):
        raise ValueError(f"W[{layer}] has shape ({rows}, {cols}): need 0 <= i < {rows} and 0 <= j < {cols}, "
                         f"got i={i!r}, j={j!r}")
    span, h = _real_number(span, "span"), _real_number(h, "h")
    if span <= 0 or h <= 0:
        raise ValueError(f"span and h must be positive, got span={span}, h={h}")
    if not isinstance(n, int) or n < 3:
        raise ValueError(f"n must be a whole number of at least 3 points, got {n!r}")
    W = net.W[layer]
    w = float(W[i, j])
    try:
        E = float(net.loss(X, T))
        slope_backprop = float(net.backward(T)[0][layer][i, j])
        W[i, j] = w + h
        E_plus, w_plus = net.loss(X, T), W[i, j]
        W[i, j] = w - h
        E_minus, w_minus = net.loss(X, T), W[i, j]
        ws = w + np.linspace(-span, span, n)
        Es = np.empty(n)
        for k, v in enumerate(ws):
            W[i, j] = v
            Es[k] = net.loss(X, T)
    finally:
        W[i, j] = w
    net.loss(X, T)  # leave the caches (a, o, δ, gradients) as they were at w
    net.backward(T)
    return {"layer": layer, "i": i, "j": j, "w": w, "E": E, "slope_backprop": slope_backprop,
            "slope_fd": float((E_plus - E_minus) / (w_plus - w_minus)), "ws": ws, "Es": Es}


def show_weight_slice(net, X, T, layer=0, i=0, j=0, span=1.0, figsize=(7, 4)):
    """Draw the loss along one weight with both slopes, and print them (the function behind `weight_slice_widget`)."""
    s = weight_slice(net, X, T, layer, i, j, span=span)
    fig, ax = plt.subplots(figsize=figsize)
    plot_weight_slice(s, ax=ax)
    fig.subplots_adjust(left=0.12, right=0.97, bottom=0.13, top=0.91)
    show_figure(fig, alt=f"The loss E as weight W[{layer}][{i}, {j}] alone moves by up to ±{span:g}: a smooth curve; "
                         f"at the current weight the tangent of slope {s['slope_backprop']:.4g}, backpropagation's "
                         "∂E/∂w, touches it and lies along it.")
    print(f"∂E/∂W[{layer}][{i}, {j}]: backprop {s['slope_backprop']:.10g}, finite differences {s['slope_fd']:.10g}")


def weight_slice_widget(net, X, T, start=(0, 0, 0), span=2.0):
    """Pick any weight of `net` and a range; see E along that weight, the backprop tangent and the
    finite-difference slope. `start` = (layer, i, j) is the weight shown first. The network is not changed."""
    choices = [(f"W[{l}][{i}, {j}]", (l, i, j)) for l, W in enumerate(net.W) for i, j in np.ndindex(W.shape)]
    if tuple(start) not in [value for _, value in choices]:
        raise ValueError(f"start must be (layer, i, j) of a weight of this network, got {start!r}")
    widgets.interact(
        lambda weight, span: show_weight_slice(net, X, T, *weight, span=span),
        weight=widgets.Dropdown(options=choices, value=tuple(start), description="weight"),
        span=widgets.FloatSlider(value=span, min=0.1, max=10.0, step=0.1, description="w ± span"),
    )


# --- notebook 06: handwritten digits ---
DIGITS_BATCH_SIZES = {"8": 8, "32": 32, "128": 128, "full": None}


@functools.lru_cache(maxsize=2)
def _digits(seed):
    return digits_split(seed)


def digits_training(hidden=64, eta=0.1, batch_size=32, weight_decay=0.0, epochs=30, seed=0):
    """Train a 64-hidden-10 network (ReLU, softmax, cross-entropy) on the digits' training split.

    batch_size: a number, or None (or "full") for the whole training set. Returns (net, History) with the
    validation curves. The function behind `digits_widget`.
    """
    from .network import Network  # here, not at the top: the notebook-03 section imports it at module level

    if batch_size == "full":
        batch_size = None
    data = _digits(seed)
    net = Network([64, hidden, 10], ["relu", "softmax"], loss="cce", init="xavier", rng=seed)
    history = train(net, data.X_train, data.y_train, data.X_val, data.y_val, epochs=epochs, eta=eta,
                    batch_size=batch_size, weight_decay=weight_decay, rng=seed)
    return net, history


def show_digits_training(hidden=64, eta=0.1, batch_size=32, weight_decay=0.0, epochs=30, seed=0):
    """Train with `digits_training` and draw the loss and accuracy curves, training and validation."""
    _, h = digits_training(hidden, eta, batch_size, weight_decay, epochs, seed)
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 3.6))
    label = f"64-{hidden}-10"
    plot_history({label: h}, "loss", ax=ax_loss)
    plot_history({label: h}, "acc", ax=ax_acc)
    ax_loss.set_title(f"Loss (lowest validation loss at epoch {h.best_epoch})")
    ax_acc.set_title(f"Accuracy (validation after {h.epochs} epochs: {h.val_acc[-1]:.1%})")
    ax_acc.set_ylim(0.5, 1.01)
    ax_loss.legend(fontsize=8)
    fig.suptitle(f"η = {eta:g}, batch size {batch_size or 'full'}, weight decay λ = {weight_decay:g}")
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.82, wspace=0.25)
    show_figure(fig, alt=f"Loss and accuracy per epoch on the digits, training and validation, for a 64-{hidden}-10 "
                         f"network; validation accuracy after {h.epochs} epochs is {h.val_acc[-1]:.1%}.")


def digits_widget():
    """Hidden size, learning rate, batch size and weight decay -> training and validation curves."""
    slow = {"continuous_update": False}  # retrain when the slider is released, not while it moves
    return widgets.interact(
        show_digits_training,
        hidden=widgets.SelectionSlider(options=[8, 16, 32, 64, 128], value=64, description="hidden", **slow),
        eta=widgets.SelectionSlider(options=[0.001, 0.01, 0.03, 0.1, 0.3, 1.0], value=0.1, description="η", **slow),
        batch_size=widgets.ToggleButtons(options=list(DIGITS_BATCH_SIZES.items()), value=32, description="batch"),
        weight_decay=widgets.SelectionSlider(options=[0.0, 1e-4, 1e-3, 3e-3, 1e-2, 3e-2], value=0.0,
                                             description="λ", **slow),
        epochs=widgets.fixed(30),
        seed=widgets.fixed(0),
    )


# --- notebook 05: vanishing and exploding gradients ---
GRADIENT_INITS = {"N(0, 1)": "normal", "N(0, 0.01²)": 0.01, "Xavier": "xavier", "He": "he"}
GRADIENT_ACTIVATIONS = ("sigmoid", "tanh", "relu")


def gradient_profile(depth, activation, init, X, T, width=64, seed=0, gain=1.0):
    """Per-layer gradient measurements of a fresh network at initialisation.

    The network has `depth` hidden layers of `width` units with the given activation, and a
    softmax output with cross-entropy loss; init is a name or a standard deviation (as in
    `Network`), and every weight matrix is then multiplied by `gain` (gain=4 with init="xavier":
    4 times Xavier's standard deviation). One forward and backward pass on (X, T); returns
    `layer_stats` (a dict of arrays).
    """
    from .gradients import measure
    from .network import Network

    if isinstance(depth, bool) or int(depth) != depth or depth < 1:
        raise ValueError(f"depth (the number of hidden layers) must be a whole number >= 1, got {depth}")
    if activation not in GRADIENT_ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(GRADIENT_ACTIVATIONS)}, got {activation!r}")
    gain = _real_number(gain, "gain")
    if gain <= 0:
        raise ValueError(f"gain multiplies the initial weights: a positive finite number, got {gain}")
    X, T = np.asarray(X), np.asarray(T)
    depth = int(depth)
    net = Network([X.shape[-1]] + [width] * depth + [T.shape[-1]], [activation] * depth + ["softmax"],
                  loss="cce", init=init, rng=seed)
    net.W = [gain * W for W in net.W]
    return measure(net, X, T)


def init_label(init, gain=1.0):
    """A readable name for an init setting: "Xavier", "N(0, 0.01²)", "4 × Xavier", ..."""
    names = {value: label for label, value in GRADIENT_INITS.items()}
    label = names.get(init, f"N(0, {init}²)" if not isinstance(init, str) else init)
    return label if gain == 1 else f"{gain:g} × {label}"


def show_gradient_profile(depth, activation, init, X, T, width=64, seed=0, gain=1.0):
    """Draw the per-layer measurements of `gradient_profile` (the function behind `gradient_widget`)."""
    from .plots import plot_layer_gradients

    stats = gradient_profile(depth, activation, init, X, T, width=width, seed=seed, gain=gain)
    label = init_label(init, gain)
    fig, ax = plt.subplots(figsize=(7, 4))
    plot_layer_gradients(stats, ax=ax, title=f"{depth} hidden {activation} layers of {width}, "
                                             f"init {label}: sizes per layer at initialisation")
    fig.subplots_adjust(left=0.12, right=0.97, bottom=0.13, top=0.91)
    ratio = stats["delta"][0] / stats["delta"][depth - 1] if depth > 1 else 1.0
    show_figure(fig, alt=f"Gradient and output sizes per layer, on a log scale, for {depth} hidden {activation} layers "
                         f"initialised with {label}: the error term of the first hidden layer is {ratio:.1e} times "
                         f"that of the last hidden layer.")


GAIN_OPTIONS = (0.25, 0.5, 1, 2, 4, 8, 16)  # the custom scale: a multiple of the chosen init's standard deviation


def gradient_widget(X, T, depth=10, activation="sigmoid", init="xavier", gain=1):
    """Depth, activation, initialisation and a scale factor for it -> the per-layer gradient plot.

    The plot is redrawn when a slider is released (continuous_update=False): each redraw builds and measures a
    fresh network, so redrawing at every step of a drag would lag behind the mouse.
    """
    def draw(depth, activation, init, gain):
        show_gradient_profile(depth, activation, init, X, T, gain=gain)

    style = {"description_width": "initial"}
    return widgets.interact(
        draw,
        depth=widgets.IntSlider(value=depth, min=1, max=30, step=1, description="hidden layers",
                                continuous_update=False, style=style),
        activation=widgets.Dropdown(options=GRADIENT_ACTIVATIONS, value=activation, description="activation"),
        init=widgets.Dropdown(options=list(GRADIENT_INITS.items()), value=init, description="init"),
        gain=widgets.SelectionSlider(options=GAIN_OPTIONS, value=gain, description="scale: init's s ×",
                                     continuous_update=False, style=style),
    )


# --- notebook 04: XOR ---------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _xor_run(H, eta, seed, epochs):
    X, T = xor_data()
    return train_batch(init_params(H, [seed]), X, T, eta, epochs)


def xor_training(H=4, eta=0.1, seed=0, epochs=10_000):
    """Train one 2-H-1 sigmoid network on XOR, as `Network([2, H, 1], rng=seed)` with full-batch steps.

    Returns a `helpers.batched.BatchRun` for one network (cached: the same settings come back at once;
    do not modify its arrays).
    """
    for name, value in (("H", H), ("seed", seed), ("epochs", epochs)):
        if isinstance(value, bool) or int(value) != value:
            raise TypeError(f"{name} must be a whole number, got {value!r}")
    if not np.isfinite(eta) or eta <= 0:
        raise ValueError(f"the learning rate eta must be a positive number, got {eta}")
    return _xor_run(int(H), float(eta), int(seed), int(epochs))


def show_xor_training(H=4, eta=0.1, seed=0, epochs=10_000):
    """Loss curve, decision boundary and final predictions of one XOR run (the function behind `xor_widget`)."""
    run = xor_training(H, eta, seed, epochs)
    X, T = xor_data()
    net = network(run.params, 0)
    fig, (ax1, ax2, ax3) = plt.subplots(1, 3, figsize=(13, 3.8), gridspec_kw={"width_ratios": [1.5, 1, 1]})
    plot_loss_curves(run.loss[:, 0], ax=ax1, title=f"2-{H}-1, η = {eta:g}, seed {seed}")
    plot_decision_boundary(net.forward, X, T, ax=ax2, title=f"output after {epochs:,} epochs")
    ax2.set(xticks=[0, 0.5, 1], yticks=[0, 0.5, 1])  # each tick costs drawing time: keep the ones that matter
    o = run.output[0]
    ok = np.abs(T[:, 0] - o) < 0.5
    ax3.bar(range(4), o, color=np.where(ok, "tab:blue", "tab:orange"))  # blue: correct side of ½, orange: wrong
    ax3.axhline(0.5, color="grey", lw=0.8)
    first = f"\nfirst at epoch {run.first_correct[0]:,}" if run.first_correct[0] >= 0 else ""
    ax3.set(xticks=range(4), xticklabels=[f"({a:g},{b:g})\nt = {t:g}" for (a, b), t in zip(X, T[:, 0])],
            ylim=(0, 1), yticks=[0, 0.5, 1], ylabel="output o", title=f"{ok.sum()} of 4 on the correct side{first}")
    plain_log_axis(ax1)  # plain tick labels: drawn faster than 10^x ones
    ax1.locator_params(axis="x", nbins=5)  # room for "20000"
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.2, top=0.86, wspace=0.35)
    show_figure(fig, alt=f"One XOR run, 2-{H}-1 network, η = {eta:g}, seed {seed}: the loss per epoch, the decision "
                         f"boundary, and the four outputs, {ok.sum()} of 4 on the correct side of 0.5.")


def xor_widget():
    """Sliders for the hidden size, learning rate, seed and epochs of one XOR run."""
    slider = dict(continuous_update=False, style={"description_width": "initial"})
    return widgets.interact(
        show_xor_training,
        H=widgets.IntSlider(value=4, min=1, max=8, description="hidden units H", **slider),
        eta=widgets.SelectionSlider(options=[0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0], value=0.1,
                                    description="learning rate η", **slider),
        seed=widgets.IntSlider(value=0, min=0, max=199, description="seed", **slider),
        # at most the sweep's 10,000 epochs: every run of section 4's table can be looked at, each within 0.5 s
        epochs=widgets.IntSlider(value=10_000, min=500, max=10_000, step=500, description="epochs", **slider),
    )
