"""The step-through widget of notebook 02: its state machine without a browser, then its buttons."""

import math

import matplotlib.pyplot as plt
import pytest

from helpers.widgets import BackpropStepper, backprop_stepper_widget

X1, X2, T = 0.35, 0.7, 0.5
W0 = {"w11": 0.2, "w21": 0.2, "w12": 0.3, "w22": 0.3, "w13": 0.3, "w23": 0.9}


def sig(a):
    return 1.0 / (1.0 + math.exp(-a))


def hand_step(w, eta=1.0):
    y3, y4 = sig(w["w11"] * X1 + w["w21"] * X2), sig(w["w12"] * X1 + w["w22"] * X2)
    y5 = sig(w["w13"] * y3 + w["w23"] * y4)
    d5 = (T - y5) * y5 * (1 - y5)
    d3, d4 = d5 * w["w13"] * y3 * (1 - y3), d5 * w["w23"] * y4 * (1 - y4)
    o = {"w11": (d3, X1), "w21": (d3, X2), "w12": (d4, X1), "w22": (d4, X2), "w13": (d5, y3), "w23": (d5, y4)}
    return y5, {k: w[k] + eta * d * oi for k, (d, oi) in o.items()}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_phases_in_order():
    s = BackpropStepper()
    assert s.phase == "start" and s.allowed() == {"forward", "reset"}
    s.forward()
    assert s.phase == "forward" and s.allowed() == {"backward", "reset"}
    s.backward()
    assert s.phase == "backward" and s.allowed() == {"update", "reset"}
    s.update()
    assert s.phase == "updated" and s.allowed() == {"forward", "reset"} and s.steps == 1


def test_out_of_order_is_refused_with_a_hint():
    s = BackpropStepper()
    with pytest.raises(RuntimeError, match="press Forward first"):
        s.backward()
    with pytest.raises(RuntimeError, match="press Forward first"):
        s.update()
    s.forward()
    with pytest.raises(RuntimeError, match="press Backward first"):
        s.forward()
    with pytest.raises(ValueError, match="unknown action"):
        s.do("jump")


def test_three_rounds_match_hand_computation():
    s = BackpropStepper()
    w = dict(W0)
    for _ in range(3):
        y5, w = hand_step(w)
        s.do("forward")
        assert math.isclose(s.fwd["y5"], y5, abs_tol=1e-12)
        s.do("backward")
        s.do("update")
    assert all(math.isclose(s.w[k], w[k], abs_tol=1e-12) for k in W0)
    assert s.steps == 3


def test_update_clears_stale_values_and_reset_restores():
    s = BackpropStepper()
    for action in ["forward", "backward", "update"]:
        s.do(action)
    assert s.fwd is None and s.delta is None and s.Delta_w is not None
    s.reset()
    assert s.w == W0 and s.steps == 0 and s.phase == "start" and s.Delta_w is None


def test_other_example_and_learning_rate():
    w = {"w11": 1.0, "w21": -1.0, "w12": 0.5, "w22": 0.5, "w13": -0.7, "w23": 0.4}
    s = BackpropStepper(x=(X1, X2), w=w, t=T, eta=0.5)
    for action in ["forward", "backward", "update"]:
        s.do(action)
    _, expected = hand_step(w, eta=0.5)
    assert all(math.isclose(s.w[k], expected[k], abs_tol=1e-12) for k in w)
    with pytest.raises(ValueError, match="positive"):
        BackpropStepper(eta=-1)


def test_describe_shows_the_numbers_of_the_phase():
    s = BackpropStepper()
    assert "w23 = 0.9" in s.describe() and "next: Forward" in s.describe()
    s.forward()
    y5, w1 = hand_step(W0)
    assert f"y5 = σ(a3) = {y5:.6g}" in s.describe()
    s.backward()
    assert "δ4 = y4(1 − y4) w23 δ5 = -0.00807143" in s.describe()
    s.update()
    assert f"w13 = {w1['w13']:.6g}" in s.describe() and "after 1 update " in s.describe()


def test_draw_each_phase():
    s = BackpropStepper()
    titles = []
    for action in ["forward", "backward", "update", "forward"]:
        s.do(action)
        ax = s.draw()
        titles.append(ax.get_title())
    assert titles == ["Forward, after 0 updates", "Backward, after 0 updates", "Updated, after 1 update",
                      "Forward, after 1 update"]


def test_draw_passes_options_to_the_diagram():
    s = BackpropStepper()
    s.forward()
    s.backward()
    assert len(s.draw().figure.axes) == 2, "a colour bar for Δw by default"
    assert len(s.draw(colorbar=False).figure.axes) == 1


def test_buttons_drive_the_stepper(capsys):
    box = backprop_stepper_widget()
    buttons = {b.description: b for b in box.children[0].children}
    assert set(buttons) == {"Forward", "Backward", "Update", "Reset"}
    assert [buttons[n].disabled for n in ["Forward", "Backward", "Update", "Reset"]] == [False, True, True, False]
    buttons["Forward"].click()
    buttons["Backward"].click()
    assert box.stepper.phase == "backward"
    assert [buttons[n].disabled for n in ["Forward", "Backward", "Update", "Reset"]] == [True, True, False, False]
    assert "δ5 = y5(1 − y5)(t − y5)" in box.children[2].value
    assert "red, the weight grows" in box.children[2].value, "the widget has no colour bar: the panel explains"
    buttons["Update"].click()
    assert box.stepper.steps == 1
    buttons["Reset"].click()
    assert box.stepper.steps == 0 and "next: Forward" in box.children[2].value
    capsys.readouterr()  # the figures' text form, printed outside a notebook
