"""The article's worked example, one unit at a time, and a check of every number the article prints.

The network: inputs x1, x2 -> hidden units h1, h2 -> output unit O3; sigmoid units, no biases.
The article numbers its units in two ways; we keep its names so that every line can be compared:

    unit  weighted sum  output  error term  incoming weights
    h1    a1            y3      δ3          w11 (from x1), w21 (from x2)
    h2    a2            y4      δ4          w12 (from x1), w22 (from x2)
    O3    a3            y5      δ5          w13 (from h1), w23 (from h2)

Everything works on plain Python floats in dicts keyed by these names ("w11", "y3", "delta5", ...),
so a learner can print any of them and a test can redo the arithmetic by hand.
The loss is E = ½ (t - y5)², and δ = -∂E/∂a (the article's sign): Δw = +η δ_j o_i.
"""

import itertools
import math
import string
from collections import namedtuple

from .activations import sigmoid
from .data import ARTICLE_PRINTED, WORKED_EXAMPLE

WEIGHT_NAMES = ("w11", "w21", "w12", "w22", "w13", "w23")

# Each weight leaves one unit (whose output o_i it carries) and enters another (whose δ_j it gets).
CONNECTIONS = {
    "w11": ("x1", "delta3"), "w21": ("x2", "delta3"),
    "w12": ("x1", "delta4"), "w22": ("x2", "delta4"),
    "w13": ("y3", "delta5"), "w23": ("y4", "delta5"),
}

Step = namedtuple("Step", "fwd error delta Delta_w w_new")
Step.__doc__ = """One backpropagation step: forward values, error t - y5, error terms, weight changes, new weights."""


def _number(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise TypeError(f"{name} must be a number, got {type(value).__name__}") from None
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    return float(value)


def initial_weights():
    """The article's six starting weights as a new dict {"w11": 0.2, ...}."""
    return {**WORKED_EXAMPLE["w_hidden"], **WORKED_EXAMPLE["w_output"]}


def _check_x(x):
    if isinstance(x, (str, bytes)) or not hasattr(x, "__len__") or len(x) != 2:
        raise ValueError(f"x must be the two inputs (x1, x2), got {x!r}")
    return _number("x1", x[0]), _number("x2", x[1])


def _check_weights(w):
    if not isinstance(w, dict):
        raise TypeError(f"w must be a dict of the six weights {WEIGHT_NAMES}, got {type(w).__name__}")
    missing = [name for name in WEIGHT_NAMES if name not in w]
    if missing:
        raise ValueError(f"w is missing the weight(s) {missing}; it needs {WEIGHT_NAMES}")
    return {name: _number(name, w[name]) for name in WEIGHT_NAMES}


def _defaults(x, w, t, eta):
    ex = WORKED_EXAMPLE
    x = _check_x(ex["x"] if x is None else x)
    w = _check_weights(initial_weights() if w is None else w)
    t = _number("t", ex["target"] if t is None else t)
    eta = _number("eta", ex["eta"] if eta is None else eta)
    if eta <= 0:
        raise ValueError(f"the learning rate eta must be positive, got {eta}")
    return x, w, t, eta


def forward(x, w):
    """Weighted sum a and output y of every unit, for inputs x = (x1, x2) and a dict w of the six weights."""
    x1, x2 = _check_x(x)
    w = _check_weights(w)
    a1 = w["w11"] * x1 + w["w21"] * x2
    a2 = w["w12"] * x1 + w["w22"] * x2
    y3, y4 = sigmoid(a1), sigmoid(a2)
    a3 = w["w13"] * y3 + w["w23"] * y4
    return {"a1": a1, "y3": y3, "a2": a2, "y4": y4, "a3": a3, "y5": sigmoid(a3)}


def backward(fwd, w, t):
    """Error terms δ = -∂E/∂a for E = ½(t - y5)²: output unit first, then the hidden units."""
    w = _check_weights(w)
    t = _number("t", t)
    y3, y4, y5 = fwd["y3"], fwd["y4"], fwd["y5"]
    delta5 = y5 * (1 - y5) * (t - y5)  # σ'(a3) · (t - y5)
    delta3 = y3 * (1 - y3) * w["w13"] * delta5  # σ'(a1) · w13 δ5: h1 sends to O3 through w13
    delta4 = y4 * (1 - y4) * w["w23"] * delta5  # σ'(a2) · w23 δ5
    return {"delta5": delta5, "delta3": delta3, "delta4": delta4}


def weight_changes(x, fwd, delta, eta):
    """Δw_{i,j} = η δ_j o_i: the δ of the unit the weight enters times the output of the unit it leaves."""
    x1, x2 = _check_x(x)
    o = {"x1": x1, "x2": x2, "y3": fwd["y3"], "y4": fwd["y4"]}
    return {name: eta * delta[d] * o[src] for name, (src, d) in CONNECTIONS.items()}


def backprop_step(x=None, w=None, t=None, eta=None):
    """One forward pass, backward pass and update (defaults: the article's example). Returns a Step."""
    x, w, t, eta = _defaults(x, w, t, eta)
    fwd = forward(x, w)
    delta = backward(fwd, w, t)
    Delta_w = weight_changes(x, fwd, delta, eta)
    w_new = {name: w[name] + Delta_w[name] for name in WEIGHT_NAMES}
    return Step(fwd, t - fwd["y5"], delta, Delta_w, w_new)


def loss(x, w, t):
    """E = ½ (t - y5)²: the loss whose gradient the article's δ rules follow."""
    return 0.5 * (_number("t", t) - forward(x, w)["y5"]) ** 2


def train(x=None, w=None, t=None, eta=None, tol=1e-3, max_steps=100_000):
    """Repeat the step until |t - y5| < tol.

    Returns (ys, w): ys[k] is y5 after k updates (ys[0] before any), w the final weights.
    """
    x, w, t, eta = _defaults(x, w, t, eta)
    if not tol > 0:
        raise ValueError(f"tol must be positive, got {tol}")
    if not -tol < t < 1 + tol:
        raise ValueError(f"the output y5 = σ(a3) lies between 0 and 1, so it can never come within {tol:g} of "
                         f"the target t = {t:g}")
    ys = []
    while True:
        step = backprop_step(x, w, t, eta)
        ys.append(step.fwd["y5"])
        if abs(step.error) < tol:
            return ys, w
        if len(ys) > max_steps:
            raise RuntimeError(f"|t - y5| is still {abs(step.error):.3g} after {max_steps} steps")
        w = step.w_new


# --- Errata: every number the article prints, checked ------------------------------------------
# How the article gets each number it prints: a formula over the givens (x1, x2, t, eta, the six
# weights) and other printed numbers. "Redoing the article's arithmetic" feeds the formula with the
# values the article printed; the exact value feeds it exact values.
# key: (label, formula with {names}, the same formula in Python)
RULES = {
    "a1": (r"$a_1$", "{w11} × {x1} + {w21} × {x2}", lambda w11, x1, w21, x2: w11 * x1 + w21 * x2),
    "y3": (r"$y_3$", "σ({a1})", lambda a1: sigmoid(a1)),
    "a2": (r"$a_2$", "{w12} × {x1} + {w22} × {x2}", lambda w12, x1, w22, x2: w12 * x1 + w22 * x2),
    "y4": (r"$y_4$", "σ({a2})", lambda a2: sigmoid(a2)),
    "y3_in_a3": (r"$y_3$ as used in $a_3$", "{y3}", lambda y3: y3),
    "a3": (r"$a_3$", "{w13} × {y3_in_a3} + {w23} × {y4}",
           lambda w13, y3_in_a3, w23, y4: w13 * y3_in_a3 + w23 * y4),
    "y5": (r"$y_5$", "σ({a3})", lambda a3: sigmoid(a3)),
    "error": (r"$t - y_5$", "{t} − {y5}", lambda t, y5: t - y5),
    "delta5": (r"$\delta_5$", "{y5} × (1 − {y5}) × {error}", lambda y5, error: y5 * (1 - y5) * error),
    "delta3": (r"$\delta_3$", "{y3} × (1 − {y3}) × {w13} × {delta5}",
               lambda y3, w13, delta5: y3 * (1 - y3) * w13 * delta5),
    "delta4": (r"$\delta_4$", "{y4} × (1 − {y4}) × {w23} × {delta5}",
               lambda y4, w23, delta5: y4 * (1 - y4) * w23 * delta5),
    "Delta_w23": (r"$\Delta w_{2,3}$", "{eta} × {delta5} × {y4}", lambda eta, delta5, y4: eta * delta5 * y4),
    "w23_new": (r"new $w_{2,3}$", "{w23} + {Delta_w23}", lambda w23, Delta_w23: w23 + Delta_w23),
    "Delta_w11": (r"$\Delta w_{1,1}$", "{eta} × {delta3} × {x1}", lambda eta, delta3, x1: eta * delta3 * x1),
    "w11_new": (r"new $w_{1,1}$", "{w11} + {Delta_w11}", lambda w11, Delta_w11: w11 + Delta_w11),
    "w12_new": (r"new $w_{1,2}$", "{w12} + {eta} × {delta4} × {x1}",
                lambda w12, eta, delta4, x1: w12 + eta * delta4 * x1),
    "w13_new": (r"new $w_{1,3}$", "{w13} + {eta} × {delta5} × {y3}",
                lambda w13, eta, delta5, y3: w13 + eta * delta5 * y3),
    "w21_new": (r"new $w_{2,1}$", "{w21} + {eta} × {delta3} × {x2}",
                lambda w21, eta, delta3, x2: w21 + eta * delta3 * x2),
    "w22_new": (r"new $w_{2,2}$", "{w22} + {eta} × {delta4} × {x2}",
                lambda w22, eta, delta4, x2: w22 + eta * delta4 * x2),
    "y3_2": (r"$y_3$, 2nd pass", "σ({w11_new} × {x1} + {w21_new} × {x2})",
             lambda w11_new, x1, w21_new, x2: sigmoid(w11_new * x1 + w21_new * x2)),
    "y4_2": (r"$y_4$, 2nd pass", "σ({w12_new} × {x1} + {w22_new} × {x2})",
             lambda w12_new, x1, w22_new, x2: sigmoid(w12_new * x1 + w22_new * x2)),
    "y5_2": (r"$y_5$, 2nd pass", "σ({w13_new} × {y3_2} + {w23_new} × {y4_2})",
             lambda w13_new, y3_2, w23_new, y4_2: sigmoid(w13_new * y3_2 + w23_new * y4_2)),
    "error_2": (r"$t - y_5$, 2nd pass", "{t} − {y5_2}", lambda t, y5_2: t - y5_2),
}

ErrataRow = namedtuple("ErrataRow", "key label article exact replay verdict reason")
VERDICT_MARKS = {"correct": "✅ correct", "rounding": "🔶 rounding", "mistake": "❌ mistake"}


def rule_inputs(key):
    """The names a rule's formula uses, in order of first appearance."""
    names = [field for _, field, _, _ in string.Formatter().parse(RULES[key][1]) if field]
    return tuple(dict.fromkeys(names))


def givens():
    """The example's data as the article states them: x1, x2, t, eta and the six weights."""
    ex = WORKED_EXAMPLE
    return {"x1": ex["x"][0], "x2": ex["x"][1], "t": ex["target"], "eta": ex["eta"], **initial_weights()}


def decimals(text):
    """How many decimals a printed number has: decimals("-0.0376") == 4."""
    return len(text.split(".")[1]) if "." in text else 0


def round_like(value, text):
    """`value` rounded to as many decimals as the printed `text` has, as text."""
    rounded = f"{value:.{decimals(text)}f}"
    return rounded.lstrip("-") if float(rounded) == 0 else rounded


def agrees(text, value):
    """True when `value` rounds to the printed number `text` at the decimals it shows."""
    return round_like(value, text) == round_like(float(text), text)


def exact_values():
    """Every quantity the article prints, computed exactly (float64) from the givens."""
    step = backprop_step()
    second = forward(WORKED_EXAMPLE["x"], step.w_new)
    values = {**step.fwd, "y3_in_a3": step.fwd["y3"], "error": step.error, **step.delta,
              "Delta_w23": step.Delta_w["w23"], "Delta_w11": step.Delta_w["w11"]}
    values.update({f"{name}_new": step.w_new[name] for name in WEIGHT_NAMES})
    values.update({"y3_2": second["y3"], "y4_2": second["y4"], "y5_2": second["y5"],
                   "error_2": WORKED_EXAMPLE["target"] - second["y5"]})
    return {key: values[key] for key in RULES}


def _shown(name, printed, given):
    text = printed[name] if name in printed else f"{given[name]:g}"
    return f"({text})" if text.startswith("-") else text


def replay(key, printed=None):
    """(value, formula text): the article's formula for `key`, fed with the numbers the article printed."""
    printed = {k: v[0] for k, v in ARTICLE_PRINTED.items()} if printed is None else printed
    given = givens()
    _, formula, rule = RULES[key]
    names = rule_inputs(key)
    value = rule(**{n: float(printed[n]) if n in printed else given[n] for n in names})
    return value, formula.format(**{n: _shown(n, printed, given) for n in names})


def _fmt(value):
    return f"{value:.6g}"


# How the reasons name a printed number (the article's own names).
PLAIN = {"y3_in_a3": "y3", "error": "t − y5", "delta5": "δ5", "delta3": "δ3", "delta4": "δ4",
         "Delta_w23": "Δw23", "Delta_w11": "Δw11", "y3_2": "y3 (2nd pass)", "y4_2": "y4 (2nd pass)",
         "y5_2": "y5 (2nd pass)", "error_2": "t − y5 (2nd pass)"}
PLAIN.update({f"{name}_new": f"new {name}" for name in WEIGHT_NAMES})


def plain_name(key):
    """The article's name for a printed quantity, in plain text: plain_name("delta5") == "δ5"."""
    return PLAIN.get(key, key)


def is_repeat(key):
    """True when the article prints `key` with no arithmetic: the same quantity printed again."""
    inputs = rule_inputs(key)
    return len(inputs) == 1 and RULES[key][1] == "{" + inputs[0] + "}"


def truncate_like(value, text):
    """`value` cut off (not rounded) after as many decimals as `text` has, as text."""
    scale = 10 ** decimals(text)
    cut = math.trunc(value * scale + math.copysign(1e-9, value)) / scale  # 1e-9: 0.21 is 0.2099999...
    return round_like(cut, text)


def _reason(key, text, value, formula, exact, inputs, wrong, printed):
    """The verdict and a one-line reason for the printed number `text`."""
    about = ", ".join(f"{plain_name(n)} = {printed[n]}" for n in (wrong or inputs))
    wrong_about = ", ".join(f"{plain_name(n)} = {printed[n]}" for n in wrong)
    exact_text = f"exact ≈ {round_like(exact, text)}"
    own = f"{formula} = {_fmt(value)}"
    if float(round_like(value, text)) != float(_fmt(value)):
        own += f" ≈ {round_like(value, text)}"
    if agrees(text, exact):
        if agrees(text, value):
            if wrong:
                return "correct", f"agrees with the exact value, although computed from wrong {wrong_about}"
            return "correct", "agrees with the exact value"
        cut = ", cut off instead of rounded" if truncate_like(value, text) == text else ""
        cancel = f"that slip and the wrong {wrong_about} cancel" if wrong else "that slip lands on the exact value"
        return "correct", (f"agrees with the exact value only by luck: its own numbers give {own}, "
                           f"but it prints {text}{cut}; {cancel}")
    if agrees(text, value):
        if wrong:
            return "mistake", f"right arithmetic on wrong numbers printed above ({about}); {exact_text}"
        return "rounding", f"right arithmetic on rounded numbers ({about}); {exact_text}"
    if is_repeat(key):
        return "mistake", f"no arithmetic: contradicts its own {about} printed above; {exact_text}"
    if round_like(value, text) != round_like(exact, text):
        own += f"; {exact_text}"
    if agrees(text, -value):
        return "mistake", f"sign error: its own numbers give {own}"
    if agrees(text, 10 * value):
        return "mistake", f"ten times too large: its own numbers give {own}"
    if truncate_like(value, text) == text:
        return "mistake", f"cut off instead of rounded: its own numbers give {own}"
    return "mistake", f"its own numbers give {own}"


def rounding_range(key, printed=None):
    """The smallest and largest value of `key`'s formula when each printed number it uses may be anything
    that rounds to what the article prints (±half a unit of its last digit); givens stay fixed.

    Returns (low, high, boxes) with boxes {name: (low, high)}: how much a line computed from rounded
    numbers can say. The formulas here are monotone in each input over such small boxes, so the corners suffice.
    """
    printed = {k: v[0] for k, v in ARTICLE_PRINTED.items()} if printed is None else printed
    given = givens()
    rule = RULES[key][2]
    names = rule_inputs(key)
    boxes = {}
    for n in names:
        if n in printed:
            half = 0.5 * 10.0 ** -decimals(printed[n])
            boxes[n] = (float(printed[n]) - half, float(printed[n]) + half)
    values = []
    for corner in itertools.product(*(boxes[n] if n in boxes else (given[n],) for n in names)):
        values.append(rule(**dict(zip(names, corner))))
    return min(values), max(values), boxes


def errata(printed=None):
    """One ErrataRow per number the article prints: its value, the exact value, the value from redoing
    the article's arithmetic with its own printed numbers, and a verdict with a one-line reason.

    correct:  the printed number is the exact value rounded to the decimals printed;
    rounding: it is not, but the article's arithmetic is right and every number it used was correct or
              only rounded, so the gap comes from rounding alone;
    mistake:  anything else (the step itself is wrong, or it rests on a wrong number printed earlier).

    The verdict judges the cause of a gap, not its size. The article computes from 2-decimal intermediates
    but prints up to 6 decimals, so the extra digits of such a line are not real: it may be many units of
    its last digit off and still be "rounding", while a number off by less than one unit for no such
    reason (σ(0.21) printed as 0.56) is a "mistake".
    """
    printed = {k: v[0] for k, v in ARTICLE_PRINTED.items()} if printed is None else printed
    exact = exact_values()
    rows, verdicts = [], {}
    for key in RULES:
        value, formula = replay(key, printed)
        inputs = [n for n in rule_inputs(key) if n in printed]
        wrong = [n for n in inputs if verdicts[n] == "mistake"]
        verdict, reason = _reason(key, printed[key], value, formula, exact[key], inputs, wrong, printed)
        verdicts[key] = verdict
        rows.append(ErrataRow(key, RULES[key][0], printed[key], exact[key], value, verdict, reason))
    return rows


def errata_markdown(rows):
    """The errata rows as a Markdown table. A number the article prints again without arithmetic
    (y3 in the a3 line) has nothing to redo: its "article's arithmetic" cell shows a dash."""
    lines = ["| # | quantity | article prints | exact | article's arithmetic | verdict | why |",
             "|---:|---|---:|---:|---:|---|---|"]
    for i, r in enumerate(rows, 1):
        replayed = "— (no arithmetic)" if is_repeat(r.key) else _fmt(r.replay)
        lines.append(f"| {i} | {r.label} | {r.article} | {_fmt(r.exact)} | {replayed} | "
                     f"{VERDICT_MARKS[r.verdict]} | {r.reason} |")
    return "\n".join(lines)


# --- The four weights the article updates "similarly": which slip gives each printed value? ---------
SIMILAR = ("w12", "w13", "w21", "w22")  # printed with no arithmetic, only "similarly"
Guess = namedtuple("Guess", "formula value slip")
Reconstruction = namedtuple("Reconstruction", "weight printed matches nearest units")


def similar_weight_guesses(name, printed=None):
    """Every plausible way to get the new weight `name` from the article's printed numbers: the rule
    w + η δ o with the article's printed δ of any unit (or the exact δ of the weight's own unit), the output
    of any unit (inputs, or the article's y3 = 0.56, y4 = 0.59, y5 = 0.67), added or subtracted, once or twice.
    Returns Guess(formula, value, slip) tuples; slip says what differs from the right rule."""
    printed = {k: v[0] for k, v in ARTICLE_PRINTED.items()} if printed is None else printed
    given, src, own = givens(), *CONNECTIONS[name]
    exact = backprop_step().delta
    deltas = [(f"δ{k[-1]} = {printed[k]}", float(printed[k]), "" if k == own else f"δ{k[-1]} of another unit")
              for k in ("delta3", "delta4", "delta5")]
    deltas.append((f"exact δ{own[-1]} = {exact[own]:.6g}", exact[own], "exact δ"))
    outputs = [(k, given[k] if k in given else float(printed[k]), "" if k == src else f"{k} instead of {src}")
               for k in ("x1", "x2", "y3", "y4", "y5")]
    guesses = []
    for (d_text, d, d_slip), (o_name, o, o_slip), (times, sign) in itertools.product(
            deltas, outputs, [(1, 1), (2, 1), (1, -1), (2, -1)]):
        value = given[name] + sign * times * given["eta"] * d * o
        slips = [s for s in (d_slip, o_slip, "applied twice" if times == 2 else "",
                             "subtracted" if sign < 0 else "") if s]
        formula = (f"{given[name]:g} {'+' if sign > 0 else '−'} {times if times > 1 else ''}"
                   f"{' × ' if times > 1 else ''}{given['eta']:g} × ({d_text}) × {o_name}")
        guesses.append(Guess(formula, value, ", ".join(slips) or "the right rule"))
    return guesses


def reconstruct_similar(printed=None):
    """For each "similarly" updated weight: the guesses that give the printed value at its printed decimals
    (matches), and the nearest guess with its distance in units of the last printed digit."""
    printed = {k: v[0] for k, v in ARTICLE_PRINTED.items()} if printed is None else printed
    result = []
    for name in SIMILAR:
        text = printed[f"{name}_new"]
        guesses = similar_weight_guesses(name, printed)
        matches = [g for g in guesses if agrees(text, g.value)]
        nearest = min(guesses, key=lambda g: abs(g.value - float(text)))
        units = abs(nearest.value - float(text)) / 10.0 ** -decimals(text)
        result.append(Reconstruction(name, text, matches, nearest, units))
    return result


# --- Drawing: the example in the layout of helpers.plots.draw_network --------------------------
NAMES = [["x1", "x2"], ["h1", "h2"], ["O3"]]
SYMBOLS = {"a": [["a1", "a2"], ["a3"]], "o": [["x1", "x2"], ["y3", "y4"], ["y5"]],
           "delta": [["δ3", "δ4"], ["δ5"]]}
WEIGHT_LAYOUT = [[["w11", "w12"], ["w21", "w22"]], [["w13"], ["w23"]]]  # W[l][i][j]: names as in the article
# Readable at 10 inches wide: wide columns, the crossing edges' labels near their source, the straight ones past
# the middle, so no two labels touch (tests/test_network_diagram.py checks).
DIAGRAM_STYLE = {"fontsize": 11, "dx": 5.0, "label_at": 0.25, "straight_at": 0.6}


def weight_matrices(w):
    """The six weights as the matrices [W1 (2, 2), W2 (2, 1)] of helpers.network (W[l][i, j]: unit i to j)."""
    w = _check_weights(w)
    return [[[w[name] for name in row] for row in layer] for layer in WEIGHT_LAYOUT]


def diagram_kwargs(w, x=None, fwd=None, delta=None, Delta_w=None, t=None):
    """Keyword arguments for helpers.plots.draw_network showing the example with the article's names
    (and DIAGRAM_STYLE; a caller's own keyword arguments override it)."""
    kwargs = {"W": weight_matrices(w), "names": NAMES, "symbols": SYMBOLS, "weight_names": WEIGHT_LAYOUT,
              **DIAGRAM_STYLE}
    kwargs["o"] = [_check_x(WORKED_EXAMPLE["x"] if x is None else x), None, None]
    if fwd is not None:
        kwargs["o"][1:] = [[fwd["y3"], fwd["y4"]], [fwd["y5"]]]
        kwargs["a"] = [[fwd["a1"], fwd["a2"]], [fwd["a3"]]]
    if delta is not None:
        kwargs["delta"] = [[delta["delta3"], delta["delta4"]], [delta["delta5"]]]
    if Delta_w is not None:
        kwargs["Delta_W"] = weight_matrices(Delta_w)
    if t is not None:
        kwargs["targets"] = t
    return kwargs
