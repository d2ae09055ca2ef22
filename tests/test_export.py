"""E exports the trace (CSV) and the window (PNG), F12 a screenshot; names never overwrite."""

from __future__ import annotations

import csv
import os
from datetime import datetime

import pygame
import pytest

from lstm_arcade import cli
from lstm_arcade.app import files as classroom
from lstm_arcade.formats.export import TRACE_COLUMNS, data_dir, export_trace
from lstm_arcade.model import LSTMParams, run
from lstm_arcade.sim import Simulation

PULSE = [1.0, 0.0, 0.0, 0.0, 0.0]


@pytest.fixture(autouse=True)
def no_real_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


@pytest.fixture
def exporting(make_driver, tmp_path):
    sim = Simulation(LSTMParams(w_f=1.5, b_i=-0.25), PULSE)
    sim.set_target([0.0, 1.0, 1.0, 1.0, 1.0])
    driver = make_driver(sim)
    driver.app.options.export_dir = tmp_path / "exports"
    return driver


def files(folder) -> list[str]:
    return sorted(os.listdir(folder)) if folder.exists() else []


def test_e_writes_the_trace_as_csv_equal_to_run_and_the_window_as_png(exporting):
    d, app = exporting, exporting.app
    d.key(pygame.K_RIGHT)
    d.key(pygame.K_e)
    folder = app.options.export_dir
    [png, csv_name] = sorted(files(folder), key=lambda n: n.endswith(".csv"))
    assert csv_name.startswith("trace-") and png.startswith("window-")
    assert csv_name[len("trace-"):-4] == png[len("window-"):-4]  # one stamp for the pair
    with open(folder / csv_name, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [*TRACE_COLUMNS, "target"]
    trace = run(app.sim.params, PULSE)
    assert len(rows) == 1 + len(PULSE)  # the whole sequence, not only the steps taken
    for k, row in enumerate(rows[1:]):
        assert int(row[0]) == k + 1
        for column, value in zip(TRACE_COLUMNS[1:], row[1:], strict=False):  # row ends in target
            assert float(value) == getattr(trace, column)[k]  # full precision
        assert float(row[-1]) == app.sim.target[k]
    image = pygame.image.load(str(folder / png))
    assert image.get_size() == app.screen.get_size()
    assert csv_name in app.toast.message and png in app.toast.message


def test_the_png_is_the_window_without_the_toast(exporting):
    d, app = exporting, exporting.app
    d.key(pygame.K_e)
    d.key(pygame.K_e)  # the first export's toast is on screen now
    pngs = sorted(n for n in files(app.options.export_dir) if n.endswith(".png"))
    first, second = (pygame.image.load(str(app.options.export_dir / n)) for n in pngs)
    toast = app.toast.rect
    assert toast.width > 0
    probe = [(x, y) for x in range(toast.x, toast.right, 7) for y in range(toast.y, toast.bottom, 5)]
    assert all(first.get_at(p) == second.get_at(p) for p in probe)
    assert any(app.screen.get_at(p) != second.get_at(p) for p in probe)  # on screen it is drawn


def test_names_never_overwrite(exporting):
    d, app = exporting, exporting.app
    for _ in range(3):
        d.key(pygame.K_e)
    names = files(app.options.export_dir)
    assert len(names) == 6
    stems = sorted(n for n in names if n.endswith(".csv"))
    assert stems[1].endswith("-2.csv") or stems[0].endswith("-2.csv")
    when = datetime(2025, 1, 2, 3, 4, 5)
    folder = app.options.export_dir
    (folder / "window-20250102-030405.png").write_bytes(b"keep me")
    written = classroom.export(app, when=when)  # one name of the pair is taken: both move on
    assert [p.name for p in written] == ["trace-20250102-030405-2.csv", "window-20250102-030405-2.png"]
    assert (folder / "window-20250102-030405.png").read_bytes() == b"keep me"


def test_f12_saves_only_a_screenshot_even_from_a_focused_field(exporting):
    d, app = exporting, exporting.app
    d.click(app.controls.sequence.rect.center)
    d.key(pygame.K_F12)
    [name] = files(app.options.export_dir)
    assert name.startswith("window-") and name.endswith(".png")
    assert pygame.image.load(str(app.options.export_dir / name)).get_size() == app.screen.get_size()
    assert app.state.focused is app.controls.sequence  # the field keeps the focus


def test_e_in_a_focused_field_is_typing_not_export(exporting):
    d, app = exporting, exporting.app
    field = app.controls.sequence
    d.click(field.rect.center)
    d.key(pygame.K_END)
    d.type("e")
    assert field.text.endswith("e")
    assert files(app.options.export_dir) == []


def test_disabled_export_writes_nothing_and_says_so(exporting):
    d, app = exporting, exporting.app
    app.options.export_enabled = False
    d.key(pygame.K_e)
    assert app.toast.message == classroom.EXPORT_OFF == "Export is off on this kiosk"
    d.key(pygame.K_F12)
    assert app.toast.message == classroom.EXPORT_OFF and app.toast.error
    assert files(app.options.export_dir) == []
    assert not (app.options.export_dir.parent / "xdg").exists()
    # The message is on screen: the toast's box is drawn.
    assert app.toast.rect.width > 0 and d.pixel(app.toast.rect.center) != (0, 0, 0)


def test_an_unwritable_export_folder_is_reported(exporting, tmp_path):
    d, app = exporting, exporting.app
    app.options.export_dir = tmp_path / "a-file"
    app.options.export_dir.write_text("x")
    d.key(pygame.K_e)
    assert app.toast.error and app.toast.message.startswith("Export failed")
    assert app.running


def test_a_failed_csv_leaves_no_partial_file(exporting, monkeypatch):
    d, app = exporting, exporting.app

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(classroom, "trace_csv", broken)
    d.key(pygame.K_e)
    assert files(app.options.export_dir) == []  # the pair is saved whole or not at all
    assert "the disk is full" in app.toast.message


def test_default_folder_follows_xdg(make_driver, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert data_dir("exports") == tmp_path / "data" / "lstm-arcade" / "exports"
    d = make_driver(Simulation(sequence=PULSE))
    d.key(pygame.K_F12)
    assert len(list((tmp_path / "data" / "lstm-arcade" / "exports").glob("window-*.png"))) == 1
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert data_dir("exports") == tmp_path / "home" / ".local" / "share" / "lstm-arcade" / "exports"


def test_cli_export_trace_is_the_shared_function(tmp_path):
    assert cli.export_trace is export_trace and cli.TRACE_COLUMNS == TRACE_COLUMNS
    path = tmp_path / "t.csv"
    export_trace(path, LSTMParams(), PULSE)
    assert path.read_text().splitlines()[0] == ",".join(TRACE_COLUMNS)


def test_cli_export_dir_option(tmp_path, capsys):
    a_file = tmp_path / "f"
    a_file.write_text("x")
    with pytest.raises(SystemExit) as caught:
        cli.main(["--export-dir", str(a_file)])
    assert caught.value.code == 2 and "is a file, not a folder" in capsys.readouterr().err


def test_the_data_folders_are_absolute_even_without_a_usable_home(monkeypatch):
    """No HOME (or a relative one) and no password entry: Path.home() raises; E and Ctrl+S crashed."""
    import pathlib

    from lstm_arcade.formats.export import data_dir

    monkeypatch.delenv("XDG_DATA_HOME", raising=False)

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(pathlib.Path, "home", staticmethod(no_home))
    for kind in ("scenarios", "exports"):
        assert data_dir(kind).is_absolute() and data_dir(kind).name == kind
    monkeypatch.setattr(pathlib.Path, "home", staticmethod(lambda: pathlib.Path("relative/home")))
    assert data_dir("exports").is_absolute()
