"""A training session: the trainer, what it trains on, and how to say where it stands."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Trainer
from ..model.tasks import Task
from ..model.train import STOP_MAX_EPOCHS, STOP_TOLERANCE, STOP_USER

# One training iteration on a sequence of this length takes about 1 ms here; a longer one could
# not fit the 4 ms a frame may spend on training, so it is refused with this limit named.
MAX_TRAIN_LENGTH = 1_000
TRAIN_BUDGET_S = 0.004  # training time per frame


@dataclass
class TrainingSession:
    """One run of Train: on a task's batch, or on the typed input sequence and target."""

    trainer: Trainer
    task: Task | None
    optimizer_name: str

    @property
    def running(self) -> bool:
        return self.trainer.running

    def status(self) -> str:
        """One line: what is happening, or why it stopped."""
        t = self.trainer
        loss = "—" if t.loss is None else f"{t.loss:.2e}"
        if t.stop_reason is None:
            return f"Training · {self.optimizer_name} · learning rate {t.optimizer.lr:.3g}"
        if t.stop_reason == STOP_TOLERANCE:
            return f"Done: loss {loss} ≤ {t.tolerance:.0e} after {t.epoch} epochs"
        if t.stop_reason == STOP_MAX_EPOCHS:
            return f"Stopped at the {t.max_epochs}-epoch limit: loss {loss}"
        if t.stop_reason == STOP_USER:
            return f"Stopped by you at epoch {t.epoch}: loss {loss}"
        return t.stop_reason

    @property
    def explanation(self) -> str:
        if self.task is not None:
            return f"{self.task.name}: {self.task.explanation}"
        return "Custom: learn the typed Target for the typed input sequence"
