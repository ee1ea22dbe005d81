from pathlib import Path

import pytest

from paper2code.acquire.ids import ArxivRef, LocalRef, resolve
from paper2code.errors import InputError


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("1706.03762", ArxivRef("1706.03762")),
        ("1706.03762v7", ArxivRef("1706.03762", 7)),
        ("arXiv:1706.03762", ArxivRef("1706.03762")),
        ("arxiv:2106.09685v2", ArxivRef("2106.09685", 2)),
        ("0704.0001", ArxivRef("0704.0001")),
        ("2006.11239.pdf", ArxivRef("2006.11239")),
        ("https://arxiv.org/abs/2106.09685v2", ArxivRef("2106.09685", 2)),
        ("http://arxiv.org/abs/1706.03762", ArxivRef("1706.03762")),
        ("arxiv.org/pdf/2006.11239", ArxivRef("2006.11239")),
        ("https://arxiv.org/pdf/2006.11239v2.pdf", ArxivRef("2006.11239", 2)),
        ("https://www.arxiv.org/abs/1706.03762/", ArxivRef("1706.03762")),
        ("https://export.arxiv.org/abs/1706.03762?context=cs", ArxivRef("1706.03762")),
        ("https://arxiv.org/html/2402.01234v1#S3", ArxivRef("2402.01234", 1)),
        ("https://arxiv.org/e-print/1706.03762v1", ArxivRef("1706.03762", 1)),
        ("hep-th/9901001", ArxivRef("hep-th/9901001")),
        ("hep-th/9901001v2", ArxivRef("hep-th/9901001", 2)),
        ("cs/0601007", ArxivRef("cs/0601007")),
        ("math.GT/0309136", ArxivRef("math/0309136")),
        ("arxiv.org/abs/hep-th/9901001v2", ArxivRef("hep-th/9901001", 2)),
        ("  1706.03762  ", ArxivRef("1706.03762")),
    ],
)
def test_arxiv_forms(spec: str, expected: ArxivRef) -> None:
    assert resolve(spec) == expected


def test_versioned_string() -> None:
    assert str(ArxivRef("hep-th/9901001", 2)) == "hep-th/9901001v2"
    assert ArxivRef("1706.03762").versioned == "1706.03762"


@pytest.mark.parametrize(
    "spec",
    ["attention is all you need", "1706.0376", "1713.03762", "1706.03762v0", "", "12345", "x:y"],
)
def test_rejects_with_accepted_forms(spec: str) -> None:
    with pytest.raises(InputError) as info:
        resolve(spec)
    assert info.value.exit_code == 2
    if spec.strip() and spec != "1706.03762v0":
        assert "1706.03762" in str(info.value) and ".pdf" in str(info.value)


def test_local_paths_win(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "paper.tex").write_text("\\documentclass{article}")
    assert resolve(str(tmp_path / "paper.tex")) == LocalRef(tmp_path / "paper.tex")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "1706.03762").mkdir()  # an unpacked e-print named after its ID
    assert resolve("1706.03762") == LocalRef(Path("1706.03762"))


def test_missing_local_path_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        resolve(str(tmp_path / "missing.pdf"))
    with pytest.raises(InputError, match="no such file"):
        resolve("./paper/")
