"""Figures the notebooks share. Each function draws on a given Axes (or a new figure) and returns it."""

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from .activations import sigmoid, sigmoid_prime


def _real_number(value, name):
    """`value` as a float, or a plain TypeError / ValueError for text, arrays, complex, NaN, inf."""
    if isinstance(value, (str, bytes, complex)) or np.ndim(value) != 0 or np.asarray(value).dtype.kind not in "biuf":
        raise TypeError(f"{name} must be one real number, got {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    return value


def unsaturated_window(w, b, a_sat):
    """The inputs x where the neuron o = σ(w·x + b) is not saturated, |w·x + b| < a_sat, as (low, high).

    For w != 0 that is the interval between (-a_sat - b)/w and (a_sat - b)/w, of width 2·a_sat/|w|.
    For w = 0 the sum is b for every x: the whole axis (-inf, inf) if |b| < a_sat, else None (nowhere).
    """
    w, b, a_sat = _real_number(w, "w"), _real_number(b, "b"), _real_number(a_sat, "a_sat")
    if a_sat <= 0:
        raise ValueError(f"a_sat must be positive (a limit on |w·x + b|), got {a_sat}")
    if w == 0:
        return (-np.inf, np.inf) if abs(b) < a_sat else None
    low, high = sorted([(-a_sat - b) / w, (a_sat - b) / w])
    return low, high


def plot_neuron(w, b, ax=None, x_range=(-6.0, 6.0), a_sat=None):
    """Draw o = σ(w·x + b) against x, and mark its steepest point x = -b/w with the tangent there.

    The tangent's slope is w·σ'(0) = w/4. With w = 0 the curve is flat at σ(b): nothing to mark.
    With a_sat (a positive number, e.g. where σ' falls below 1% of its maximum), also shade in green
    the window of inputs where the neuron is not saturated, |w·x + b| < a_sat.
    """
    w, b = _real_number(w, "w"), _real_number(b, "b")
    if not x_range[0] < x_range[1]:
        raise ValueError(f"x_range must be (low, high) with low < high, got {x_range}")
    window = None if a_sat is None else unsaturated_window(w, b, a_sat)  # validates a_sat
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    x = np.linspace(*x_range, 400)
    ax.plot(x, sigmoid(w * x + b), color="tab:blue", label=rf"$o = \sigma({w:g}x {b:+g})$")
    if w != 0 and x_range[0] <= -b / w <= x_range[1]:
        x0, slope = -b / w + 0.0, w / 4  # + 0.0 turns -0.0 into 0.0
        half_width = 2 / abs(w)  # where the tangent reaches 0 and 1
        xt = np.array([x0 - half_width, x0 + half_width])
        ax.plot(xt, 0.5 + slope * (xt - x0), "--", color="tab:red", lw=1, label=f"tangent, slope w/4 = {slope:.3g}")
        ax.plot([x0], [0.5], "o", color="tab:red", label=f"steepest point x = -b/w = {x0:.3g}")
    if window is not None and window[0] < x_range[1] and window[1] > x_range[0]:
        low, high = max(window[0], x_range[0]), min(window[1], x_range[1])  # the visible part
        ax.axvspan(low, high, color="tab:green", alpha=0.1, label=f"not saturated: |w x + b| < {float(a_sat):.3g}")
    ax.set(xlabel="input x", ylabel="output o", xlim=x_range, ylim=(-0.05, 1.05), title="One sigmoid neuron")
    ax.axhline(0.5, color="grey", lw=0.5)
    ax.legend(loc=_empty_corner(w, b, x_range), fontsize="small")
    return ax


def _empty_corner(w, b, x_range):
    """The corner of a sigmoid plot that the curve o = σ(w·x + b) leaves free, for the legend."""
    mid = (x_range[0] + x_range[1]) / 2
    if w == 0:
        return "upper left" if sigmoid(b) < 0.5 else "lower left"
    rises_late = -b / w >= mid  # the step sits in the right half of the plot
    if w > 0:
        return "upper left" if rises_late else "lower right"
    return "lower left" if rises_late else "upper right"


def plot_neuron_slope(w, b, a_sat, axes=None, x_range=(-6.0, 6.0)):
    """Two panels over the input x: the neuron's output o = σ(w·x + b) and, below it, its slope σ'(w·x + b).

    σ'(w·x + b) is the factor that every gradient reaching this neuron's w and b is multiplied by. Where
    |w·x + b| >= a_sat (for example where σ' is below 1% of its maximum), both panels are shaded grey:
    inputs there barely teach the neuron anything. Returns the two Axes (output, slope).
    """
    w, b, a_sat = _real_number(w, "w"), _real_number(b, "b"), _real_number(a_sat, "a_sat")
    window = unsaturated_window(w, b, a_sat)  # validates a_sat
    if not x_range[0] < x_range[1]:
        raise ValueError(f"x_range must be (low, high) with low < high, got {x_range}")
    if axes is None:
        _, axes = plt.subplots(2, 1, figsize=(6.5, 5), sharex=True)
    ax_o, ax_s = axes
    x = np.linspace(*x_range, 601)
    ax_o.plot(x, sigmoid(w * x + b), color="tab:blue", label=rf"output $o = \sigma({w:g}x {b:+g})$")
    ax_s.plot(x, sigmoid_prime(w * x + b), color="tab:orange", label=r"slope $\sigma'(w x + b)$")
    ax_s.axhline(0.25, color="grey", lw=0.5, ls=":")
    ax_s.axhline(sigmoid_prime(a_sat), color="black", lw=0.8, ls="--",
                 label=f"σ' = {sigmoid_prime(a_sat):.2g}, reached at |w x + b| = {a_sat:.3g}")
    if window is None:  # |w·x + b| = |b| >= a_sat everywhere
        spans = [x_range]
    else:
        spans = [(x_range[0], min(window[0], x_range[1])), (max(window[1], x_range[0]), x_range[1])]
    spans = [(start, stop) for start, stop in spans if stop > start]
    for ax in axes:
        for k, (start, stop) in enumerate(spans):
            ax.axvspan(start, stop, color="grey", alpha=0.25, lw=0, label="saturated" if k == 0 else None)
    ax_o.set(ylabel="output o", ylim=(-0.05, 1.05), xlim=x_range,
             title=f"Where this neuron can learn: w = {w:g}, b = {b:g}")
    ax_s.set(xlabel="input x", ylabel="slope σ'(w x + b)", ylim=(0, 0.38))  # room above the bump (<= 0.25): legend
    ax_o.legend(loc=_empty_corner(w, b, x_range), fontsize="small")
    ax_s.legend(loc="upper left", fontsize="small")
    return ax_o, ax_s



# --- notebook 02: network diagram, errata chart ----------------------------------------------


def _per_column(name, values, sizes):
    """A list with one 1-D array per column (None allowed); a batch of one row is accepted."""
    if values is None:
        return [None] * len(sizes)
    if len(values) != len(sizes):
        raise ValueError(f"{name} needs {len(sizes)} entries (one per column of units), got {len(values)}")
    out = []
    for l, (v, n) in enumerate(zip(values, sizes)):
        if v is None:
            out.append(None)
            continue
        arr = np.asarray(v, dtype=float)
        if arr.ndim == 2 and arr.shape[0] == 1:
            arr = arr[0]  # Network caches a batch: one example is one row
        elif arr.ndim == 2:
            raise ValueError(f"{name}[{l}] holds {arr.shape[0]} examples; the diagram shows one: pass one row")
        if arr.shape != (n,):
            raise ValueError(f"{name}[{l}] should hold {n} values, got shape {arr.shape}")
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name}[{l}] contains NaN or inf")
        out.append(arr)
    return out


def _check_weight_list(W, max_units=12):
    if not isinstance(W, (list, tuple)) or not W:
        raise TypeError("W must be a list of weight matrices, one (n_in, n_out) array per layer")
    W = [np.asarray(w, dtype=float) for w in W]
    for l, w in enumerate(W):
        if w.ndim != 2:
            raise ValueError(f"W[{l}] must be a 2-D (n_in, n_out) matrix, got shape {w.shape}")
        if not np.all(np.isfinite(w)):
            raise ValueError(f"W[{l}] contains NaN or inf")
        if l and w.shape[0] != W[l - 1].shape[1]:
            raise ValueError(f"W[{l}] has {w.shape[0]} rows but layer {l - 1} has {W[l - 1].shape[1]} units")
    sizes = [W[0].shape[0]] + [w.shape[1] for w in W]
    if max(sizes) > max_units:
        raise ValueError(f"the diagram is for small networks (at most {max_units} units a column), got {sizes}")
    return W, sizes


def Delta_W_norm(limit, scale="symlog"):
    """The colour scale for weight changes Δw in [-limit, limit].

    "symlog" is linear within limit/100 of zero and logarithmic beyond, so a change 10 or 20 times smaller
    than the largest one is still clearly coloured (in a sigmoid network the first layers' Δw are usually
    much smaller than the last layer's); "linear" maps Δw proportionally.
    """
    limit = _real_number(limit, "limit")
    if limit <= 0:
        raise ValueError(f"limit must be positive, got {limit}")
    if scale == "symlog":
        return mcolors.SymLogNorm(linthresh=limit / 100, linscale=0.5, vmin=-limit, vmax=limit, base=10)
    if scale == "linear":
        return mcolors.Normalize(-limit, limit)
    raise ValueError(f'scale must be "symlog" or "linear", got {scale!r}')


DELTA_W_CMAP = "coolwarm"
_TEXT_BOX = dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85)  # numbers stay readable over edges
DELTA_W_LABEL = "Δw (red: weight grows, blue: shrinks)"


def Delta_W_colorbar(ax, limit, scale="symlog", **kwargs):
    """One colour bar for Δw next to an Axes or a list of Axes (several diagrams on one scale)."""
    axes = ax if isinstance(ax, (list, tuple, np.ndarray)) else [ax]
    axes = list(np.ravel(axes))
    mappable = plt.cm.ScalarMappable(norm=Delta_W_norm(limit, scale), cmap=plt.get_cmap(DELTA_W_CMAP))
    bar = axes[0].figure.colorbar(mappable, ax=axes, label=DELTA_W_LABEL, **({"shrink": 0.6, "pad": 0.01} | kwargs))
    ticks = [-limit, -limit / 10, 0.0, limit / 10, limit] if scale == "symlog" else [-limit, 0.0, limit]
    bar.set_ticks(ticks, labels=[f"{t:+.2g}" if t else "0" for t in ticks])
    return bar


def draw_network(W, a=None, o=None, delta=None, Delta_W=None, b=None, names=None, symbols=None,
                 weight_names=None, targets=None, ax=None, title=None, digits=4, edge_labels=None, label_at=0.36,
                 Delta_W_limit=None, Delta_W_scale="symlog", colorbar=True, fontsize=8.5, dx=3.6,
                 straight_at=0.5):
    """Draw a small fully connected network: units as circles, each weight on its edge.

    W:      weight matrices, W[l][i, j] from unit i of column l to unit j of column l + 1 (as in Network).
    o:      outputs per column 0..L (o[0] is the input); a, delta, b: per layer 1..L. Pass Network's
            caches as they are (net.o, net.a, net.delta): a batch of one row is fine. Any may be None.
    Delta_W: weight changes Δw = −η ∂E/∂W (shapes of W; not the gradient dW): edges coloured red where a weight
            grows, blue where it shrinks, on the scale Delta_W_norm(Delta_W_limit, Delta_W_scale) (Delta_W_limit:
            default the largest |Δw|; pass the same value to several diagrams to compare them).
            colorbar: add a colour bar (False: see Delta_W_colorbar).
    names:  unit names per column (default x1.., h1.., y1..); symbols: {"a"|"o"|"delta": names per
            column} for the numbers' labels (default a, o, δ); weight_names: per layer, like W.
    targets: target value(s) shown next to the output units.
    edge_labels: write each weight (and Δw) on its edge; None: only in small layers (at most 2 x 3 or 4
            weights), where the labels fit. label_at: where along an edge its label sits (0: source, 1: target);
            in a layer with at most 2 x 2 weights, edges that cross sit nearer their source, so their labels
            stay apart, straight edges at the middle, as are the labels of a layer of two edges. fontsize: of the
            numbers (unit names are larger). dx: the distance between columns (units are 2.4 apart, radius 0.4):
            a larger dx leaves the labels of crossing edges more room. straight_at: where the labels of the straight
            edges of a crossing layer sit (0.6 with dx = 5 keeps them clear of the crossing edges' labels).
    """
    W, sizes = _check_weight_list(W)
    L = len(W)
    o = _per_column("o", o, sizes)
    a, delta, b = (_per_column(n, v, sizes[1:]) for n, v in (("a", a), ("delta", delta), ("b", b)))
    Delta_W = None if Delta_W is None else [np.asarray(d, dtype=float) for d in Delta_W]
    if Delta_W is not None and [d.shape for d in Delta_W] != [w.shape for w in W]:
        raise ValueError("Delta_W must have one matrix per layer, shaped like W")
    if names is None:
        names = [[f"{p}{j + 1}" for j in range(n)] for p, n in zip(["x"] + ["h"] * (L - 1) + ["y"], sizes)]
    symbols = symbols or {}
    sym_o = symbols.get("o", [["o"] * n for n in sizes])
    sym_a = symbols.get("a", [["a"] * n for n in sizes[1:]])
    sym_d = symbols.get("delta", [["δ"] * n for n in sizes[1:]])
    if ax is None:
        _, ax = plt.subplots(figsize=(3.0 * (L + 1) + 1.5, 1.6 * max(sizes) + 1.5))

    dx = _real_number(dx, "dx")
    if dx < 1:
        raise ValueError(f"dx must be at least 1 (the circles' diameter is 0.8), got {dx}")
    dy, r = 2.4, 0.4  # unit spacing, circle radius (data units)
    pos = [[(l * dx, ((n - 1) / 2 - j) * dy) for j in range(n)] for l, n in enumerate(sizes)]
    w_max = max(float(np.max(np.abs(w))) for w in W) or 1.0
    d_max = max(float(np.max(np.abs(d))) for d in Delta_W) if Delta_W is not None else 0.0
    limit = d_max if Delta_W_limit is None else _real_number(Delta_W_limit, "Delta_W_limit")
    cmap, norm = plt.get_cmap(DELTA_W_CMAP), Delta_W_norm(limit or 1.0, Delta_W_scale)
    fmt = f".{digits}g"

    for l, w in enumerate(W):
        for i, j in np.ndindex(w.shape):
            (x0, y0), (x1, y1) = pos[l][i], pos[l + 1][j]
            length = np.hypot(x1 - x0, y1 - y0)
            ux, uy = (x1 - x0) / length, (y1 - y0) / length
            color = cmap(norm(Delta_W[l][i, j])) if Delta_W is not None and d_max > 0 else "0.45"
            ax.annotate("", xy=(x1 - r * ux, y1 - r * uy), xytext=(x0 + r * ux, y0 + r * uy),
                        arrowprops=dict(arrowstyle="-|>", color=color, lw=0.8 + 2.5 * abs(w[i, j]) / w_max))
            if not (edge_labels if edge_labels is not None else w.shape[0] <= 2 and w.shape[1] <= 3 or w.size <= 4):
                continue
            text = f"{w[i, j]:{fmt}}"
            if weight_names is not None:
                text = f"{weight_names[l][i][j]} = {text}"
            if Delta_W is not None:
                text += f"\nΔw = {Delta_W[l][i, j]:+{fmt}}"
            crossing = w.shape[0] >= 2 and w.shape[1] >= 2 and w.size <= 4
            if crossing and y0 == y1:
                f = straight_at  # a straight edge: its label at the middle, clear of the crossing edges' labels
            elif crossing:
                f = min(label_at, 0.28)  # crossing edges: near the source, where they are still apart
            elif w.size <= 2:
                f = 0.5  # two edges into one unit (or out of one): the middle is free
            else:
                f = label_at + (0.25 if i % 2 else 0.0) * (len(w) > 2)  # stagger crowded layers
            tx, ty = x0 + f * (x1 - x0), y0 + f * (y1 - y0)
            ax.text(tx, ty, text, ha="center", va="center", fontsize=fontsize, zorder=4, bbox=_TEXT_BOX)

    colors = ["#dddddd"] + ["#cfe3f5"] * (L - 1) + ["#fde2b8"]
    for l, column in enumerate(pos):
        for j, (x, y) in enumerate(column):
            ax.add_patch(plt.Circle((x, y), r, fc=colors[l], ec="black", lw=1.2, zorder=3))
            ax.text(x, y, names[l][j], ha="center", va="center", fontsize=10, fontweight="bold", zorder=5)
            above = []
            if l and a[l - 1] is not None:
                above.append(f"{sym_a[l - 1][j]} = {a[l - 1][j]:{fmt}}")
            if o[l] is not None:
                above.append(f"{sym_o[l][j]} = {o[l][j]:{fmt}}")
            if l and b[l - 1] is not None:
                above.append(f"b = {b[l - 1][j]:{fmt}}")
            if above and l == 0:  # inputs: to the left, clear of the edges leaving them
                ax.text(x - r - 0.1, y, "\n".join(above), ha="right", va="center", fontsize=fontsize, zorder=5)
            elif above:
                ax.text(x, y + r + 0.06, "\n".join(above), ha="center", va="bottom", fontsize=fontsize, zorder=5,
                        bbox=_TEXT_BOX)
            if l and delta[l - 1] is not None:
                ax.text(x, y - r - 0.06, f"{sym_d[l - 1][j]} = {delta[l - 1][j]:{fmt}}", ha="center",
                        va="top", fontsize=fontsize, color="tab:red", zorder=5, bbox=_TEXT_BOX)
    if targets is not None:
        for (x, y), t in zip(pos[-1], np.atleast_1d(np.asarray(targets, dtype=float)).ravel()):
            ax.text(x + r + 0.15, y, f"t = {t:{fmt}}", ha="left", va="center", fontsize=fontsize, color="tab:green")

    span = (max(sizes) - 1) / 2 * dy
    ax.set_xlim(-r - (1.6 if o[0] is not None else 0.9), L * dx + r + 1.1)
    ax.set_ylim(-span - r - 0.75, span + r + 0.85)
    ax.set_aspect("equal")
    ax.axis("off")
    if colorbar and Delta_W is not None and d_max > 0:
        Delta_W_colorbar(ax, limit, Delta_W_scale)
    if title:
        ax.set_title(title)
    return ax


# Okabe-Ito blue, orange and reddish purple: told apart with any colour vision (no red against green)
VERDICT_COLORS = {"correct": "#0072B2", "rounding": "#E69F00", "mistake": "#CC79A7"}


def plot_errata(rows, ax=None, floor=1e-3, fontsize=10):
    """Horizontal bars: how far each printed number is from the exact value, in units of its last printed
    digit (0.56 against 0.5523 is 0.77 units of 0.01), coloured by verdict.

    Below 0.5 units the printed number is the exact value correctly rounded. rows: objects with .label,
    .article (the printed text), .exact and .verdict (see helpers.worked_example.errata). The axis is
    logarithmic and starts at floor / 10: a gap of 0 (up to float64 noise, 1e-9 units) gets no bar but the
    note "0 (exact)"; a gap between that and `floor` is drawn at the floor, noted "< floor".
    """
    floor = _real_number(floor, "floor")
    if not 0 < floor < 0.5:
        raise ValueError(f"floor must lie between 0 and 0.5 units, got {floor}")
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 7))
    units = [10.0 ** -(len(r.article.split(".")[1]) if "." in r.article else 0) for r in rows]
    gaps = [abs(float(r.article) - r.exact) / u for r, u in zip(rows, units)]
    y = np.arange(len(rows))
    widths = [0.0 if g < 1e-9 else max(g, floor) for g in gaps]
    ax.barh(y, widths, left=floor / 10, color=[VERDICT_COLORS[r.verdict] for r in rows])
    for k, g in enumerate(gaps):
        if g < floor:
            note = "0 (exact)" if g < 1e-9 else f"< {floor:g}"
            ax.text(floor / 10 * (1.3 if g < 1e-9 else 12), k, note, va="center", fontsize=fontsize,
                    color=VERDICT_COLORS[rows[k].verdict])
    ax.axvline(0.5, color="black", ls="--", lw=1)
    ax.text(0.42, -0.9, "correctly rounded ←", ha="right", va="center", fontsize=fontsize)
    ax.set_yticks(y, [f"{r.label}  {r.article}" for r in rows])
    ax.tick_params(labelsize=fontsize)
    ax.set_ylim(len(rows) - 0.4, -1.4)
    ax.set_xscale("log")
    ax.set_xlim(floor / 10, None)
    ax.set_xlabel("|printed − exact|, in units of the last printed digit", fontsize=fontsize)
    ax.set_title("How far each number the article prints is from the exact value", fontsize=fontsize + 2)
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in VERDICT_COLORS.values()]
    ax.legend(handles, list(VERDICT_COLORS), loc="lower right", fontsize=fontsize)
    return ax


# --- notebook 03: the loss along one weight, its tangent and finite-difference slope ----------
def plot_weight_slice(s, ax=None, title=None):
    """Draw E(w) from `helpers.widgets.weight_slice`: the curve, the tangent whose slope backprop gives,
    and (dotted, shorter) the line with the finite-difference slope. The two lines should coincide."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4))
    ws, Es, w, E = s["ws"], s["Es"], s["w"], s["E"]
    name = f"W[{s['layer']}][{s['i']}, {s['j']}]"
    ax.plot(ws, Es, color="tab:blue", lw=2, label=f"loss E as {name} varies")
    ax.plot(ws, E + s["slope_backprop"] * (ws - w), color="tab:red", ls="--",
            label=f"tangent from backprop, slope {s['slope_backprop']:.6g}")
    near = w + 0.5 * (ws - w)
    ax.plot(near, E + s["slope_fd"] * (near - w), color="black", ls=":", lw=2.5,
            label=f"finite-difference slope {s['slope_fd']:.6g}")
    ax.plot([w], [E], "o", color="tab:red", zorder=3)
    pad = 0.12 * (Es.max() - Es.min()) or 0.1 * abs(E) or 0.1
    ax.set(xlabel=f"weight {name} (current value {w:.4g})", ylabel="loss E",
           ylim=(Es.min() - pad, Es.max() + 4 * pad), title=title or f"The loss along one weight, {name}")
    ax.legend(loc="upper center", fontsize=9)  # the top margin above keeps the legend off the curve
    return ax


# --- notebook 06: handwritten digits ---
def _as_digit_images(images):
    images = np.asarray(images, dtype=float)
    if images.ndim == 1:
        images = images[None, :]
    if images.ndim != 2 or images.shape[1] != 64:
        raise ValueError(f"images must be rows of 64 pixels (8x8), got shape {images.shape}")
    return images.reshape(-1, 8, 8)


def plot_digits(images, titles=None, n_cols=10, title=None):
    """A grid of 8x8 digit images, given as rows of 64 pixels in [0, 1] (dark = ink); returns the figure."""
    images = _as_digit_images(images)
    if titles is not None and len(titles) != len(images):
        raise ValueError(f"got {len(titles)} titles for {len(images)} images")
    n_rows = -(-len(images) // n_cols)
    height = 1.05 * n_rows + 0.4
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(0.9 * n_cols, height), squeeze=False)
    for k, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if k < len(images):
            ax.imshow(images[k], cmap="gray_r", vmin=0, vmax=1)
            if titles is not None:
                ax.set_title(str(titles[k]), fontsize=9)
    if title:
        fig.suptitle(title)
    # fixed margins (in inches) instead of tight_layout, which would draw the many small axes twice
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=1 - 0.55 / height, hspace=0.35, wspace=0.1)
    return fig


def plot_class_counts(counts, ax=None):
    """Grouped bars: how many examples of each digit every split has. `counts` maps split name -> counts."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.2), layout="constrained")
    width = 0.8 / len(counts)
    for k, (name, c) in enumerate(counts.items()):
        c = np.asarray(c)
        ax.bar(np.arange(len(c)) + (k - (len(counts) - 1) / 2) * width, c, width, label=f"{name} ({c.sum()})")
    top = max(np.max(c) for c in counts.values())
    ax.set(xlabel="digit", ylabel="number of images", xticks=range(len(c)), title="Examples per digit in each split",
           ylim=(0, 1.3 * top))  # room above the bars for the legend
    ax.legend(loc="upper center", ncol=len(counts), fontsize=8)
    return ax


SAFE_COLORS = ("tab:blue", "tab:orange", "black", "tab:purple", "tab:brown", "tab:cyan")  # no red against green


def plot_history(histories, metric="loss", x="epoch", ax=None, log=False, train=True, val=True, colors=None):
    """Training (solid) and validation (dashed) curves of one or more `History`s, keyed by label.

    metric: "loss" or "acc"; x: "epoch", "seconds" (wall-clock training time) or "steady_seconds" (epochs ×
    the median epoch time, see `History.steady_seconds`); train=False or val=False leaves those curves out.
    colors: one colour per history (default matplotlib's C0, C1, ...; pass e.g. `SAFE_COLORS` to avoid showing
    red against green).
    """
    if metric not in ("loss", "acc") or x not in ("epoch", "seconds", "steady_seconds"):
        raise ValueError('metric must be "loss" or "acc", x must be "epoch", "seconds" or "steady_seconds"')
    if colors is not None and len(colors) < len(histories):
        raise ValueError(f"colors: need one per history ({len(histories)}), got {len(colors)}")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    for k, (label, h) in enumerate(histories.items()):
        color = f"C{k}" if colors is None else colors[k]
        xs = np.arange(1, h.epochs + 1) if x == "epoch" else np.asarray(getattr(h, x))
        if train:
            ax.plot(xs, getattr(h, f"train_{metric}"), color=color, label=f"{label}: training")
        if val and getattr(h, f"val_{metric}"):
            ax.plot(xs, getattr(h, f"val_{metric}"), color=color, ls="--", label=f"{label}: validation")
    xlabels = {"epoch": "epoch", "seconds": "training time (s)",
               "steady_seconds": "training time (s): epochs × median epoch time"}
    ax.set(xlabel=xlabels[x],
           ylabel="cross-entropy loss" if metric == "loss" else "accuracy")
    if log:
        ax.set_yscale("log")
    if x == "epoch":
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
    return ax


def plot_confusion_matrix(C, ax=None, title="Confusion matrix"):
    """Counts C[i, j] of true class i predicted as j, with the numbers written in the cells."""
    C = np.asarray(C)
    if C.ndim != 2 or C.shape[0] != C.shape[1]:
        raise ValueError(f"a confusion matrix is square, got shape {C.shape}")
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4.5), layout="constrained")
    ax.imshow(C, cmap="Blues")
    for (i, j), count in np.ndenumerate(C):
        if count:
            ax.text(j, i, count, ha="center", va="center", fontsize=8,
                    color="white" if count > C.max() / 2 else "black")
    ax.set(xlabel="predicted digit", ylabel="true digit", title=title,
           xticks=range(len(C)), yticks=range(len(C)))
    return ax


def plot_mistakes(images, y_true, P, n_cols=6):
    """Each misclassified image above a bar chart of its predicted probabilities (true class blue, predicted
    class orange: colours colour-blind readers tell apart). `P` has one row of class probabilities per image;
    returns the figure."""
    images, P, y_true = _as_digit_images(images), np.asarray(P), np.asarray(y_true)
    if not (len(images) == len(P) == len(y_true)) or len(images) == 0:
        raise ValueError("need the same number (at least one) of images, labels and probability rows")
    n_rows = -(-len(images) // n_cols)
    height = 2.4 * n_rows + 0.4
    fig, axes = plt.subplots(2 * n_rows, n_cols, figsize=(1.6 * n_cols, height),
                             gridspec_kw={"height_ratios": [1.6, 1] * n_rows}, squeeze=False)
    for k in range(n_rows * n_cols):
        ax_img, ax_bar = axes[2 * (k // n_cols), k % n_cols], axes[2 * (k // n_cols) + 1, k % n_cols]
        ax_img.set_axis_off()
        if k >= len(images):
            ax_bar.set_axis_off()
            continue
        pred = int(P[k].argmax())
        ax_img.imshow(images[k], cmap="gray_r", vmin=0, vmax=1)
        ax_img.set_title(f"true {y_true[k]}, said {pred}", fontsize=9)
        colors = ["tab:blue" if c == y_true[k] else "tab:orange" if c == pred else "tab:gray"
                  for c in range(P.shape[1])]
        ax_bar.bar(range(P.shape[1]), P[k], color=colors)
        ax_bar.set(ylim=(0, 1), xticks=range(P.shape[1]), yticks=[0, 0.5, 1])
        ax_bar.tick_params(labelsize=6)
    fig.suptitle("Misclassified test images and the network's probabilities (blue: true digit, orange: its answer)")
    fig.subplots_adjust(left=0.03, right=0.99, bottom=0.04, top=1 - 0.55 / height, hspace=0.45, wspace=0.25)
    return fig


# --- notebook 05: vanishing and exploding gradients ---
LAYER_MEASURES = {  # key of helpers.gradients.layer_stats -> (label, colour, marker); plain text, not $math$:
    "delta": ("‖δ‖ back-propagated error", "tab:orange", "o"),  # no red against green: see SAFE_COLORS
    "dW": ("‖∂E/∂W‖ weight gradient", "tab:blue", "s"),
    "o_spread": ("spread of the outputs o over the examples", "black", "^"),
}


def plot_layer_gradients(stats, ax=None, title=None, legend=True):
    """Per-layer measurements from `helpers.gradients.layer_stats` on a log scale.

    Layer 1 is the first hidden layer, the last one is the output layer; the backward pass
    runs from right to left. Zeros (nothing to draw on a log scale) are left out.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    for key, (label, colour, marker) in LAYER_MEASURES.items():
        values = np.asarray(stats[key], dtype=float)
        layers = np.arange(1, len(values) + 1)
        shown = np.isfinite(values) & (values > 0)
        ax.plot(layers[shown], values[shown], marker=marker, ms=4, color=colour, label=label)
    finite = np.concatenate([np.asarray(stats[key], dtype=float) for key in LAYER_MEASURES])
    finite = finite[np.isfinite(finite) & (finite > 0)]
    few_decades = finite.size and np.log10(finite.max() / finite.min()) < 2
    plain_log_axis(ax, subs=(1.0, 2.0, 5.0) if few_decades else (1.0,))
    ax.set(xlabel="layer (1 = first hidden, last = output)", ylabel="size (log scale)")
    ax.set_xticks(layers[::int(np.ceil(len(layers) / 8))])  # at most 8 ticks: each one costs drawing time
    if title:
        ax.set_title(title)
    if legend:
        ax.legend(loc="best", fontsize="small")
    return ax


def plain_log_axis(ax, subs=(1.0,)):
    """A log-scale y axis with plain tick labels (0.01, 1e-05) at the multiples `subs` of each power of ten.

    No minor ticks: drawn about twice as fast as matplotlib's default 10^x labels, which matters for
    figures with many panels and for widgets that redraw.
    """
    from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(subs=subs))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:g}"))
    ax.yaxis.set_minor_locator(NullLocator())
    return ax


# --- notebook 04: XOR ---------------------------------------------------------------------
def plot_xor_points(X, T, ax=None, size=90):
    """The training patterns as dots in the input plane: white for target 0, black for target 1."""
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 4))
    X, t = np.asarray(X, dtype=float), np.asarray(T, dtype=float).reshape(-1)
    for value, face, label in ((0.0, "white", "target 0"), (1.0, "black", "target 1")):
        on = t == value
        ax.scatter(X[on, 0], X[on, 1], s=size, c=face, edgecolors="black", linewidths=1.5, zorder=3, label=label)
    ax.set(xlabel="$x_1$", ylabel="$x_2$", aspect="equal")
    return ax


def plot_decision_boundary(predict, X=None, T=None, ax=None, lim=(-0.25, 1.25), n=101, title=None, cmap="RdBu_r"):
    """Colour the input plane by a model's output in [0, 1] and draw the line where it crosses 0.5.

    predict: a function from an (m, 2) array of inputs to m outputs (any shape with m numbers),
    e.g. `lambda G: net.forward(G)`. X, T: training points to draw on top (optional).
    Returns the Axes; its image is `ax.images[0]` (for a colour bar).
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 4))
    g = np.linspace(lim[0], lim[1], n)
    G = np.array(np.meshgrid(g, g)).reshape(2, -1).T  # (n*n, 2): x1 varies fastest
    o = np.asarray(predict(G), dtype=float).reshape(n, n)
    ax.imshow(o, origin="lower", extent=(lim[0], lim[1], lim[0], lim[1]), vmin=0, vmax=1, cmap=cmap,
              interpolation="bilinear")
    if o.min() < 0.5 < o.max():
        ax.contour(g, g, o, levels=[0.5], colors="black", linewidths=1.2)
    if X is not None:
        plot_xor_points(X, T, ax=ax, size=50)
    ax.set(xlim=lim, ylim=lim, xlabel="$x_1$", ylabel="$x_2$", aspect="equal")
    if title:
        ax.set_title(title)
    return ax


def plot_loss_curves(losses, ax=None, labels=None, logy=True, title="Loss during training", ylabel="loss E",
                     **line_kw):
    """Loss against epoch for one or more runs.

    losses: a 1-D array (one run), a 2-D array (epochs, runs) or a list of 1-D arrays; entry k is the
    loss after k epochs. labels: one per run (optional). Extra keywords go to `ax.plot`.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    if isinstance(losses, (list, tuple)):
        curves = [np.asarray(L, dtype=float).reshape(-1) for L in losses]
    else:
        arr = np.asarray(losses, dtype=float)
        curves = [arr] if arr.ndim == 1 else list(arr.T)
    if labels is not None and len(labels) != len(curves):
        raise ValueError(f"got {len(labels)} labels for {len(curves)} loss curves")
    for i, L in enumerate(curves):
        ax.plot(np.arange(len(L)), L, label=None if labels is None else labels[i], **line_kw)
    if logy:
        ax.set_yscale("log")
    ax.set(xlabel="epoch", ylabel=ylabel, title=title)
    if labels is not None:
        ax.legend()
    return ax
