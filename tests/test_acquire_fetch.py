"""acquire() against a real HTTP server on 127.0.0.1 playing arXiv."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pytest
from arxiv_fake import (
    atom_empty,
    atom_entry,
    atom_error,
    gzip_bytes,
    hostile_tarball,
    make_pdf,
    source_tarball,
)
from pytest_httpserver import HTTPServer
from werkzeug import Response

from paper2code.acquire import acquire
from paper2code.acquire.client import ArxivHttp, _Pacer
from paper2code.acquire.settings import Settings
from paper2code.cli import main
from paper2code.errors import NotFoundError, RateLimitedError

ID = "1706.03762"
PDF = make_pdf([["Attention Is All You Need", "1 Introduction", "Recurrent models."]])


@pytest.fixture
def arxiv(httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> HTTPServer:
    monkeypatch.setenv("PAPER2CODE_ARXIV_API_URL", httpserver.url_for("/api/query"))
    monkeypatch.setenv("PAPER2CODE_ARXIV_URL", httpserver.url_for("/"))
    monkeypatch.setenv("PAPER2CODE_ARXIV_INTERVAL", "0")
    monkeypatch.setenv("PAPER2CODE_HTTP_MAX_WAIT", "0.05")
    monkeypatch.setenv("PAPER2CODE_HTTP_RETRIES", "2")
    monkeypatch.setenv("PAPER2CODE_CACHE_DIR", str(tmp_path / "cache"))
    return httpserver


def serve_paper(
    server: HTTPServer,
    *,
    arxiv_id: str = ID,
    version: int = 7,
    eprint: bytes | None = None,
    pdf: bytes | None = PDF,
    requested: str | None = None,
    **entry: object,
) -> None:
    server.expect_request(
        "/api/query", query_string={"id_list": requested or arxiv_id}
    ).respond_with_data(atom_entry(arxiv_id, version, **entry), content_type="application/atom+xml")
    vid = f"{arxiv_id}v{version}"
    body = source_tarball() if eprint is None else eprint
    if body:
        server.expect_request(f"/e-print/{vid}").respond_with_data(
            body, content_type="application/x-eprint-tar"
        )
    else:
        server.expect_request(f"/e-print/{vid}").respond_with_data("", status=404)
    if pdf is not None:
        server.expect_request(f"/pdf/{vid}").respond_with_data(PDF, content_type="application/pdf")
    else:
        server.expect_request(f"/pdf/{vid}").respond_with_data("", status=404)


def cache_entries(tmp_path: Path) -> list[str]:
    root = tmp_path / "cache"
    if not root.exists():
        return []
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())


def paths_requested(server: HTTPServer) -> list[str]:
    return [request.path for request, _ in server.log]


def test_latex_paper_then_cache_hit(arxiv: HTTPServer) -> None:
    serve_paper(arxiv, abstract="Transformers. Code: https://github.com/tensorflow/tensor2tensor")
    messages: list[str] = []
    got = acquire(ID, progress=messages.append)
    assert got.kind == "latex" and not got.from_cache
    assert (got.path / "main.tex").exists() and (got.path / "sections" / "extra.tex").exists()
    assert got.pdf_path is not None and got.pdf_path.read_bytes() == PDF
    meta = got.metadata
    assert meta is not None
    assert (meta.id, meta.version, meta.versioned_id) == (ID, 7, f"{ID}v7")
    assert meta.title == "Attention Is All You Need"  # the feed's hard wrap undone
    assert meta.authors == ["Ashish Vaswani", "Noam Shazeer"]
    assert meta.categories == ["cs.CL", "cs.LG"] and meta.primary_category == "cs.CL"
    assert meta.published.startswith("2017-06-12") and meta.updated.startswith("2023-08-02")
    assert meta.pdf_url.endswith("/pdf/1706.03762v7") and meta.comment == "15 pages, 5 figures"
    assert not meta.withdrawn
    # abstract link first, then the paper's own claim; the cited baseline is not official
    assert meta.official_code == [
        "https://github.com/tensorflow/tensor2tensor",
        "https://github.com/example/tiny_model",
    ]
    assert paths_requested(arxiv) == ["/api/query", f"/e-print/{ID}v7", f"/pdf/{ID}v7"]
    assert any("downloading source" in m for m in messages)

    for spec in (ID, f"{ID}v7", f"https://arxiv.org/abs/{ID}", f"arxiv.org/pdf/{ID}v7.pdf"):
        again = acquire(spec)
        assert again.from_cache and again.path == got.path and again.metadata == meta
    assert len(arxiv.log) == 3  # the second and later runs made no request


def test_new_version_needs_refresh(arxiv: HTTPServer) -> None:
    serve_paper(arxiv, version=1)
    first = acquire(ID)
    assert first.metadata is not None and first.metadata.version == 1
    arxiv.clear()
    serve_paper(arxiv, version=2)
    assert acquire(ID).metadata.version == 1  # type: ignore[union-attr]  # cached; no request
    assert arxiv.log == []
    refreshed = acquire(ID, refresh=True)
    assert refreshed.metadata is not None and refreshed.metadata.version == 2
    assert not refreshed.from_cache
    assert acquire(ID).metadata.version == 2  # type: ignore[union-attr]
    assert acquire(f"{ID}v1", offline=True).metadata.version == 1  # type: ignore[union-attr]


def test_known_version_after_refresh_costs_one_api_call(arxiv: HTTPServer) -> None:
    serve_paper(arxiv)
    acquire(ID)
    arxiv.clear()
    serve_paper(arxiv)
    again = acquire(ID, refresh=True)
    assert not again.from_cache
    assert paths_requested(arxiv) == ["/api/query", f"/e-print/{ID}v7", f"/pdf/{ID}v7"]


def test_single_gzipped_tex(arxiv: HTTPServer) -> None:
    serve_paper(arxiv, eprint=gzip_bytes(b"\\documentclass{article}\n\\begin{document}x\n"))
    got = acquire(ID)
    assert got.kind == "latex" and (got.path / "main.tex").read_text().startswith("\\document")


def test_pdf_only_submission(arxiv: HTTPServer) -> None:
    serve_paper(arxiv, eprint=PDF)
    got = acquire(ID)
    assert got.kind == "pdf" and got.path == got.pdf_path and got.path.read_bytes() == PDF
    assert paths_requested(arxiv) == ["/api/query", f"/e-print/{ID}v7"]  # no second PDF fetch


def test_missing_source_falls_back_to_pdf(arxiv: HTTPServer) -> None:
    serve_paper(arxiv, eprint=b"")
    got = acquire(ID)
    assert got.kind == "pdf" and got.path.read_bytes() == PDF


def test_old_style_id(arxiv: HTTPServer) -> None:
    serve_paper(arxiv, arxiv_id="hep-th/9901001", version=2, requested="hep-th/9901001v2")
    got = acquire("hep-th/9901001v2")
    assert got.metadata is not None and got.metadata.versioned_id == "hep-th/9901001v2"
    assert "hep-th_9901001" in got.path.as_posix()


def test_withdrawn_without_source(arxiv: HTTPServer) -> None:
    serve_paper(arxiv, version=3, eprint=b"", comment="This paper has been withdrawn by the author")
    with pytest.raises(NotFoundError) as info:
        acquire(ID)
    assert "withdrawn" in str(info.value) and f"{ID}v2" in str(info.value)


@pytest.mark.parametrize("answer", [atom_empty(), atom_error()])
def test_unknown_id(arxiv: HTTPServer, answer: str, tmp_path: Path) -> None:
    arxiv.expect_request("/api/query").respond_with_data(answer)
    with pytest.raises(NotFoundError, match="arXiv has no paper 2312.99999"):
        acquire("2312.99999")
    assert cache_entries(tmp_path) == []


def test_retry_after_503_then_success(arxiv: HTTPServer) -> None:
    arxiv.expect_oneshot_request("/api/query").respond_with_data(
        "busy", status=503, headers={"Retry-After": "1"}
    )
    serve_paper(arxiv)
    started = time.monotonic()
    got = acquire(ID)
    assert got.kind == "latex"
    assert paths_requested(arxiv)[:2] == ["/api/query", "/api/query"]
    assert time.monotonic() - started < 0.9  # Retry-After: 1 was capped by the max wait


def test_retry_after_is_honoured_up_to_the_cap() -> None:
    http = ArxivHttp(Settings(max_wait=30))
    try:
        assert http._delay(0, "7") == 7
        assert http._delay(0, "120") == 30
        assert http._delay(2, None) == 4  # exponential backoff without a header
        assert 0 <= http._delay(0, "Wed, 21 Oct 2015 07:28:00 GMT") <= 30  # a past date
    finally:
        http.close()


def test_rate_limited_after_retries(arxiv: HTTPServer) -> None:
    arxiv.expect_request("/api/query").respond_with_data("slow down", status=429)
    with pytest.raises(RateLimitedError):
        acquire(ID)
    assert len(arxiv.log) == 3  # one try and two retries


def test_rate_exceeded_body_is_a_rate_limit(arxiv: HTTPServer) -> None:
    arxiv.expect_request("/api/query").respond_with_data(
        "Rate exceeded.", content_type="text/plain"
    )
    with pytest.raises(RateLimitedError):
        acquire(ID)


def test_pacing_between_requests() -> None:
    pacer = _Pacer()
    started = time.monotonic()
    for _ in range(3):
        pacer.wait(0.1)
    assert time.monotonic() - started >= 0.2


def test_user_agent_names_the_tool(arxiv: HTTPServer) -> None:
    serve_paper(arxiv)
    acquire(ID)
    request, _ = arxiv.log[0]
    assert request.headers["User-Agent"].startswith("paper2code/")


# ---- the CLI: one-line messages and exit codes ---------------------------------------------


def test_fetch_cli_prints_metadata(arxiv: HTTPServer, capsys: pytest.CaptureFixture[str]) -> None:
    serve_paper(arxiv, journal_ref="NeurIPS 2017")
    assert main(["fetch", ID]) == 0
    shown = capsys.readouterr().out
    assert "Attention Is All You Need" in shown and f"arXiv {ID}v7" in shown
    assert "cs.CL, cs.LG" in shown and "Ashish Vaswani" in shown
    assert "https://github.com/example/tiny_model" in shown and "journal: NeurIPS 2017" in shown
    assert "LaTeX sources:" in shown and "PDF:" in shown
    assert main(["fetch", ID, "--offline", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["from_cache"] and data["kind"] == "latex"
    assert data["metadata"]["version"] == 7 and Path(data["path"]).is_dir()
    assert len(arxiv.log) == 3


def test_fetch_cli_reports_withdrawn(arxiv: HTTPServer, capsys: pytest.CaptureFixture[str]) -> None:
    serve_paper(arxiv, comment="This paper has been withdrawn due to a flaw in Lemma 2")
    assert main(["fetch", ID]) == 0
    captured = capsys.readouterr()
    assert "status: WITHDRAWN" in captured.out and "withdrawn" in captured.err


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert err, "expected an error message"
    last = err[-1]
    assert last.startswith("error:") and "Traceback" not in "\n".join(err)
    return last


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(
    ("setup", "code", "words"),
    [
        ("unknown", 3, "no paper"),
        ("down", 4, "cannot reach 127.0.0.1"),
        ("rate", 5, "rate-limiting"),
        ("corrupt", 6, "corrupt"),
        ("absolute", 6, "unsafe"),
        ("dotdot", 6, "unsafe"),
        ("symlink", 6, "unsafe"),
        ("bomb", 6, "refusing to unpack"),
        ("toolarge", 6, "refusing to download"),
        ("offline", 7, "not in the cache"),
        ("badspec", 2, "expected an arXiv ID"),
    ],
)
def test_failures_exit_codes(
    arxiv: HTTPServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    setup: str,
    code: int,
    words: str,
) -> None:
    args = ["fetch", ID]
    if setup == "unknown":
        arxiv.expect_request("/api/query").respond_with_data(atom_empty())
    elif setup == "down":
        port = closed_port()
        monkeypatch.setenv("PAPER2CODE_ARXIV_API_URL", f"http://127.0.0.1:{port}/api/query")
    elif setup == "rate":
        arxiv.expect_request("/api/query").respond_with_response(
            Response("no", status=429, headers={"Retry-After": "0"})
        )
    elif setup == "corrupt":
        serve_paper(arxiv, eprint=source_tarball()[:100])
    elif setup in {"absolute", "dotdot", "symlink", "bomb"}:
        serve_paper(arxiv, eprint=hostile_tarball(setup))
    elif setup == "toolarge":
        monkeypatch.setenv("PAPER2CODE_MAX_SOURCE_BYTES", "1000")
        serve_paper(arxiv, eprint=b"\x1f\x8b" + bytes(5000))
    elif setup == "offline":
        args.append("--offline")
    elif setup == "badspec":
        args = ["fetch", "attention please"]
    assert main(args) == code
    message = one_line_error(capsys)
    assert words in message
    assert cache_entries(tmp_path) in ([], ["arxiv"], ["arxiv", "arxiv/1706.03762"])
    assert not (tmp_path / "evil.tex").exists()


def test_offline_and_refresh_conflict(
    arxiv: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["fetch", ID, "--offline", "--refresh"]) == 2
    assert "cannot be used together" in one_line_error(capsys)


def test_open_paper_merges_arxiv_metadata(arxiv: HTTPServer) -> None:
    from pdf_paper import PAGES

    from paper2code.pipeline import open_paper

    serve_paper(arxiv, eprint=make_pdf(PAGES), comment="Code: https://github.com/ada/tiny")
    paper = open_paper(f"https://arxiv.org/abs/{ID}")
    meta = paper.meta
    assert (meta.arxiv_id, meta.version) == (ID, "v7")
    assert meta.source == f"https://arxiv.org/abs/{ID}"
    assert meta.official_code == ["https://github.com/ada/tiny"]
    assert meta.authors == ["Ashish Vaswani", "Noam Shazeer"]  # the PDF reader finds none
    assert meta.title == "Attention Is All You Need"  # arXiv's record beats the PDF's guess
    assert paper.find("Eq. 3") is not None


def test_open_paper_latex_from_arxiv(arxiv: HTTPServer, capsys: pytest.CaptureFixture[str]) -> None:
    from paper2code.pipeline import open_paper

    serve_paper(arxiv)
    paper = open_paper(ID)
    assert [s.anchor for s in paper.sections] == ["§1", "§2", "§2.1"]  # \input followed
    assert paper.find("Eq. 1") is not None
    assert paper.meta.official_code == ["https://github.com/example/tiny_model"]
    assert (paper.meta.arxiv_id, paper.meta.version, paper.meta.source) == (ID, "v7", ID)
    assert paper.meta.title == "Attention Is All You Need"  # the source has no \title
    requests = len(arxiv.log)
    assert main(["parse", ID, "--offline"]) == 0  # served from the cache
    assert "Method" in capsys.readouterr().out and len(arxiv.log) == requests


@pytest.mark.parametrize("single", [False, True])
def test_eprint_sent_with_content_encoding(arxiv: HTTPServer, single: bool) -> None:
    # arXiv may mark the gzip as a transfer encoding; the client then sees a bare tar or .tex.
    body = b"% a comment first\n\\input{macros}\n\\begin{document}x\\end{document}\n"
    raw = gzip_bytes(body) if single else source_tarball()
    arxiv.expect_request("/api/query").respond_with_data(atom_entry(ID, 7))
    arxiv.expect_request(f"/e-print/{ID}v7").respond_with_data(
        raw, headers={"Content-Encoding": "gzip"}, content_type="application/x-eprint-tar"
    )
    arxiv.expect_request(f"/pdf/{ID}v7").respond_with_data(PDF, content_type="application/pdf")
    got = acquire(ID)
    assert got.kind == "latex"
    expected = "main.tex" if single else "sections/extra.tex"
    assert (got.path / expected).exists()


def test_source_without_tex_falls_back_to_pdf(arxiv: HTTPServer) -> None:
    from arxiv_fake import tarball

    serve_paper(arxiv, eprint=tarball({"fig.png": b"\x89PNG", "readme.txt": b"figures only"}))
    got = acquire(ID)
    assert got.kind == "pdf" and got.path.read_bytes() == PDF
    assert not (got.path.parent / "source").exists()


def test_pdf_failure_does_not_lose_the_source(arxiv: HTTPServer) -> None:
    arxiv.expect_request("/api/query").respond_with_data(atom_entry(ID, 7))
    arxiv.expect_request(f"/e-print/{ID}v7").respond_with_data(source_tarball())
    arxiv.expect_request(f"/pdf/{ID}v7").respond_with_data("down", status=503)
    messages: list[str] = []
    got = acquire(ID, progress=messages.append)
    assert got.kind == "latex" and got.pdf_path is None
    assert any("could not fetch the PDF" in m for m in messages)
    assert paths_requested(arxiv).count(f"/pdf/{ID}v7") == 3  # retried before giving up


def test_an_atom_answer_with_entities_is_refused_unexpanded(
    arxiv: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    # "billion laughs": each entity expands to ten of the one before it
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10 if n else "lol"}">' for n in range(10))
    feed = (
        atom_entry(ID, 7)
        .replace("<feed ", f"<!DOCTYPE feed [{laughs}]>\n<feed ", 1)
        .replace("<title>Attention", "<title>&l9; Attention")
    )
    arxiv.expect_request("/api/query").respond_with_data(feed)
    assert main(["fetch", ID]) == 4
    err = capsys.readouterr().err
    assert "declares XML entities; refused" in err and "lol" not in err
