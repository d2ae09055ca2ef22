"""The LSTM math: parameters, forward trace, BPTT gradients and the sequence parser (no pygame)."""

from .batch import loss_and_grads_batch
from .lstm import Step, Trace, loss_and_grads, run, sigmoid, step
from .params import PARAM_NAMES, PARAM_SPECS, SPEC_BY_NAME, LSTMParams, ParamSpec
from .sequence import MAX_VALUES, SequenceError, format_sequence, parse_sequence
from .tasks import TASKS_PATH, Task, TaskError, generate, load_tasks, parse_tasks
from .train import (
    DEFAULT_TOLERANCE,
    LEARNING_RATE_RANGE,
    SGD,
    STOP_MAX_EPOCHS,
    STOP_TOLERANCE,
    STOP_USER,
    Adam,
    Trainer,
    fit,
    make_optimizer,
)

__all__ = [
    "DEFAULT_TOLERANCE",
    "LEARNING_RATE_RANGE",
    "MAX_VALUES",
    "PARAM_NAMES",
    "PARAM_SPECS",
    "SGD",
    "SPEC_BY_NAME",
    "STOP_MAX_EPOCHS",
    "STOP_TOLERANCE",
    "STOP_USER",
    "TASKS_PATH",
    "Adam",
    "LSTMParams",
    "ParamSpec",
    "SequenceError",
    "Step",
    "Task",
    "TaskError",
    "Trace",
    "Trainer",
    "fit",
    "format_sequence",
    "generate",
    "load_tasks",
    "loss_and_grads",
    "loss_and_grads_batch",
    "make_optimizer",
    "parse_sequence",
    "parse_tasks",
    "run",
    "sigmoid",
    "step",
]
