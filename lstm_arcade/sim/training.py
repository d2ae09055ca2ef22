"""A training session: the trainer, what it trains on, and how to say where it stands."""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import Message
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
        """One line: what is happening, or why it stopped (English: shown as `tr(status)`)."""
        t = self.trainer
        loss = "—" if t.loss is None else f"{t.loss:.2e}"
        if t.stop_reason is None:
            return Message(
                "Training · {optimizer} · learning rate {lr:.3g}",
                optimizer=self.optimizer_name, lr=t.optimizer.lr,
            )
        if t.stop_reason == STOP_TOLERANCE:
            return Message(
                "Done: loss {loss} ≤ {tolerance:.0e} after {epochs} epochs",
                loss=loss, tolerance=t.tolerance, epochs=t.epoch,
            )
        if t.stop_reason == STOP_MAX_EPOCHS:
            return Message("Stopped at the {limit}-epoch limit: loss {loss}", limit=t.max_epochs, loss=loss)
        if t.stop_reason == STOP_USER:
            return Message("Stopped by you at epoch {epoch}: loss {loss}", epoch=t.epoch, loss=loss)
        return t.stop_reason

    @property
    def explanation(self) -> str:
        """What it learns (English; a task's name and explanation are translated with it when shown)."""
        if self.task is not None:
            # TRANSLATORS: a training task's name and its one-line explanation
            return Message("{name}: {explanation}", name=Message(self.task.name), explanation=Message(self.task.explanation))
        return Message("Custom: learn the typed Target for the typed input sequence")
