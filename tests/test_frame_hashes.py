"""Every benchmark scenario draws the pixels it drew when the record was made (frame_hashes.py):
a restructuring that changes one pixel of one frame fails here."""

from __future__ import annotations

import json

import frame_hashes
import pytest


@pytest.fixture(scope="module")
def record() -> dict:
    data = json.loads(frame_hashes.RECORD.read_text(encoding="utf-8"))
    if data["versions"] != frame_hashes.versions():
        pytest.skip(f"recorded with {data['versions']}, running {frame_hashes.versions()}: "
                    "glyphs may be placed differently; record anew with python tests/frame_hashes.py --write")
    return data["hashes"]


def test_the_record_covers_every_stable_scenario_at_every_size(record):
    wanted = {f"{name} {w}x{h}" for name in frame_hashes.STABLE for w, h in frame_hashes.SIZES}
    assert set(record) == wanted


@pytest.mark.parametrize("name", frame_hashes.STABLE)
@pytest.mark.parametrize("size", frame_hashes.SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_frames_are_pixel_identical_to_the_record(record, name, size):
    got = frame_hashes.scenario_hashes(name, size)
    want = record[f"{name} {size[0]}x{size[1]}"]
    changed = [k * frame_hashes.EVERY + frame_hashes.EVERY - 1 for k, (a, b) in enumerate(zip(got, want, strict=True)) if a != b]
    assert not changed, f"{name} at {size}: frames {changed} differ from the record"
