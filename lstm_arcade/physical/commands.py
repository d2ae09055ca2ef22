"""What a physical control asks the app to do: one small value per action (no pygame)."""

from __future__ import annotations

from dataclasses import dataclass

# The parameter ids ("w_f", "rnn_w_in", …) are the model's; re-exported for the device modules.
from ..model import PARAM_SPECS_BY_ID, RNN_PREFIX, param_spec

__all__ = ["ACTIONS", "PARAM_SPECS_BY_ID", "REPEATABLE", "RNN_PREFIX", "Command", "param_spec"]

# Every action the app executes, and what its `arg` holds.
ACTIONS: dict[str, str] = {
    "step": "",
    "back": "",
    "play": "toggles play/pause",
    "reset": "",
    "preset": "int 1 … 9",
    "train": "toggles training",
    "compare": "toggles the basic-RNN comparison",
    "pin": "",
    "undo_training": "",
    "focus_next": "moves the keyboard focus to the next slider",
    "focus_prev": "moves the keyboard focus to the previous slider",
    "nudge": "int: +1 or -1 slider steps for the focused slider",
    "set_param": "(param_id, value), value already inside the parameter's range",
    "learned": "(param_id, channel, controller): MIDI learn bound a control",
}
# Held on a stick, D-pad or hat these repeat; the toggles and one-shot actions never do.
REPEATABLE = frozenset({"step", "back", "focus_next", "focus_prev", "nudge"})


@dataclass(frozen=True)
class Command:
    """One thing for the app to do, e.g. Command("nudge", 1) or Command("preset", 3)."""

    action: str
    arg: object = None

    @property
    def repeats(self) -> bool:
        """Whether holding the control that sends it repeats it."""
        return self.action in REPEATABLE
