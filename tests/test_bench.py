"""The benchmark runs every scenario and reports the fields it promises (not its timings)."""

from __future__ import annotations

import json

import pytest

from lstm_arcade import bench


def test_a_short_run_reports_every_scenario(capsys):
    assert bench.main(["--frames", "3", "--size", "1280x720"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["scenario"] for row in rows] == list(bench.SCENARIOS)
    for row in rows:
        assert row["size"] == "1280x720" and row["frames"] == 3
        assert 0 < row["p50_ms"] <= row["p99_ms"] <= row["max_ms"]
        assert row["rss_mb"] > 10


def test_bad_options_are_refused(capsys):
    with pytest.raises(SystemExit) as exit_info:
        bench.main(["--size", "huge"])
    assert exit_info.value.code == 2
    assert "--size" in capsys.readouterr().err
