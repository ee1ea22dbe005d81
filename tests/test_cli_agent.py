"""The agent surface on the command line: `run --json`, `skill install`, and `mcp` without its
extra."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml
from engine_support import EXAMPLE

from paper2code.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_run_json_is_one_object_describing_the_written_directory(tmp_path: Path, capsys) -> None:
    code = main(["run", str(EXAMPLE), "--out", str(tmp_path), "--no-run", "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    summary = json.loads(captured.out)  # the whole of stdout: nothing else is printed there
    directory = tmp_path / "tiny_transformer"
    assert summary["directory"] == str(directory) and summary["ok"] is True
    written = sorted(str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file())
    assert summary["files"] == written
    assert (summary["mode"], summary["framework"]) == ("minimal", "pytorch")
    config = (directory / "configs" / "base.yaml").read_text(encoding="utf-8")
    assert summary["flags"]["UNSPECIFIED"] >= config.count("[UNSPECIFIED]") > 0
    implemented = {p["name"]: p["anchor"] for p in summary["implemented"]}
    assert implemented["Multi-head attention"] == "§2.3, Eq. 2"
    assert all(p["anchor"] for p in summary["implemented"])
    assert summary["skeletons"] == []
    assert summary["smoke"] is None and summary["notebook"] is None  # --no-run
    assert summary["verify"] == {
        "ok": True,
        "findings": [],
        "coverage": summary["verify"]["coverage"],
    }
    cited, total = (summary["verify"]["coverage"]["equations"][k] for k in ("cited", "total"))
    assert 0 < cited <= total
    assert summary["usage"] is None  # the built-in engine sends no requests
    assert "writing the output directory" in captured.err  # progress stays on stderr


def test_skill_install_writes_a_valid_skill(tmp_path: Path, capsys) -> None:
    target = tmp_path / "skills" / "paper2code"
    assert main(["skill", "install", "--dir", str(target)]) == 0
    path = target / "SKILL.md"
    assert f"wrote {path}" in capsys.readouterr().out
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n(.*)", text, re.DOTALL)
    assert match, "SKILL.md starts with YAML front matter"
    front = yaml.safe_load(match.group(1))
    # Agent Skills: name in lowercase letters, digits and hyphens (at most 64), matching its
    # folder; a description of at most 1024 characters saying what it does and when to use it.
    assert set(front) == {"name", "description"}
    assert re.fullmatch(r"[a-z0-9-]{1,64}", front["name"]) and front["name"] == target.name
    assert 0 < len(front["description"]) <= 1024 and "Use when" in front["description"]
    body = match.group(2)
    for must in (
        "outline",
        "lookup",
        "check_quote",
        "paper2code check DIR --paper PAPER --strict",
        "REPRODUCTION_NOTES.md",
        "[UNSPECIFIED]",
        "claude mcp add paper2code -- paper2code mcp",
        '"mcpServers"',
    ):
        assert must in body, must


def test_skill_install_defaults_to_the_project_skills_folder(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["skill", "install"]) == 0
    assert (tmp_path / ".claude" / "skills" / "paper2code" / "SKILL.md").is_file()
    blocker = tmp_path / "a_file"
    blocker.write_text("", encoding="utf-8")
    capsys.readouterr()
    assert main(["skill", "install", "--dir", str(blocker / "skill")]) == 2
    err = capsys.readouterr().err
    assert "cannot write" in err and "choose another --dir" in err
    assert "Traceback" not in err


def test_mcp_without_its_extra_says_how_to_install_it(tmp_path: Path) -> None:
    """An environment without the mcp package: one line naming the extra, exit 2."""
    (tmp_path / "mcp").mkdir()
    (tmp_path / "mcp" / "__init__.py").write_text(
        "raise ImportError('No module named mcp')\n", encoding="utf-8"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT / "src")]))
    proc = subprocess.run(
        [sys.executable, "-m", "paper2code", "mcp"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.strip() == (
        "error: the MCP server needs the mcp package (pip install 'paper2code[mcp]')"
    )


def test_the_skill_teaches_tags_the_checker_accepts() -> None:
    """Every tag example of SKILL.md, as a comment line, is well-formed and carries its reason
    (the checker's grammar and flag rules; the anchors name no particular paper)."""
    from paper2code.paper import load_paper
    from paper2code.skill import skill_text
    from paper2code.verify import check_files

    examples = [
        code[code.index("#") :]
        for code in re.findall(r"`([^`\n]*#[^`\n]*)`", skill_text())
        if "§" in code or "[" in code
    ]
    assert len(examples) >= 6
    report = check_files({"examples.py": "\n".join(examples) + "\n"}, load_paper(EXAMPLE))
    assert [f for f in report.findings if f.rule in ("P2C001", "P2C008")] == []
