"""The safe condition language of lesson pages: `t >= 3`, `f(2) > 0.8`, `C(5) >= 0.5 * C(1)`,
`b_f >= 1 and t == T`, `abs(h(3)) < 0.1`. Never `eval`.

The text is parsed by `ast.parse(text, mode="eval")` and every node is checked against a
whitelist once, at load (`compile_condition`): `and`/`or`, `not`/`-`/`+`, `+ - * /`, comparisons
(chains too), plain numbers, the names below and one-argument calls of the functions below.
Anything else is refused with a one-line message naming the part and its column.

Names: `t` (the current step), `T` (the sequence's length), every parameter id
(`model.PARAM_SPECS_BY_ID`: w_f … w_out, and the basic RNN's rnn_w_in … rnn_w_out).
Functions of a step k (an integer expression, 1 … T): x f i g (= c_tilde) o C h y of the LSTM,
rnn_h and rnn_y of the basic RNN (compare mode); and `abs`.

Evaluation never raises: a step not taken yet, a k that is not a whole number, division by zero,
overflow or NaN make the condition False (a kiosk checks it every frame; a state must not crash it).
No pygame.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from ..model import PARAM_SPECS_BY_ID, RNN_PREFIX
from .textfile import shown

if TYPE_CHECKING:
    from ..sim import Simulation

MAX_LENGTH = 200  # characters: a page's condition is a short line
MAX_PARENS = 20  # nesting of ( ) counted in the text, before parsing
MAX_DEPTH = 32  # nesting of the checked tree (`1+1+1…` nests too), which bounds evaluation
MAX_CONSTANT = 1e15  # a number written in a condition (a step, a weight, a share) is far below

# Function name -> the value it reads (`Context.value`'s name: a `model.Step` field or an RNN one).
STEP_FUNCTIONS: dict[str, str] = {
    "x": "x", "f": "f", "i": "i", "g": "c_tilde", "c_tilde": "c_tilde", "o": "o",
    "C": "c", "h": "h", "y": "y", "rnn_h": "rnn_h", "rnn_y": "rnn_y",
}  # fmt: skip
NUMBER_FUNCTIONS = ("abs",)
STATE_NAMES = ("t", "T")
NAMES: tuple[str, ...] = (*STATE_NAMES, *PARAM_SPECS_BY_ID)
FUNCTIONS: tuple[str, ...] = (*STEP_FUNCTIONS, *NUMBER_FUNCTIONS)

_BOOL_OPS = {ast.And: "and", ast.Or: "or"}
_UNARY_OPS = {ast.Not: "not", ast.USub: "-", ast.UAdd: "+"}
_BIN_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_COMPARE_OPS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
# What a user may have meant, for the message naming a refused node.
_NODE_WORDS = {
    ast.Attribute: "an attribute (a.b)", ast.Subscript: "a subscript (a[k])",
    ast.Lambda: "a lambda", ast.JoinedStr: "an f-string", ast.NamedExpr: "an assignment (:=)",
    ast.IfExp: "an if-else", ast.ListComp: "a comprehension", ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension", ast.GeneratorExp: "a comprehension", ast.List: "a list",
    ast.Tuple: "a tuple", ast.Dict: "a dict", ast.Set: "a set", ast.Starred: "a *star",
    ast.Await: "await", ast.Yield: "yield", ast.YieldFrom: "yield",
}  # fmt: skip


class ConditionError(ValueError):
    """A condition that cannot be used: one line naming the offending part and its column."""


class Context(Protocol):
    """What a condition reads: the step, the length, the weights and the computed steps."""

    @property
    def t(self) -> int: ...

    @property
    def length(self) -> int: ...

    def param(self, name: str) -> float: ...

    def value(self, name: str, k: int) -> float | None:
        """Step k's value `name` (a STEP_FUNCTIONS value); None when not computed or outside 1 … T."""
        ...


@dataclass(frozen=True)
class Condition:
    """A checked condition: its source and its tree (checked once; evaluated any number of times)."""

    source: str
    tree: ast.expr = field(repr=False, compare=False)

    def evaluate(self, ctx: Context) -> bool:
        """True when the condition holds; False when it does not or cannot be known yet."""
        try:
            return bool(_evaluate(self.tree, ctx))
        # The condition runs every frame against live state: a step not computed, 1/0, inf - inf,
        # a value that is no number or a context's lookup error all mean "not yet", never a crash.
        except _UNKNOWN:
            return False


class _Undefined(Exception):
    """A value that cannot be known: the condition is False."""


_UNKNOWN = (_Undefined, ArithmeticError, ValueError, TypeError, LookupError, AttributeError)


def compile_condition(text: object) -> Condition:
    """The checked condition of `text`; ConditionError (one line) when it is not one."""
    if not isinstance(text, str):
        raise ConditionError(f"a condition must be a text, got {shown(repr(text))}")
    _check_text(text)
    source = text.strip()  # eval mode refuses a leading space; columns count from `text`
    indent = len(text) - len(text.lstrip())
    try:
        tree = ast.parse(source, mode="eval").body
    except SyntaxError as exc:
        # Python gives offset 0 when the text ends too soon ("t >")
        column = (exc.offset or len(source) + 1) + indent
        why = shown(exc.msg or "invalid syntax", 40)
        raise ConditionError(
            f"not a valid condition ({why}) at column {column}: {shown(text, 60)}"
        ) from None
    except (ValueError, RecursionError, MemoryError):  # the text checks keep far below these
        raise ConditionError(f"not a valid condition: {shown(text, 60)}") from None
    kind = _Checker(source, indent).check(tree, 0)
    if kind != "bool":
        raise ConditionError(
            f"{shown(text, 60)} is a number, not a condition: compare it, e.g. {shown(text, 20)} > 0"
        )
    return Condition(text, tree)


def _check_text(text: str) -> None:
    if not text.strip():
        raise ConditionError("the condition is empty")
    if len(text) > MAX_LENGTH:
        raise ConditionError(f"a condition of {len(text):,} characters (at most {MAX_LENGTH})")
    depth = 0
    for column, char in enumerate(text, 1):
        # ASCII only: Python would read a full-width ｔ or a hidden character as part of a name
        if not (char.isascii() and (char.isprintable() or char == " ")):
            raise ConditionError(f"character {shown(repr(char))} at column {column}: "
                                 "a condition is plain ASCII text")
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth > MAX_PARENS:
            raise ConditionError(f"brackets nested more than {MAX_PARENS} deep at column {column}")


class _Checker:
    """The whitelist: each node's kind ("bool" or "number"), or ConditionError naming it."""

    def __init__(self, text: str, indent: int) -> None:
        self.text, self.indent = text, indent

    def refuse(self, node: ast.AST, why: str) -> ConditionError:
        column = getattr(node, "col_offset", None)
        part = ast.get_source_segment(self.text, node) if hasattr(node, "lineno") else None
        where = f" at column {column + 1 + self.indent}" if column is not None else ""
        named = shown(part, 40) if part else type(node).__name__
        return ConditionError(f"{why}: {named}{where}")

    def check(self, node: ast.expr, depth: int) -> str:
        if depth > MAX_DEPTH:
            raise self.refuse(node, f"nested more than {MAX_DEPTH} deep")
        checker = self._CHECKS.get(type(node))
        if checker is None:
            what = _NODE_WORDS.get(type(node), f"not allowed ({type(node).__name__})")
            raise self.refuse(node, f"{what} is not allowed in a condition")
        return checker(self, node, depth + 1)

    def bool_op(self, node: ast.BoolOp, depth: int) -> str:
        for value in node.values:
            self.want(value, "bool", depth, f"'{_BOOL_OPS[type(node.op)]}' joins conditions")
        return "bool"

    def unary_op(self, node: ast.UnaryOp, depth: int) -> str:
        if type(node.op) not in _UNARY_OPS:
            raise self.refuse(node, "not an allowed operator (use not, -, +)")
        if isinstance(node.op, ast.Not):
            self.want(node.operand, "bool", depth, "'not' takes a condition")
            return "bool"
        self.want(node.operand, "number", depth, "a sign takes a number")
        return "number"

    def bin_op(self, node: ast.BinOp, depth: int) -> str:
        if type(node.op) not in _BIN_OPS:
            raise self.refuse(node, "not an allowed operator (use + - * /)")
        self.want(node.left, "number", depth, "arithmetic takes numbers")
        self.want(node.right, "number", depth, "arithmetic takes numbers")
        return "number"

    def compare(self, node: ast.Compare, depth: int) -> str:
        for op in node.ops:
            if type(op) not in _COMPARE_OPS:
                raise self.refuse(node, "not an allowed comparison (use < <= > >= == !=)")
        for part in (node.left, *node.comparators):
            self.want(part, "number", depth, "a comparison takes numbers")
        return "bool"

    def name(self, node: ast.Name, depth: int) -> str:
        if node.id not in NAMES:
            raise self.refuse(node, f"unknown name (allowed: {', '.join(NAMES)})")
        return "number"

    def want(self, node: ast.expr, kind: str, depth: int, why: str) -> None:
        if self.check(node, depth) != kind:
            raise self.refuse(node, f"{why}, got {'a condition' if kind == 'number' else 'a number'}")

    def constant(self, node: ast.Constant, depth: int) -> str:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.refuse(node, "only numbers may be written in a condition")
        if not abs(value) <= MAX_CONSTANT:  # `not <=` refuses nan as well as inf and 10**400
            raise self.refuse(node, f"a number beyond ±{MAX_CONSTANT:g}")
        return "number"

    def call(self, node: ast.Call, depth: int) -> str:
        func = node.func
        if not isinstance(func, ast.Name) or func.id not in FUNCTIONS:
            raise self.refuse(func, f"unknown function (allowed: {', '.join(FUNCTIONS)})")
        if node.keywords or len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
            raise self.refuse(node, f"{func.id}() takes exactly one value, e.g. {func.id}(3)")
        self.want(node.args[0], "number", depth, f"{func.id}() takes a number")
        return "number"

    # node type -> its check; anything not here is refused
    _CHECKS: ClassVar[dict[type, Callable[[_Checker, Any, int], str]]] = {
        ast.BoolOp: bool_op, ast.UnaryOp: unary_op, ast.BinOp: bin_op, ast.Compare: compare,
        ast.Constant: constant, ast.Name: name, ast.Call: call,
    }  # fmt: skip


def _evaluate(node: ast.expr, ctx: Context) -> float | bool:
    """The value of a checked tree (the checker guarantees each node's shape)."""
    if isinstance(node, ast.BoolOp):
        if isinstance(node.op, ast.And):
            return all(_evaluate(v, ctx) for v in node.values)
        return any(_evaluate(v, ctx) for v in node.values)
    if isinstance(node, ast.UnaryOp):
        operand = _evaluate(node.operand, ctx)
        if isinstance(node.op, ast.Not):
            return not operand
        return -operand if isinstance(node.op, ast.USub) else +operand
    if isinstance(node, ast.BinOp):
        a, b = _evaluate(node.left, ctx), _evaluate(node.right, ctx)
        if isinstance(node.op, ast.Add):
            return _finite(a + b)
        if isinstance(node.op, ast.Sub):
            return _finite(a - b)
        if isinstance(node.op, ast.Mult):
            return _finite(a * b)
        return _finite(a / b)  # b == 0: ZeroDivisionError, so False
    if isinstance(node, ast.Compare):
        left = _evaluate(node.left, ctx)
        for cmp, part in zip(node.ops, node.comparators, strict=True):
            right = _evaluate(part, ctx)
            if not _compare(cmp, left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.Constant):
        assert isinstance(node.value, int | float)  # the checker let only numbers through
        return float(node.value)
    if isinstance(node, ast.Name):
        return _name(node.id, ctx)
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    arg = _evaluate(node.args[0], ctx)
    if node.func.id == "abs":
        return abs(arg)
    return _step_value(STEP_FUNCTIONS[node.func.id], arg, ctx)


def _compare(op: ast.cmpop, a: float, b: float) -> bool:
    if isinstance(op, ast.Lt):
        return a < b
    if isinstance(op, ast.LtE):
        return a <= b
    if isinstance(op, ast.Gt):
        return a > b
    if isinstance(op, ast.GtE):
        return a >= b
    if isinstance(op, ast.Eq):
        return a == b
    return a != b


def _name(name: str, ctx: Context) -> float:
    if name == "t":
        return _finite(float(ctx.t))
    if name == "T":
        return _finite(float(ctx.length))
    return _finite(float(ctx.param(name)))


def _step_value(name: str, k: float, ctx: Context) -> float:
    if not float(k).is_integer():
        raise _Undefined(f"step {k} is not a whole number")
    value = ctx.value(name, int(k))
    if value is None:
        raise _Undefined(f"{name}({k:g}) is not computed")
    return _finite(float(value))


def _finite(x: float) -> float:
    if not math.isfinite(x):
        raise _Undefined("not a finite number")
    return x


class SimulationContext:
    """A Context over a live `sim.Simulation`: steps 1 … t as taken (a step not taken yet is
    unknown, so `C(5)` needs the visitor to have reached step 5)."""

    def __init__(self, sim: Simulation) -> None:
        self.sim = sim

    @property
    def t(self) -> int:
        return self.sim.t

    @property
    def length(self) -> int:
        return self.sim.length

    def param(self, name: str) -> float:
        if name.startswith(RNN_PREFIX):
            return float(getattr(self.sim.rnn_params, name.removeprefix(RNN_PREFIX)))
        return float(getattr(self.sim.params, name))

    def value(self, name: str, k: int) -> float | None:
        sim = self.sim
        if not 1 <= k <= min(sim.t, sim.length):
            return None
        if name in ("rnn_h", "rnn_y"):
            rnn = sim.rnn_at(k)  # None unless comparing
            return None if rnn is None else rnn[3 if name == "rnn_h" else 4]
        step = sim.step_at(k) if sim.computed >= k else None
        return None if step is None else float(getattr(step, name))
