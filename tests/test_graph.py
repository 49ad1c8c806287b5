"""helpers.graph: the worked example as a graph, its layout and drawing, and the node-by-node backward sweep."""

import math

import matplotlib.pyplot as plt
import pytest

from helpers.graph import SweepStepper, draw_graph, layout, sweep_widget, worked_example_graph

X1, X2, T = 0.35, 0.7, 0.5
W = {"w11": 0.2, "w21": 0.2, "w12": 0.3, "w22": 0.3, "w13": 0.3, "w23": 0.9}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def sig(a):
    return 1 / (1 + math.exp(-a))


def by_hand():
    """The delta rules on the article's numbers, written out: δ = -∂E/∂a and ∂E/∂w = -δ_j o_i."""
    y3, y4 = sig(W["w11"] * X1 + W["w21"] * X2), sig(W["w12"] * X1 + W["w22"] * X2)
    y5 = sig(W["w13"] * y3 + W["w23"] * y4)
    d5 = (T - y5) * y5 * (1 - y5)
    d3, d4 = d5 * W["w13"] * y3 * (1 - y3), d5 * W["w23"] * y4 * (1 - y4)
    grads = {"w11": -d3 * X1, "w21": -d3 * X2, "w12": -d4 * X1, "w22": -d4 * X2, "w13": -d5 * y3, "w23": -d5 * y4}
    return 0.5 * (T - y5) ** 2, {"a1": d3, "a2": d4, "a3": d5}, grads


def test_worked_example_graph_gives_the_delta_rules():
    E, nodes = worked_example_graph()
    E.backward()
    E_hand, deltas, grads = by_hand()
    assert E.data == pytest.approx(E_hand, rel=1e-14)
    for a, delta in deltas.items():
        assert -nodes[a].grad == pytest.approx(delta, rel=1e-12)
    for w, g in grads.items():
        assert nodes[w].grad == pytest.approx(g, rel=1e-12)
    assert len(nodes) == 25


def test_layout_puts_every_edge_left_to_right_without_overlaps():
    E, _ = worked_example_graph()
    pos = layout(E)
    for node, (col, _) in pos.items():
        for parent in node._parents:
            assert pos[parent][0] < col
    assert len(set(pos.values())) == len(pos)
    assert pos[E][0] == max(c for c, _ in pos.values())


def test_draw_graph_writes_one_box_per_node_and_local_derivatives_on_edges():
    E, nodes = worked_example_graph()
    edges = sum(len(n._parents) for n in nodes.values())

    def texts(ax):  # the arrows are annotations without text
        return [t for t in ax.texts if t.get_text()]
    ax = draw_graph(E, show="forward")
    assert len(texts(ax)) == len(nodes) and len(ax.texts) == len(nodes) + edges
    ax = draw_graph(E, show="local")
    assert len(texts(ax)) == len(nodes) + edges
    assert any(t.get_text() == "0.5523" for t in ax.texts)  # ∂(w13·y3)/∂w13 = y3 = σ(0.21)
    with pytest.raises(ValueError, match="show must be"):
        draw_graph(E, show="values")


def test_stepping_the_sweep_ends_with_the_gradients_of_backward():
    stepper = SweepStepper()
    assert "15 nodes to process" in stepper.describe()
    while not stepper.finished:
        stepper.next()
    reference, ref_nodes = worked_example_graph()
    reference.backward()
    # the stepper holds its own graph: compare node by node through the labels
    labels = {node.label: node for node in stepper.order} | {p.label: p for n in stepper.order for p in n._parents}
    for label, node in ref_nodes.items():
        assert labels[label].grad == pytest.approx(node.grad, rel=1e-14)
    assert stepper.k == 15 and "Done" in stepper.describe()
    with pytest.raises(RuntimeError, match="press Reset"):
        stepper.next()


def test_first_steps_and_reset():
    stepper = SweepStepper()
    node = stepper.next()
    assert node.label == "E" and stepper.k == 1
    text = stepper.describe()
    assert "Step 1 of 15" in text and "∂E/∂½" in text
    node = stepper.next()  # (t − y5)²: local derivative 2 (t − y5), times its gradient ½
    _, deltas, _ = by_hand()
    parent = node._parents[0]
    assert parent.label == "t − y5" and parent.grad == pytest.approx(0.5 * node._local[0])
    stepper.reset()
    assert stepper.k == 0 and stepper.current is None and stepper.root.grad == 1.0 and parent.grad == 0.0


def test_sweep_widget_buttons_step_and_reset():
    box = sweep_widget()
    next_button, reset_button = box.children[0].children
    next_button.click()
    next_button.click()
    assert box.stepper.k == 2 and "Step 2 of 15" in box.children[2].value
    reset_button.click()
    assert box.stepper.k == 0 and "Start" in box.children[2].value
    for _ in range(15):
        next_button.click()
    assert next_button.disabled


def test_arrows_stop_at_the_edges_of_the_boxes_so_every_arrowhead_shows():
    """Even with the wide boxes of the gradients, no arrow enters a box, and each ends just short of its target."""
    E, nodes = worked_example_graph()
    E.backward()
    fig, ax = plt.subplots(figsize=(13, 5.2))
    draw_graph(E, ax=ax, show="grad")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = {t.get_position(): t.get_bbox_patch().get_window_extent(renderer) for t in ax.texts if t.get_text()}
    arrows = [t for t in ax.texts if not t.get_text()]
    assert len(arrows) == sum(len(n._parents) for n in nodes.values())
    for arrow in arrows:
        path = arrow.arrow_patch.get_path()
        points = [v for v, code in zip(path.vertices, path.codes) if code != path.CLOSEPOLY]
        for box in boxes.values():
            assert not any(box.shrunk(0.98, 0.9).contains(x, y) for x, y in points)
        target = boxes[tuple(arrow.xy)]
        gap = min(math.hypot(max(target.x0 - x, 0, x - target.x1), max(target.y0 - y, 0, y - target.y1))
                  for x, y in points)
        assert gap < 6  # pixels: the head touches its box, almost


def test_edge_labels_use_a_true_minus_sign():
    E, _ = worked_example_graph()
    ax = draw_graph(E, show="local")
    labels = [t.get_text() for t in ax.texts if t.get_text() and t.get_bbox_patch() is None]
    assert "−1" in labels and "−0.3301" in labels  # ∂(t − y5)/∂y5 and ∂(t − y5)²/∂(t − y5) = 2(t − y5)
    assert not any(label.startswith("-") for label in labels)
