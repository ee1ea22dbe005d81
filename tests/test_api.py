"""The documented Python API (`paper2code.api`) on the fixture papers, and the MCP server's
paper cache, in process."""

from __future__ import annotations

import json
from pathlib import Path

import anyio
import pytest

from paper2code import api
from paper2code.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "papers" / "neurips_style"


@pytest.fixture(scope="module")
def paper():
    return api.load_paper(str(FIXTURE))


def test_load_paper_reads_parse_json_like_the_sources(paper, tmp_path: Path) -> None:
    saved = tmp_path / "paper.json"
    saved.write_text(json.dumps(paper.to_dict()), encoding="utf-8")
    again = api.load_paper(str(saved))
    assert api.outline(again) == api.outline(paper)
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="cannot read paper JSON"):
        api.load_paper(str(broken))


def test_outline_counts_and_sections(paper) -> None:
    got = api.outline(paper)
    assert got.counts == {
        "sections": 10,
        "equations": 3,
        "tables": 2,
        "figures": 1,
        "algorithms": 1,
        "paragraphs": 10,
    }
    appendix = next(s for s in got.sections if s.anchor == "§A.1")
    assert (appendix.appendix, appendix.level, appendix.equations) == (True, 2, ["Eq. 3"])
    unnumbered = next(s for s in got.sections if s.anchor == "§broader-impact")
    assert not unnumbered.numbered


@pytest.mark.parametrize(
    ("anchor", "message"),
    [
        ("Eq 4)", "not an anchor: 'Eq 4)'"),
        ("", "not an anchor: ''"),
        ("Table 7", "the paper has no Table 7"),
        ("§3, Eq. 1", "Eq. 1 is not in §3 (it is in §2.1)"),
    ],
)
def test_lookup_refuses_with_one_line(paper, anchor: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        api.lookup(paper, anchor)
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)


def test_lookup_of_an_algorithm_and_a_compound_anchor(paper) -> None:
    algorithm = api.lookup(paper, "Algorithm 1")
    assert algorithm.caption == "Training SMA" and algorithm.section == "§A.1"
    assert api.lookup(paper, "§2, Eq. 2").anchor == "Eq. 2"  # §2.2 is inside §2


def test_quotes_in_a_part_and_nowhere(paper) -> None:
    inside = api.find_quote(paper, r"$\beta_2 = 0.98$", within="§3")
    assert inside.found and inside.closest is None
    assert api.find_quote(paper, "β2 = 0.98").found  # unicode for the LaTeX
    assert not api.find_quote(paper, "β2 = 0.99").found  # never a different value
    with pytest.raises(InputError, match="the paper has no §9"):
        api.find_quote(paper, "Adam", within="§9")


def test_audit_of_one_section_keeps_only_what_it_says(paper) -> None:
    whole = api.audit(paper)
    appendix = api.audit(paper, section="§A")
    assert appendix.hyperparameters and len(appendix.hyperparameters) < len(whole.hyperparameters)
    for finding in appendix.hyperparameters:
        assert paper.in_section(paper.find(finding.anchor), "§A"), finding
    assert {f.name for f in appendix.hyperparameters} >= {"dropout"}


def test_check_in_memory_files_and_a_missing_directory(paper, tmp_path: Path) -> None:
    report = api.check({"model.py": "DROPOUT = 0.1  # Table 2 — dropout\n"}, paper, strict=True)
    assert report.ok and report.files == 1
    wrong = api.check({"model.py": "DROPOUT = 0.2  # Table 2 — dropout\n"}, paper)
    assert [(f.line, f.rule) for f in wrong.findings] == [(1, "P2C006")]
    with pytest.raises(InputError, match="no such directory"):
        api.check(tmp_path / "missing", paper)


def test_equations_index_that_is_not_json(tmp_path: Path) -> None:
    (tmp_path / ".paper2code").mkdir()
    (tmp_path / ".paper2code" / "equations.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="cannot read"):
        api.equations_index(tmp_path)
    with pytest.raises(InputError, match="no such directory"):
        api.equations_index(tmp_path / "missing")


def test_the_server_reads_each_paper_once(monkeypatch, tmp_path: Path) -> None:
    pytest.importorskip("mcp", reason="the mcp extra is not installed")
    from paper2code import mcp_server, pipeline

    loads: list[str] = []
    real = pipeline.open_paper

    def counting(spec: str, **options):
        loads.append(spec)
        return real(spec, **options)

    # every reader of a PAPER: the API's (the server's cache) and the run pipeline's own
    monkeypatch.setattr(api, "open_paper", counting)
    monkeypatch.setattr(pipeline, "open_paper", counting)
    server = mcp_server.build_server()

    async def calls() -> None:  # at once: the SDK runs each in its own worker thread
        async with anyio.create_task_group() as group:
            group.start_soon(server.call_tool, "outline", {"paper": str(FIXTURE)})
            group.start_soon(server.call_tool, "lookup", {"paper": str(FIXTURE), "anchor": "Eq. 1"})
            group.start_soon(server.call_tool, "check_quote", {"paper": str(FIXTURE), "quote": "A"})
        await server.call_tool("audit", {"paper": str(FIXTURE)})
        run = {"paper": str(FIXTURE), "out_dir": str(tmp_path), "execute": False}
        written = await server.call_tool("run", run)
        assert (
            not written.is_error and (tmp_path / written.structured_content["directory"]).is_dir()
        )

    anyio.run(calls)
    assert loads == [str(FIXTURE)]
