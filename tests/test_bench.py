"""The benchmark runs every scenario and reports the fields it promises (not its timings)."""

from __future__ import annotations

import json

import pytest

from tools import bench


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


@pytest.mark.parametrize("size", [(1280, 720), (1024, 768), (768, 1024)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", [name for name in bench.SCENARIOS if name != "tour"])  # its caption: full frames
def test_what_frames_leave_on_screen_equals_drawing_it_all_anew(name, size):
    """Frames skip unchanged panels, restore only what changed and clear only the header's gap;
    through every benchmark scenario the screen they leave is exactly a whole fresh drawing."""
    import pygame

    now = [0.0]
    app, before = bench.SCENARIOS[name](size, now)
    checked = 0
    try:
        for frame in range(80):
            before(frame)
            app.frame()
            if frame % 4 == 0 and app.drawn_clean:
                left = pygame.image.tobytes(app.screen, "RGB")
                app.drawn_clean = False
                app.draw()
                assert pygame.image.tobytes(app.screen, "RGB") == left, frame
                checked += 1
            now[0] += 1 / 60
    finally:
        pygame.quit()
    assert checked >= 15
