"""Writing the output directory: atomic, refuses to overwrite, YAML that reads back."""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from engine_support import decoder_lm
from packaging.requirements import Requirement

from paper2code.engines.base import ConfigEntry, Options
from paper2code.engines.builtin import BuiltinEngine
from paper2code.errors import OutputExistsError
from paper2code.render import write as write_module
from paper2code.render.config_yaml import render_config
from paper2code.render.write import write_project


@pytest.fixture(scope="module")
def generated():
    paper, analysis = decoder_lm()
    return BuiltinEngine().generate(paper, analysis, Options()), paper, analysis


def test_existing_directory_is_refused_unless_forced(tmp_path: Path, generated) -> None:
    project, paper, analysis = generated
    out = write_project(project, paper, analysis, tmp_path)
    (out / "notes_of_mine.txt").write_text("keep?")
    with pytest.raises(OutputExistsError) as e:
        write_project(project, paper, analysis, tmp_path)
    assert e.value.exit_code == 8 and "--force" in str(e.value)
    assert (out / "notes_of_mine.txt").exists()
    again = write_project(project, paper, analysis, tmp_path, force=True)
    assert again == out and not (out / "notes_of_mine.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no staging left


def test_a_failure_leaves_no_partial_directory(tmp_path: Path, generated, monkeypatch) -> None:
    project, paper, analysis = generated

    def broken(cells):
        raise RuntimeError("injected failure while rendering the notebook")

    monkeypatch.setattr(write_module, "render_notebook", broken)
    with pytest.raises(RuntimeError, match="injected"):
        write_project(project, paper, analysis, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_failure_with_force_keeps_the_old_directory(
    tmp_path: Path, generated, monkeypatch
) -> None:
    project, paper, analysis = generated
    out = write_project(project, paper, analysis, tmp_path)
    before = (out / "src" / "model.py").read_text()
    monkeypatch.setattr(write_module, "render_notebook", lambda cells: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        write_project(project, paper, analysis, tmp_path, force=True)
    assert (out / "src" / "model.py").read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_config_reads_back_with_pyyaml_and_keeps_every_comment() -> None:
    entries = [
        ConfigEntry(("model", "d_model"), 512, 'Table 1 — "d_model = 512"'),
        ConfigEntry(("training", "adam_eps"), 1e-9, '§5.3 — "epsilon = 10^{-9}"'),
        ConfigEntry(("training", "big"), 1e20, "[UNSPECIFIED] x"),
        ConfigEntry(("smoke", "model", "channel_mults"), [1, 2], "[ASSUMPTION] tiny"),
        ConfigEntry(("model", "flag"), False, "[UNSPECIFIED] y. Alternatives: true."),
    ]
    text = render_config(entries, "A Paper")
    data = yaml.safe_load(text)
    assert data["training"]["adam_eps"] == 1e-9 and isinstance(data["training"]["adam_eps"], float)
    assert data["training"]["big"] == 1e20
    assert data["smoke"]["model"]["channel_mults"] == [1, 2]
    lines = text.splitlines()
    for e in entries:
        line = next(line for line in lines if line.strip().startswith(f"{e.path[-1]}:"))
        assert line.endswith(f"# {e.comment}"), line


def test_force_replaces_a_file_in_the_way(tmp_path: Path, generated) -> None:
    project, paper, analysis = generated
    (tmp_path / project.slug).write_text("not a directory")
    out = write_project(project, paper, analysis, tmp_path, force=True)
    assert (out / "src" / "model.py").is_file()
    assert [p.name for p in tmp_path.iterdir()] == [project.slug]


@pytest.mark.parametrize(
    ("umask", "folder", "file"), [(0o022, 0o755, 0o644), (0o077, 0o700, 0o600)]
)
def test_the_output_takes_the_users_umask(tmp_path: Path, generated, umask, folder, file) -> None:
    project, paper, analysis = generated
    previous = os.umask(umask)
    try:
        out = write_project(project, paper, analysis, tmp_path)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(out.stat().st_mode) == folder
    assert stat.S_IMODE((out / "src").stat().st_mode) == folder
    assert stat.S_IMODE((out / "src" / "model.py").stat().st_mode) == file


def test_requirements_pin_what_this_run_used(tmp_path: Path, generated) -> None:
    """Each package at the version installed here (the one the smoke check ran with), numpy
    beside torch, and a file pip accepts."""
    project, paper, analysis = generated
    out = write_project(project, paper, analysis, tmp_path)
    lines = (out / "requirements.txt").read_text().splitlines()
    pins = {Requirement(line).name.lower(): Requirement(line).specifier for line in lines}
    assert set(pins) == {"torch", "pyyaml", "numpy"}
    for name, spec in pins.items():
        installed = metadata.version(name)
        assert str(spec) == f"=={installed.split('+')[0]}" and spec.contains(installed)


def test_no_written_file_holds_a_configured_key(tmp_path: Path, generated, monkeypatch) -> None:
    # whatever carried it in (a server's echo in a note, a model's answer), the key is masked
    project, paper, analysis = generated
    key = "sk-test-0123456789abcdef"
    monkeypatch.setenv("OPENAI_API_KEY", key)
    echoed = [*project.deviations, f"the server said: Incorrect API key provided: {key}"]
    project = replace(project, deviations=echoed)
    out = write_project(project, paper, analysis, tmp_path)
    written = "".join(p.read_text() for p in out.rglob("*") if p.is_file())
    assert key not in written and "[redacted]" in written


def test_the_equations_index_is_written_when_it_lists_nothing(tmp_path: Path, generated) -> None:
    """A project that computes no equation still says so: `{"equations": []}`."""
    project, paper, analysis = generated
    out = write_project(replace(project, equations=[]), paper, analysis, tmp_path)
    index = out / ".paper2code" / "equations.json"
    assert yaml.safe_load(index.read_text(encoding="utf-8")) == {"equations": []}
