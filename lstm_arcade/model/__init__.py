"""The LSTM math: parameters, forward trace, BPTT gradients and the sequence parser (no pygame)."""

from .lstm import Step, Trace, loss_and_grads, run, sigmoid, step
from .params import PARAM_NAMES, PARAM_SPECS, SPEC_BY_NAME, LSTMParams, ParamSpec
from .sequence import MAX_VALUES, SequenceError, format_sequence, parse_sequence

__all__ = [
    "LSTMParams", "MAX_VALUES", "PARAM_NAMES", "PARAM_SPECS", "ParamSpec", "SPEC_BY_NAME",
    "SequenceError", "Step", "Trace", "format_sequence", "loss_and_grads", "parse_sequence",
    "run", "sigmoid", "step",
]
