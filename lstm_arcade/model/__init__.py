"""The LSTM math: parameters, forward trace, BPTT gradients and the sequence parser (no pygame)."""

from .batch import loss_and_grads_batch
from .gradient_flow import lstm_gradient_flow, rnn_gradient_flow
from .lstm import Step, Trace, loss_and_grads, run, sigmoid, step
from .memory_test import (
    MEMORY_TEST_LSTM,
    MEMORY_TEST_RNN,
    MEMORY_TEST_XS,
    MemoryTest,
    format_share,
    memory_caption,
    memory_kept,
    memory_test_preset,
)
from .params import PARAM_NAMES, PARAM_SPECS, SPEC_BY_NAME, LSTMParams, ParamSpec
from .rnn import (
    RNN_PARAM_NAMES,
    RNN_PARAM_SPECS,
    RNN_SPEC_BY_NAME,
    RNNParams,
    RNNTrace,
    run_rnn,
)
from .sequence import MAX_VALUES, SequenceError, count_values, format_sequence, parse_sequence
from .tasks import Task, generate
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
    "MEMORY_TEST_LSTM",
    "MEMORY_TEST_RNN",
    "MEMORY_TEST_XS",
    "PARAM_NAMES",
    "PARAM_SPECS",
    "RNN_PARAM_NAMES",
    "RNN_PARAM_SPECS",
    "RNN_SPEC_BY_NAME",
    "SGD",
    "SPEC_BY_NAME",
    "STOP_MAX_EPOCHS",
    "STOP_TOLERANCE",
    "STOP_USER",
    "Adam",
    "LSTMParams",
    "MemoryTest",
    "ParamSpec",
    "RNNParams",
    "RNNTrace",
    "SequenceError",
    "Step",
    "Task",
    "Trace",
    "Trainer",
    "count_values",
    "fit",
    "format_sequence",
    "format_share",
    "generate",
    "loss_and_grads",
    "loss_and_grads_batch",
    "lstm_gradient_flow",
    "make_optimizer",
    "memory_caption",
    "memory_kept",
    "memory_test_preset",
    "parse_sequence",
    "rnn_gradient_flow",
    "run",
    "run_rnn",
    "sigmoid",
    "step",
]
