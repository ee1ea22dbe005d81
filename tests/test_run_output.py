"""`paper2code run` writes its output once, after judging it: an output that fails its checks
carries its `[UNVERIFIED]` marks in the written files, and the verdict the run reports is the
verdict on exactly those files."""

from __future__ import annotations

import tempfile
from pathlib import Path

from engine_support import EXAMPLE, example

from paper2code import pipeline
from paper2code.engines.builtin import BuiltinEngine
from paper2code.engines.shape import declare
from paper2code.request import RunProgress, RunRequest
from paper2code.verify import check_directory


class Uncited(BuiltinEngine):
    """The built-in project with an uncited magic number in src/model.py; it cannot repair."""

    def generate(self, paper, analysis, options):
        project = super().generate(paper, analysis, options)
        project.files["src/model.py"] += "\nMAGIC = 1234\n"
        project.declared = declare(project)  # the policy's shape check still passes
        return project


def test_a_failed_output_is_written_once_with_its_marks(tmp_path: Path, monkeypatch) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where the scratch copies go
    monkeypatch.setattr(pipeline, "get_engine", lambda name: Uncited())
    monkeypatch.setattr(pipeline, "analyse", lambda paper: example()[1])
    writes: list[dict[str, str]] = []
    real_write = pipeline.write_files

    def write_files(files, out_dir, slug, *, force=False):
        writes.append(dict(files))
        return real_write(files, out_dir, slug, force=force)

    monkeypatch.setattr(pipeline, "write_files", write_files)
    stages: list[str] = []
    request = RunRequest(str(EXAMPLE), out_dir=tmp_path / "out", execute=False)
    report = pipeline.run(request, RunProgress(stages.append))

    assert report.status == "failed" and len(writes) == 1
    assert stages.index("mark") < stages.index("write") == len(stages) - 1
    # the marks are in the written file, on the rejected line itself
    model = (report.directory / "src" / "model.py").read_text(encoding="utf-8")
    [line] = [row for row in model.splitlines() if row.startswith("MAGIC = 1234")]
    assert line.endswith("# [UNVERIFIED] P2C007 silent-assumption")
    notes = (report.directory / "REPRODUCTION_NOTES.md").read_text(encoding="utf-8")
    assert "Unresolved — src/model.py:" in notes and "P2C007" in notes
    assert report.tags["UNVERIFIED"] == 1
    # the reported verdict is the verdict on the written files: checking them again agrees
    again = check_directory(report.directory, example()[0], strict=True, run=False)
    seen = [(f.file, f.line, f.rule) for f in report.findings]
    assert seen == [(f.file, f.line, f.rule) for f in again.findings]
    assert ("src/model.py", model.splitlines().index(line) + 1, "P2C009") in seen
    assert sorted(writes[0]) == report.files
    assert not list(scratch.iterdir())  # every scratch copy is gone
