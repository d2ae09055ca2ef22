"""The lesson condition language: what it accepts, what it refuses (and says so), and that
evaluating it never raises, on a fake context and on a real Simulation."""

from __future__ import annotations

import math

import pytest

from lstm_arcade.formats.condition import (
    FUNCTIONS,
    MAX_LENGTH,
    NAMES,
    ConditionError,
    SimulationContext,
    compile_condition,
)
from lstm_arcade.model import PARAM_SPECS, RNN_PARAM_SPECS, LSTMParams, run
from lstm_arcade.sim import Simulation


class FakeContext:
    """Steps 1 … t known; each value of step k is `base[name] * k`."""

    def __init__(self, t=3, length=5, params=None, base=None):
        self.t, self.length = t, length
        self.params = {"w_f": 0.5, "b_f": 0.0, "rnn_w_in": 0.5, **(params or {})}
        self.base = base or {"f": 0.25, "c": 0.1, "h": -0.02, "x": 1.0, "c_tilde": 0.3, "y": 2.0}

    def param(self, name):
        return self.params[name]

    def value(self, name, k):
        if not 1 <= k <= min(self.t, self.length):
            return None
        return self.base[name] * k


def holds(text, ctx=None):
    return compile_condition(text).evaluate(ctx or FakeContext())


# --- accepted, with the right value ------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("t >= 3", True),
        ("t >= 4", False),
        ("t == 3 and T == 5", True),
        ("t == 3 and T == 6", False),
        ("t == 9 or T == 5", True),
        ("not t == 3", False),
        ("f(2) > 0.4", True),  # 0.5
        ("f(2) > 0.6", False),
        ("C(3) >= 0.5 * C(1)", True),  # 0.3 >= 0.05
        ("C(1) >= 0.5 * C(3)", False),
        ("abs(h(3)) < 0.1", True),  # |-0.06|
        ("abs(h(3)) < 0.05", False),
        ("g(1) == c_tilde(1)", True),
        ("1 < t < 4", True),  # chains
        ("1 < t < 3", False),
        ("-t < 0 and +t > 0", True),
        ("C(t) > C(t - 1)", True),  # an integer expression as the step
        ("y(T - 2) == 6", True),
        ("(t + 1) / 2 == 2", True),
        ("b_f >= 0 and w_f == 0.5 and rnn_w_in == 0.5", True),
        ("  t >= 3  ", True),  # space around is fine
        ("1_000 > t", True),
        ("0x10 == 16", True),
    ],
)
def test_conditions_evaluate_to_their_value(text, expected):
    assert holds(text) is expected


def test_every_parameter_id_is_a_name_and_the_functions_are_the_documented_ones():
    assert set(NAMES) == {"t", "T", *(s.name for s in PARAM_SPECS),
                          *("rnn_" + s.name for s in RNN_PARAM_SPECS)}
    assert set(FUNCTIONS) == {"x", "f", "i", "g", "c_tilde", "o", "C", "h", "y", "rnn_h", "rnn_y",
                              "abs"}


def test_condition_keeps_its_source_and_compares_by_it():
    a, b = compile_condition("t >= 3"), compile_condition("t >= 3")
    assert a == b and a.source == "t >= 3"
    with pytest.raises(AttributeError):
        a.source = "t < 3"  # frozen


# --- unknown values make it False, never an error ----------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "C(4) > 0",  # step 4 not taken (t = 3)
        "C(0) == 0",  # steps are 1 … T
        "C(-1) < 100",
        "C(99) < 100",
        "C(1.5) > 0",  # not a whole step
        "C(t / 2) > 0",  # 1.5
        "t / 0 > 1",  # division by zero
        "not t / 0 > 1",  # not even under `not`: unknown is False
        "t / (T - 5) < 1",
        " * ".join(["1e15"] * 21) + " > 0",  # overflows to inf
        " * ".join(["1e15"] * 21) + " - " + " * ".join(["1e15"] * 3) + " < 0",
        "C(1e15) > 0",
    ],
)
def test_unknowable_conditions_are_false(text):
    assert holds(text) is False


def test_nan_and_inf_from_the_state_are_false_and_a_failing_context_too():
    nan_ctx = FakeContext(params={"w_f": math.nan}, base={"c": math.inf})
    assert holds("w_f > 0", nan_ctx) is False
    assert holds("w_f <= 0", nan_ctx) is False
    assert holds("C(1) > 0", nan_ctx) is False

    class Broken(FakeContext):
        def value(self, name, k):
            raise KeyError(name)  # a context that lost its state

    assert holds("C(1) > 0 or t == 3", Broken()) is False  # evaluated left to right: the error wins
    assert holds("t == 3 or C(1) > 0", Broken()) is True  # short-circuit: C(1) is never read


# --- refused, with a message naming the part and its column ------------------------------------
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("__import__('os').system('x') > 0", ["unknown function", "column 1"]),
        ("__import__('os') > 0", ["unknown function", "__import__", "column 1"]),
        ("t.real > 0", ["attribute", "t.real", "column 1"]),
        ("x[1] > 0", ["subscript", "column 1"]),
        ("2 ** 3 > t", ["operator", "2 ** 3", "column 1"]),
        ("t // 2 > 0", ["operator", "column 1"]),
        ("t % 2 == 0", ["operator"]),
        ("t >> 1 > 0", ["operator"]),
        ("~t > 0", ["operator", "~t"]),
        ("t is T", ["comparison", "column 1"]),
        ("t in T", ["comparison"]),
        ("(lambda: 1)() > 0", ["lambda"]),
        ("'a' < 'b'", ["only numbers", "'a'", "column 1"]),
        ("f'{t}' > 1", ["f-string"]),
        ("[k for k in T] > 0", ["comprehension"]),
        ("(k := 3) > 0", ["assignment", "column 2"]),
        ("1 if t else 0", ["if-else"]),
        ("True", ["only numbers"]),
        ("None == t", ["only numbers", "None"]),
        ("1j > t", ["only numbers", "1j"]),
        ("t > 10**400", ["operator"]),
        ("t > " + "9" * 30, ["beyond", "column 5"]),  # an int beyond ±1e15
        ("t > 2000000000000000", ["beyond"]),
        ("t > 1e999", ["beyond"]),  # inf as a literal
        ("W_f > 1", ["unknown name", "W_f", "allowed: t, T, w_f", "column 1"]),
        ("t > 1 and foo > 2", ["unknown name", "foo", "column 11"]),
        ("min(t) > 1", ["unknown function", "min", "allowed: x, f"]),
        ("f(1, 2) > 0", ["exactly one value", "f(1, 2)"]),
        ("f(k=2) > 0", ["exactly one value"]),
        ("f() > 0", ["exactly one value"]),
        ("f(*T) > 0", ["exactly one value"]),
        ("t", ["is a number, not a condition"]),
        ("t + 1", ["not a condition"]),
        ("(t > 1) + 1 > 0", ["arithmetic takes numbers", "got a condition", "column 2"]),
        ("not t", ["'not' takes a condition", "column 5"]),
        ("t and T", ["'and' joins conditions"]),
        ("f(t > 1) > 0", ["f() takes a number"]),
        ("(t > 1) < 2", ["comparison takes numbers"]),
        ("t >", ["not a valid condition", "column 4"]),
        ("(t > 1", ["never closed", "column 1"]),
        ("t = 3", ["not a valid condition"]),
        ("t >= 3; import os", ["not a valid condition"]),
        ("", ["empty"]),
        ("   ", ["empty"]),
        ("t" + " " * MAX_LENGTH + "> 0", ["characters", str(MAX_LENGTH)]),
        ("(" * 21 + "t" + ")" * 21 + " > 0", ["nested more than 20", "column 21"]),
        ("-" * 60 + "t > 0", ["nested more than"]),
        (" + ".join(["t"] * 40) + " > 0", ["nested more than"]),
        ("t >= 3\n", ["'\\n'", "column 7", "ASCII"]),
        ("t >= 3\x00", ["'\\x00'", "column 7"]),
        ("t\u200b >= 3", ["'\\u200b'", "column 2"]),  # zero-width space
        ("\uff54 >= 3", ["column 1", "ASCII"]),  # full-width t: Python would read it as t
        ("t >= 3\t", ["'\\t'"]),
        ("t \u2265 3", ["column 3"]),  # ≥
    ],
)
def test_hostile_conditions_are_refused_with_a_one_line_message(text, words):
    with pytest.raises(ConditionError) as info:
        compile_condition(text)
    message = str(info.value)
    assert "\n" not in message and len(message) < 300
    for word in words:
        assert word in message, (word, message)


@pytest.mark.parametrize("value", [3, 3.0, None, True, b"t > 1", ["t > 1"], {"t": 1}])
def test_a_condition_that_is_not_a_text_is_refused(value):
    with pytest.raises(ConditionError, match="must be a text"):
        compile_condition(value)


# --- on a real Simulation ----------------------------------------------------------------------
def test_the_simulation_context_reads_the_steps_taken_only():
    sim = Simulation(sequence=[1, 0, 0, 0, 0])
    ctx = SimulationContext(sim)
    assert (ctx.t, ctx.length) == (0, 5)
    assert ctx.value("c", 1) is None
    assert compile_condition("C(1) > 0").evaluate(ctx) is False
    for _ in range(3):
        sim.step_forward()
    trace = run(LSTMParams(), [1, 0, 0, 0, 0])
    assert ctx.value("c", 3) == pytest.approx(trace.c[2])
    assert ctx.value("c_tilde", 2) == pytest.approx(trace.c_tilde[1])
    assert ctx.value("c", 4) is None  # not taken yet
    assert compile_condition("C(3) < C(1) and t == 3").evaluate(ctx) is True
    assert ctx.param("w_f") == 0.5 and ctx.param("rnn_w_hidden") == 0.8


def test_the_rnn_values_are_known_only_while_comparing():
    sim = Simulation(sequence=[1, 0, 0])
    sim.step_forward()
    cond = compile_condition("rnn_h(1) > 0.4")  # tanh(0.5) = 0.46 with the seed's W_in
    assert cond.evaluate(SimulationContext(sim)) is False
    sim.set_compare(True)
    assert cond.evaluate(SimulationContext(sim)) is True
    assert SimulationContext(sim).value("rnn_h", 1) == pytest.approx(math.tanh(0.5))


def test_a_weight_change_is_seen_at_once_and_the_default_memory_halves():
    sim = Simulation(sequence=[1, 0, 0, 0, 0])
    for _ in range(5):
        sim.step_forward()
    ctx = SimulationContext(sim)
    keeps_half = compile_condition("C(5) >= 0.5 * C(1)")
    assert keeps_half.evaluate(ctx) is False  # the seed's f ≈ 0.5: C(5) / C(1) = 0.18
    sim.set_param("w_f", 2.0)
    assert keeps_half.evaluate(ctx) is False  # W_f·x = 0 after the pulse: nothing changes
    sim.set_param("b_f", 1.0)
    assert keeps_half.evaluate(ctx) is True
