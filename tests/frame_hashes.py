"""Frame hashes of the benchmark scenarios: the record that a change of structure left every pixel
as it was. `tests/test_frame_hashes.py` compares the running code with `frame_hashes.json`;

    python tests/frame_hashes.py --write    # record anew, after a change that is meant to look different
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame

from tools.bench import FRAME_S, SCENARIOS

RECORD = Path(__file__).with_name("frame_hashes.json")
SIZES = ((1280, 720), (1920, 1080), (1024, 768), (768, 1024))  # wide, a 4:3 projector, portrait
FRAMES, EVERY = 240, 20
# Training takes as many iterations per frame as fit its time budget: its pixels depend on the
# machine's speed, so it is not part of the record (its picture is checked in test_training_ui).
STABLE = tuple(name for name in SCENARIOS if name != "train")


def versions() -> str:
    """The renderer the record holds for: another pygame-ce or SDL may place glyphs differently."""
    return f"pygame-ce {pygame.version.ver}, SDL {'.'.join(map(str, pygame.get_sdl_version()))}"


def scenario_hashes(name: str, size: tuple[int, int]) -> list[str]:
    """The screen's hash after every EVERY-th of FRAMES frames of scenario `name`."""
    now = [0.0]
    app, before = SCENARIOS[name](size, now)
    out = []
    for frame in range(FRAMES):
        before(frame)
        app.frame()
        now[0] += FRAME_S
        if frame % EVERY == EVERY - 1:
            out.append(hashlib.sha256(pygame.image.tobytes(app.screen, "RGB")).hexdigest()[:16])
    pygame.display.quit()
    return out


def all_hashes() -> dict[str, list[str]]:
    return {f"{name} {w}x{h}": scenario_hashes(name, (w, h)) for name in STABLE for w, h in SIZES}


def main(argv: list[str]) -> int:
    if argv != ["--write"]:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    record = {"versions": versions(), "hashes": all_hashes()}
    RECORD.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {RECORD} ({len(record['hashes'])} scenario sizes, {record['versions']})")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main(sys.argv[1:]))
