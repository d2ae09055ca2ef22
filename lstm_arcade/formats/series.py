"""The graph's series ids, in legend order: what scenario files may name in `hidden_series`.

Kept apart from the view (`ui/views/graph_series.py` builds its series from this list) so that a
file format never imports the ui. A new series is one id here and one look there.
"""

from __future__ import annotations

SERIES_IDS: tuple[str, ...] = ("x", "c", "h", "f", "i", "o", "y", "target", "rnn_h")
