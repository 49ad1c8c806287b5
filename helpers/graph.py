"""Computational graphs of helpers.autodiff drawn with matplotlib, and the backward sweep one node at a time.

`worked_example_graph()` builds notebook 02's network as a graph of Values, one elementary operation per node.
`draw_graph` draws any small graph: columns by depth (inputs on the left, the loss on the right), and on the
nodes the forward values, or on the edges the local derivatives, or on the nodes the gradients.
`SweepStepper` is the logic behind the Next / Reset buttons of `sweep_widget` (tests drive it directly).
No graphviz: the drawing works wherever matplotlib does (Binder, Colab, a static site).
"""

import html
import math

import ipywidgets as widgets
import matplotlib.pyplot as plt

from .autodiff import Value, topological_order
from .data import WORKED_EXAMPLE
from .figures import show_figure

COLOURS = {"leaf": "#d6e6f4", "op": "#eeeeee", "current": "#fdb863", "done": "#fee0b6"}  # blue / orange shades


def worked_example_graph(x=None, w=None, t=None):
    """The article's 2-2-1 network and E = ½ (t − y5)² as Values. Returns (E, nodes): nodes maps each label
    ("x1", "w11", "w11·x1", "a1", "y3", ..., "E") to its Value. Defaults: the article's numbers."""
    ex = WORKED_EXAMPLE
    x = ex["x"] if x is None else x
    w = {**ex["w_hidden"], **ex["w_output"]} if w is None else w
    nodes = {}

    def named(label, value):
        value = value if isinstance(value, Value) else Value(value)
        value.label = label
        nodes[label] = value
        return value

    x1, x2 = named("x1", x[0]), named("x2", x[1])
    W = {name: named(name, w[name]) for name in ("w11", "w21", "w12", "w22", "w13", "w23")}
    a1 = named("a1", named("w11·x1", W["w11"] * x1) + named("w21·x2", W["w21"] * x2))
    a2 = named("a2", named("w12·x1", W["w12"] * x1) + named("w22·x2", W["w22"] * x2))
    y3, y4 = named("y3", a1.sigmoid()), named("y4", a2.sigmoid())
    a3 = named("a3", named("w13·y3", W["w13"] * y3) + named("w23·y4", W["w23"] * y4))
    y5 = named("y5", a3.sigmoid())
    error = named("t − y5", named("t", ex["target"] if t is None else t) - y5)
    E = named("E", named("½", 0.5) * named("(t − y5)²", error ** 2))
    return E, nodes


def name(node):
    """How a node is called in figures and text: its label, else its operation."""
    return node.label or f"({node.op})"


def formula(node):
    """How a node is computed from its parents, in words: "w11 × x1", "σ(a1)", "(t − y5)**2"."""
    parents = [name(p) for p in node._parents]
    if len(parents) == 2 and node.op in ("+", "−", "×", "/"):
        return f"{parents[0]} {node.op} {parents[1]}"
    if node.op.startswith("**"):
        return f"({parents[0]}){node.op}"
    return f"{node.op}({', '.join(parents)})"


def layout(root):
    """{node: (column, row)} for drawing: a node's column is one more than its deepest parent's; an input sits
    just left of its first user; within a column, nodes are ordered near the mean row of their neighbours."""
    order = topological_order(root)
    children = {node: [] for node in order}
    for node in order:
        for parent in node._parents:
            children[parent].append(node)
    col = {}
    for node in order:
        col[node] = 1 + max((col[p] for p in node._parents), default=-1)
    for node in order:
        if not node._parents and children[node]:
            col[node] = min(col[c] for c in children[node]) - 1
    columns = {}
    for node in order:
        columns.setdefault(col[node], []).append(node)
    row = {node: float(k) for nodes in columns.values() for k, node in enumerate(nodes)}
    for _ in range(4):  # a few sweeps of the barycentre heuristic: fewer crossing edges
        for c in sorted(columns):
            def key(node):
                near = node._parents or children[node]
                return sum(row[n] for n in near) / len(near) if near else row[node]
            columns[c].sort(key=key)
            for k, node in enumerate(columns[c]):
                row[node] = k - (len(columns[c]) - 1) / 2
    return {node: (col[node], row[node]) for node in order}


def _half_extent(width, height, nx, ny):
    """Distance from the centre of a width × height box to its edge along the unit direction (nx, ny)."""
    return min(width / 2 / abs(nx) if nx else math.inf, height / 2 / abs(ny) if ny else math.inf)


def draw_graph(root, ax=None, show="forward", highlight=None, done=(), title=None, digits=4):
    """Draw the graph of `root`. show: "forward" (values on the nodes), "local" (values on the nodes and local
    derivatives ∂child/∂parent on the edges) or "grad" (gradients .grad on the nodes). highlight: a node to
    colour (the one being processed); done: nodes already processed. Returns the axes.

    Arrows stop at the edge of each box (so every arrowhead shows, however wide the box), and each local
    derivative sits beside its arrow, not on it (so the line through it cannot read as a minus sign)."""
    if show not in ("forward", "local", "grad"):
        raise ValueError(f'show must be "forward", "local" or "grad", got {show!r}')
    if ax is None:
        _, ax = plt.subplots(figsize=(13, 5.5))
    pos = layout(root)
    done = set(done)
    uses = {}
    for node in pos:
        for parent in node._parents:
            uses[parent] = uses.get(parent, 0) + 1
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    ax.set(xlim=(min(xs) - 0.6, max(xs) + 0.6), ylim=(min(ys) - 0.7, max(ys) + 0.7))
    ax.axis("off")
    boxes = {}
    for node, (cx, cy) in pos.items():
        colour = COLOURS["current"] if node is highlight else COLOURS["done"] if node in done else \
            COLOURS["op"] if node._parents else COLOURS["leaf"]
        value = f"grad {node.grad:.{digits}g}" if show == "grad" else f"{node.data:.{digits}g}"
        value = value.replace("-", "−")
        boxes[node] = ax.text(cx, cy, f"{name(node)}\n{value}", ha="center", va="center", fontsize=7.5, zorder=3,
                              bbox=dict(boxstyle="round,pad=0.3", fc=colour, ec="#444444", lw=0.8))
    # box sizes in points, to stop each arrow at the box edges (the boxes' pad is 0.3 of the font size)
    fig = ax.figure
    renderer = fig.canvas.get_renderer() if hasattr(fig.canvas, "get_renderer") else fig._get_renderer()
    points = 72 / fig.dpi
    size = {}
    for node, box in boxes.items():
        extent = box.get_window_extent(renderer)
        pad = 2 * 0.3 * box.get_fontsize()
        size[node] = (extent.width * points + pad, extent.height * points + pad)
    for node, (cx, cy) in pos.items():
        for k, parent in enumerate(node._parents):
            (px, py), active = pos[parent], node is highlight
            (dx, dy) = (ax.transData.transform((cx, cy)) - ax.transData.transform((px, py))) * points
            length = math.hypot(dx, dy)
            ux, uy = dx / length, dy / length
            start, stop = _half_extent(*size[parent], ux, uy) + 2, _half_extent(*size[node], ux, uy) + 2
            ax.annotate("", xy=(cx, cy), xytext=(px, py), zorder=2,
                        arrowprops=dict(arrowstyle="-|>", color="#e66101" if active else "#777777",
                                        lw=2.2 if active else 0.9, shrinkA=start, shrinkB=stop))
            if (show == "local" or active) and node._local:
                label = f"{node._local[k]:.{digits}g}".replace("-", "−")  # a true minus sign, wider than "-"
                f = 0.3 if uses[parent] == 1 else 0.92  # near the parent, unless its arrows fan out from there
                along = start + f * (length - start - stop)  # a fraction f of the visible arrow
                nx, ny = (-uy, ux) if ux >= 0 else (uy, -ux)  # the normal on the upper side of the arrow
                others = [pos[q][1] for q in node._parents if q is not parent]
                if others and max(others) > py:  # the other arrow into this node comes from above: go below
                    nx, ny = -nx, -ny
                width, height = 0.62 * 7 * len(label) + 3, 7 + 3  # the label's box in points, roughly
                offset = _half_extent(width, height, nx, ny) + 1.5
                ax.annotate(label, xy=(px, py), xytext=(ux * along + nx * offset, uy * along + ny * offset),
                            textcoords="offset points", fontsize=7, ha="center", va="center", zorder=4,
                            color="#b35806" if active else "#333333")
    if title:
        ax.set_title(title, fontsize=10)
    return ax


class SweepStepper:
    """The backward sweep one node at a time: the logic behind the Next / Reset buttons.

    The order is the reverse of helpers.autodiff.topological_order (the loss first), leaves skipped: they have
    nothing to pass on. next() processes one node: it adds local derivative × its gradient to each parent's
    .grad. After the last step every .grad equals what root.backward() gives. Defaults: the worked example.
    """

    def __init__(self, root=None):
        self.root = worked_example_graph()[0] if root is None else root
        self.order = [node for node in reversed(topological_order(self.root)) if node._parents]
        self.reset()

    def reset(self):
        """Every gradient back to 0, the root's to 1 (∂E/∂E), nothing processed."""
        self.root.zero_grad()
        self.root.grad = 1.0
        self.k, self.current = 0, None

    @property
    def finished(self):
        return self.k == len(self.order)

    def next(self):
        """Process the next node; returns it. RuntimeError once every node is done."""
        if self.finished:
            raise RuntimeError("the sweep is finished: every gradient is complete; press Reset to start again")
        self.current = self.order[self.k]
        self.current.propagate()
        self.k += 1
        return self.current

    def describe(self):
        """What the last step did, in words and numbers (the panel under the figure)."""
        if self.current is None:
            return (f"Start: ∂E/∂E = 1 at {name(self.root)}, every other gradient 0. "
                    f"{len(self.order)} nodes to process, from the loss back to the inputs.")
        node = self.current
        def d(n):  # "∂(t − y5)" rather than "∂t − y5"
            return f"∂({name(n)})" if " " in name(n) else f"∂{name(n)}"
        lines = [f"Step {self.k} of {len(self.order)}: node {name(node)} = {formula(node)}, "
                 f"holding ∂E/{d(node)} = {node.grad:.6g}"]
        for parent, local in zip(node._parents, node._local):
            lines.append(f"  {d(node)}/{d(parent)} = {local:.6g};  adds {local:.6g} × {node.grad:.6g} = "
                         f"{local * node.grad:.6g} to {d(parent)[1:]}.grad, now {parent.grad:.6g}")
        if self.finished:
            lines.append("Done: every gradient is complete (the same numbers as E.backward()).")
        return "\n".join(lines)

    def draw(self, ax=None, **kwargs):
        title = "Before the sweep" if self.current is None else f"Step {self.k}: {name(self.current)}"
        return draw_graph(self.root, ax=ax, show="grad", highlight=self.current, done=self.order[:self.k],
                          title=title, **kwargs)


def sweep_widget(stepper=None, figsize=(13, 5.2)):
    """Next / Reset buttons that step the backward sweep and redraw the graph with its gradients."""
    stepper = SweepStepper() if stepper is None else stepper
    next_button, reset_button = widgets.Button(description="Next"), widgets.Button(description="Reset")
    picture, panel = widgets.Output(), widgets.HTML()

    def refresh():
        next_button.disabled = stepper.finished
        with picture:
            picture.clear_output(wait=True)
            fig, ax = plt.subplots(figsize=figsize)
            fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.94)
            stepper.draw(ax=ax)
            show_figure(fig, alt=f"The worked example's computational graph after {stepper.k} of "
                                 f"{len(stepper.order)} backward steps, with the gradient on every node and the "
                                 "node being processed in orange.")
        panel.value = f"<pre style='font-size: 12px'>{html.escape(stepper.describe())}</pre>"

    def on_next(_):
        stepper.next()
        refresh()

    def on_reset(_):
        stepper.reset()
        refresh()

    next_button.on_click(on_next)
    reset_button.on_click(on_reset)
    refresh()
    box = widgets.VBox([widgets.HBox([next_button, reset_button]), picture, panel])
    box.stepper = stepper
    return box
