"""Local inputs, and open_paper: acquire + the matching reader + arXiv metadata merged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from arxiv_fake import MAIN_TEX, gzip_bytes, hostile_tarball, make_pdf, source_tarball, tarball
from pdf_paper import PAGES

from paper2code.acquire import acquire
from paper2code.acquire.cache import Cache, building
from paper2code.cli import main
from paper2code.errors import ArchiveError, InputError
from paper2code.pipeline import open_paper


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("PAPER2CODE_CACHE_DIR", str(root))
    # Local inputs never touch the network: an unreachable arXiv proves it.
    monkeypatch.setenv("PAPER2CODE_ARXIV_API_URL", "http://127.0.0.1:9/api/query")
    monkeypatch.setenv("PAPER2CODE_ARXIV_URL", "http://127.0.0.1:9")
    return root


def test_folder_and_tex_file(tmp_path: Path) -> None:
    folder = tmp_path / "paper"
    folder.mkdir()
    (folder / "main.tex").write_text("\\documentclass{article}\n")
    got = acquire(str(folder))
    assert (got.kind, got.path, got.metadata, got.pdf_path) == ("latex", folder, None, None)
    got = acquire(str(folder / "main.tex"))
    assert (got.kind, got.path) == ("latex", folder / "main.tex")


def test_folder_without_tex(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no .tex files"):
        acquire(str(tmp_path / "empty"))


def test_pdf_by_content(tmp_path: Path) -> None:
    pdf = tmp_path / "download"  # no extension, as browsers sometimes save it
    pdf.write_bytes(make_pdf(PAGES))
    got = acquire(str(pdf))
    assert got.kind == "pdf" and got.path == pdf == got.pdf_path


def test_archive_unpacked_once_into_cache(tmp_path: Path, cache: Path) -> None:
    archive = tmp_path / "source.tar.gz"
    archive.write_bytes(source_tarball())
    first = acquire(str(archive))
    assert first.kind == "latex" and not first.from_cache
    assert (first.path / "main.tex").exists() and cache in first.path.parents
    second = acquire(str(archive))
    assert second.from_cache and second.path == first.path
    third = acquire(str(archive), refresh=True)
    assert not third.from_cache and (third.path / "main.tex").exists()


def test_single_gz_tex(tmp_path: Path) -> None:
    archive = tmp_path / "2301.00001.gz"
    archive.write_bytes(gzip_bytes(b"\\documentclass{article}\n"))
    got = acquire(str(archive))
    assert got.kind == "latex" and (got.path / "main.tex").exists()


def test_hostile_local_archive_leaves_no_cache_entry(tmp_path: Path, cache: Path) -> None:
    archive = tmp_path / "evil.tar.gz"
    archive.write_bytes(hostile_tarball("dotdot"))
    with pytest.raises(ArchiveError):
        acquire(str(archive))
    assert not (cache / "local").exists()  # no entry, and no empty folder for one


def test_unreadable_kind(tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("just some notes")
    with pytest.raises(InputError, match="not LaTeX, a PDF"):
        acquire(str(junk))


def test_open_paper_pdf_local(tmp_path: Path) -> None:
    pdf = tmp_path / "tiny.pdf"
    pdf.write_bytes(make_pdf(PAGES))
    paper = open_paper(str(pdf))
    assert paper.meta.source == str(pdf) and paper.meta.arxiv_id is None
    assert paper.find("§2.1") is not None


def test_parse_cli_reads_a_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "tiny.pdf"
    pdf.write_bytes(make_pdf(PAGES))
    assert main(["parse", str(pdf), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    anchors = [e["anchor"] for e in data["elements"] if e["kind"] == "section"]
    assert anchors[:3] == ["§1", "§2", "§2.1"]


def test_parse_cli_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(tmp_path / "nope.pdf")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_open_paper_real_multi_file_source(corpus: Path) -> None:
    paper = open_paper(str(corpus / "dd3d-pretraining"))
    assert paper.sections and paper.meta.source.endswith("dd3d-pretraining")
    assert paper.meta.arxiv_id is None


def test_parse_cli_outline_of_a_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "tiny.pdf"
    pdf.write_bytes(make_pdf(PAGES))
    assert main(["parse", str(pdf)]) == 0
    shown = capsys.readouterr().out
    assert "Positional Encoding" in shown and "Table 1" in shown


def test_open_paper_local_latex_collects_official_code(tmp_path: Path) -> None:
    archive = tmp_path / "source.tar.gz"
    archive.write_bytes(source_tarball())
    paper = open_paper(str(archive))
    assert paper.meta.official_code == ["https://github.com/example/tiny_model"]
    assert [s.anchor for s in paper.sections] == ["§1", "§2", "§2.1"]


def test_damaged_cache_entry_is_ignored(tmp_path: Path, cache: Path) -> None:
    archive = tmp_path / "source.tar.gz"
    archive.write_bytes(source_tarball())
    first = acquire(str(archive))
    (first.path.parent / "entry.json").write_text("{}")
    again = acquire(str(archive))
    assert not again.from_cache and (again.path / "main.tex").exists()


def test_the_unpack_cap_is_set_by_its_variable_and_validated(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "source.tar.gz"
    archive.write_bytes(
        tarball({"main.tex": MAIN_TEX.encode(), "figures/big.png": b"\0" * (2 << 20)})
    )
    monkeypatch.setenv("PAPER2CODE_MAX_SOURCE_BYTES", str(1 << 20))
    assert main(["parse", str(archive)]) == 6
    *progress, error = capsys.readouterr().err.strip().splitlines()
    assert progress == [f"unpacking {archive}"]  # then one line: the problem and the fix
    assert error.startswith("error: source.tar.gz unpacks to more than 1048576 bytes")
    assert "set PAPER2CODE_MAX_SOURCE_BYTES" in error
    assert not (cache / "local").exists()  # no entry, and no empty folder for one
    monkeypatch.setenv("PAPER2CODE_MAX_SOURCE_BYTES", str(3 << 20))
    assert main(["parse", str(archive)]) == 0
    entry = next((cache / "local").iterdir())
    assert sum(p.stat().st_size for p in entry.rglob("*") if p.is_file()) < 10_000
    for bad in ("0", "-1", "2GB"):
        monkeypatch.setenv("PAPER2CODE_MAX_SOURCE_BYTES", bad)
        assert main(["parse", str(archive)]) == 2
        assert "PAPER2CODE_MAX_SOURCE_BYTES" in capsys.readouterr().err


def test_a_failed_build_leaves_no_empty_folder(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    final = cache.version_dir("2401.00001", 1)
    with pytest.raises(ArchiveError), building(final):
        raise ArchiveError("the download broke")
    assert not cache.paper_dir("2401.00001").exists()
    cache.set_latest("2401.00002", 1)  # a folder with something in it is kept
    with pytest.raises(ArchiveError), building(cache.version_dir("2401.00002", 2)):
        raise ArchiveError("the download broke")
    assert [p.name for p in cache.paper_dir("2401.00002").iterdir()] == ["latest"]
