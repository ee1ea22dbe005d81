from pathlib import Path

from paper2code.acquire.links import code_links_in_sources, find_code_links, official_code_links


def test_find_code_links_normalises() -> None:
    text = (
        "Code: github.com/google/flax. See \\url{https://github.com/openai/guided\\_diffusion.git}"
        " and \\href{https://gitlab.com/grp/proj/-/tree/main}{here}; (https://github.com/a/b)."
        " Not a repo: https://github.com/features/actions or https://github.com/onlyowner ."
        " Again: https://GitHub.com/google/flax"
    )
    assert find_code_links(text) == [
        "https://github.com/google/flax",
        "https://github.com/openai/guided_diffusion",
        "https://gitlab.com/grp/proj/-/tree/main",
        "https://github.com/a/b",
    ]


def test_official_links_need_a_claim() -> None:
    body = (
        "We build on the toolkit at https://github.com/other/toolkit for data loading.\n"
        "Our code is available at https://github.com/me/mine.\n"
    )
    assert official_code_links(body) == ["https://github.com/me/mine"]


def test_sources_skip_comments_and_bibliography(tmp_path: Path) -> None:
    (tmp_path / "main.tex").write_text(
        "% our code: https://github.com/hidden/in-comment\n"
        "We release our implementation at \\url{https://github.com/me/paper}.\n"
        "\\begin{thebibliography}{1}\\bibitem{x} Our code https://github.com/cited/work\n"
    )
    (tmp_path / "refs.bib").write_text("url={https://github.com/bib/entry}, our code")
    assert code_links_in_sources(tmp_path) == ["https://github.com/me/paper"]
    assert code_links_in_sources(tmp_path / "main.tex") == ["https://github.com/me/paper"]


def test_sources_read_no_more_than_the_latex_budget(tmp_path: Path, monkeypatch) -> None:
    # A link past the byte budget is never read: a huge .tex file cannot hold the run.
    filler = "x" * 5000 + "\n"
    (tmp_path / "main.tex").write_text(
        "We release our implementation at \\url{https://github.com/me/early}.\n"
        + filler
        + "Our code is available at \\url{https://github.com/me/late}.\n"
    )
    monkeypatch.setenv("PAPER2CODE_MAX_TEX_BYTES", "2000")
    assert code_links_in_sources(tmp_path) == ["https://github.com/me/early"]
    monkeypatch.delenv("PAPER2CODE_MAX_TEX_BYTES")
    assert code_links_in_sources(tmp_path) == [
        "https://github.com/me/early",
        "https://github.com/me/late",
    ]
