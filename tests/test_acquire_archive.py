import io
import tarfile
from pathlib import Path

import pytest
from arxiv_fake import gzip_bytes, hostile_tarball, make_pdf, source_tarball, tarball

from paper2code.acquire.archive import Content, sniff, unpack
from paper2code.errors import ArchiveError

CAPS = {"max_bytes": 1 << 20, "max_members": 50}


def _file(tmp_path: Path, data: bytes, name: str = "download") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_sniff_by_content_not_name(tmp_path: Path) -> None:
    assert sniff(_file(tmp_path, source_tarball(), "a.pdf")) is Content.TARBALL
    assert sniff(_file(tmp_path, tarball({"x.tex": b"x"}, gz=False), "b")) is Content.TARBALL
    assert sniff(_file(tmp_path, gzip_bytes(b"\\documentclass{article}"), "c")) is Content.GZIP_FILE
    assert sniff(_file(tmp_path, make_pdf([["hi"]]), "d.tar.gz")) is Content.PDF
    assert sniff(_file(tmp_path, b"\\documentclass{article}\n", "e")) is Content.TEX
    assert sniff(_file(tmp_path, b"%!PS-Adobe-2.0\n", "f")) is Content.UNKNOWN


def test_unpack_tarball(tmp_path: Path) -> None:
    dest = tmp_path / "out"
    found = unpack(_file(tmp_path, source_tarball()), dest, **CAPS)
    assert found is Content.TARBALL
    assert (dest / "main.tex").read_text().startswith("\\documentclass")
    assert (dest / "sections" / "extra.tex").exists()


def test_unpack_single_gzip_tex_and_pdf(tmp_path: Path) -> None:
    found = unpack(_file(tmp_path, gzip_bytes(b"\\documentclass{article}")), tmp_path / "a", **CAPS)
    assert found is Content.TEX and (tmp_path / "a" / "main.tex").exists()
    found = unpack(_file(tmp_path, gzip_bytes(make_pdf([["x"]])), "p"), tmp_path / "b", **CAPS)
    assert found is Content.PDF and (tmp_path / "b" / "paper.pdf").exists()


@pytest.mark.parametrize("kind", ["absolute", "dotdot", "symlink", "bomb"])
def test_hostile_archives_refused(tmp_path: Path, kind: str) -> None:
    work = tmp_path / "deep" / "er"
    work.mkdir(parents=True)
    with pytest.raises(ArchiveError) as info:
        unpack(_file(work, hostile_tarball(kind)), work / "out", **CAPS)
    assert info.value.exit_code == 6
    assert not (tmp_path / "evil.tex").exists() and not Path("/tmp/paper2code-evil.tex").exists()
    assert not (work / "out" / "escape").exists()
    assert not (work / "out" / "huge.tex").exists()


def test_member_and_size_caps(tmp_path: Path) -> None:
    many = tarball({f"f{i}.tex": b"x" for i in range(10)})
    with pytest.raises(ArchiveError, match="more than 5 files"):
        unpack(_file(tmp_path, many), tmp_path / "a", max_bytes=1 << 20, max_members=5)
    bomb = gzip_bytes(b"\\documentclass{article}" + b" " * 100_000)
    with pytest.raises(ArchiveError, match="more than 50000 bytes"):
        unpack(_file(tmp_path, bomb, "g"), tmp_path / "b", max_bytes=50_000, max_members=5)


def test_corrupt_archives(tmp_path: Path) -> None:
    truncated = source_tarball()[:60]
    with pytest.raises(ArchiveError, match="corrupt"):
        unpack(_file(tmp_path, truncated), tmp_path / "a", **CAPS)
    garbage = b"\x1f\x8b\x08\x00" + b"\xff" * 200
    with pytest.raises(ArchiveError, match="corrupt"):
        unpack(_file(tmp_path, garbage, "g"), tmp_path / "b", **CAPS)


def test_only_sources_are_written(tmp_path: Path) -> None:
    sources = {
        "main.tex": b"\\documentclass{article}",
        "sections/method.tex": b"\\section{Method}",
        "refs.bib": b"@article{a}",
        "main.bbl": b"\\begin{thebibliography}{1}",
        "icml2024.sty": b"\\ProvidesPackage{icml2024}",
        "icml.bst": b"ENTRY",
        "ACM.cls": b"\\ProvidesClass{ACM}",
    }
    others = {
        "figures/plot.png": b"\x89PNG\r\n\x1a\n" + b"\0" * 5000,
        "figures/arch.pdf": b"%PDF-1.4",
        "photo.JPG": b"\xff\xd8\xff",
        "data/results.csv": b"a,b\n1,2\n",
        "anc/weights.npz": b"PK",
    }
    dest = tmp_path / "out"
    unpack(_file(tmp_path, tarball(sources | others)), dest, **CAPS)
    written = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
    assert written == sorted(sources)
    assert not (dest / "figures").exists() and not (dest / "data").exists()


def test_unsafe_members_are_refused_even_when_they_would_be_skipped(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        link = tarfile.TarInfo("figures")  # not a source name, and a link out of the folder
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc"
        tar.addfile(link)
    with pytest.raises(ArchiveError, match="unsafe member refused"):
        unpack(_file(tmp_path, buf.getvalue()), tmp_path / "out", **CAPS)


def test_skipped_members_count_toward_the_cap(tmp_path: Path) -> None:
    # 1 KB on disk, 3 MB unpacked: figures are not written, but unpacking them is the bomb.
    bomb = tarball({"main.tex": b"\\documentclass{article}", "fig.png": b"\0" * (3 << 20)})
    assert len(bomb) < 10_000
    with pytest.raises(ArchiveError, match=f"more than {1 << 20} bytes") as info:
        unpack(_file(tmp_path, bomb), tmp_path / "out", **CAPS)
    assert "PAPER2CODE_MAX_SOURCE_BYTES" in str(info.value)
    unpack(_file(tmp_path, bomb), tmp_path / "ok", max_bytes=4 << 20, max_members=5)
    assert [p.name for p in (tmp_path / "ok").iterdir()] == ["main.tex"]
