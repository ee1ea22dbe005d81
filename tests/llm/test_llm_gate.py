"""The gate: generate, verify, repair with the findings, and report what still fails."""

from __future__ import annotations

from dataclasses import dataclass, replace

from scripted_llm import fault, transcript
from warm_python import python

from paper2code.analyse import analyse
from paper2code.analyse.model import Analysis
from paper2code.engines.base import Options, Problem, Project
from paper2code.engines.llm import LLMEngine, Settings
from paper2code.engines.llm.context import cited
from paper2code.gate import _deviation, run_gate
from paper2code.paper.model import Paper
from paper2code.render.notes import render_reproduction_notes
from paper2code.verify import check_files


@dataclass
class Found:
    """A judge's verdict as the gate reads it: the problems to repair."""

    problems: list[Problem]


def dangling_anchors(paper: Paper, project: Project) -> Found:
    """Every citation in the code or the config comments must name an element of the paper."""
    problems = []
    for path, text in project.files.items():
        for n, line in enumerate(text.splitlines(), 1):
            for anchor in cited(line):
                if paper.find(anchor) is None:
                    problems.append(Problem(path, n, f"{anchor} is not in the paper"))
    for n, cell in enumerate(project.notebook, 1):
        for anchor in cited(cell.source):
            if paper.find(anchor) is None:
                problems.append(
                    Problem(
                        "notebooks/walkthrough.ipynb",
                        None,
                        f"cell {n}: {anchor} is not in the paper",
                    )
                )
    for entry in project.config:
        for anchor in cited(entry.comment):
            if paper.find(anchor) is None:
                problems.append(Problem("configs/base.yaml", None, f"{anchor} is not in the paper"))
    return Found(problems)


def checked(paper: Paper, project: Project) -> Found:
    """The real checker, strict, over the project's source files."""
    report = check_files(project.files, paper, strict=True)
    return Found([Problem(f.file, f.line, f"{f.message} [{f.rule}]") for f in report.findings])


def compiles(paper: Paper, project: Project) -> Found:
    problems = []
    for path, text in project.files.items():
        try:
            compile(text, path, "exec")
        except SyntaxError as e:
            problems.append(Problem(path, e.lineno, f"syntax error: {e.msg}"))
    return Found(problems)


def engine(server) -> LLMEngine:
    return LLMEngine(Settings.resolve("test-model", base_url=f"{server.url}/v1"))


def test_repair_fixes_a_citation_that_points_nowhere(llm_server, paper):
    llm_server.script(transcript("repair"))
    result = run_gate(engine(llm_server), paper, Analysis(), Options(), checked)

    assert [[p.message for p in ps] for ps in result.history] == [
        ["Eq. 9 does not exist in the paper (it has equations 1–2) [P2C002]"],
        [],
    ]
    assert result.ok and result.repairs == 1
    assert "Eq. 9" not in result.project.files["src/model.py"]
    assert not any(d.startswith("Unresolved") for d in result.project.deviations)
    # The repair prompt showed the model its problem and the anchors it may cite.
    repair = next(s for s in llm_server.seen if s.stage == "repair")
    prompt = repair.body["messages"][-1]["content"]
    assert "Eq. 9 does not exist in the paper" in prompt and "Eq. 2 (in §2.2)" in prompt
    # The repair is accounted as its own stage, on top of generation.
    usage = result.project.usage
    assert usage.stage("repair").requests == 1 and usage.total().requests == 7


def test_repair_reaches_config_values_and_notebook_cells(llm_server, paper):
    llm_server.script(transcript("repair_parts"))
    result = run_gate(engine(llm_server), paper, Analysis(), Options(), dangling_anchors)
    assert sorted(p.message for p in result.history[0]) == [
        "Table 4 is not in the paper",
        "cell 2: Eq. 5 is not in the paper",
    ]
    assert result.ok
    assert result.project.config[1].comment == 'Table 1 — "heads 4"'
    assert "(§2.2, Eq. 2)" in result.project.notebook[1].source
    assert "sys.path" in result.project.notebook[0].source  # the setup cell stays first
    repairs = {
        s.file: s.body["messages"][-1]["content"] for s in llm_server.seen if s.stage == "repair"
    }
    assert '"comment": "Table 4' in repairs["configs/base.yaml"]
    assert '"cell": 2' in repairs["notebooks/walkthrough.ipynb"]


def test_what_repair_cannot_fix_is_kept_and_reported(llm_server, paper):
    llm_server.script(transcript("stubborn"))
    result = run_gate(engine(llm_server), paper, Analysis(), Options(), checked, max_rounds=2)
    assert not result.ok and result.repairs == 2
    message = "Eq. 9 does not exist in the paper (it has equations 1–2) [P2C002]"
    assert [p.message for p in result.remaining] == [message]
    assert "src/model.py" in result.project.files  # kept, not dropped
    # The second round tells the model its first attempt failed, so it is a new question.
    repairs = [s.body["messages"][-1]["content"] for s in llm_server.seen if s.stage == "repair"]
    assert len(repairs) == 2 and "attempt 2" in repairs[1] and "attempt 2" not in repairs[0]
    line = result.remaining[0].line
    assert (
        f"Unresolved after 2 repair round(s) — src/model.py:{line}: {message}".replace(
            "Eq. 9", "equation 9"
        )
        in result.project.deviations
    )


def test_reported_problems_do_not_break_the_notes_they_are_written_into(llm_server, paper):
    """REPRODUCTION_NOTES.md is checked too: a recorded finding about a dangling anchor or a
    missing quote must read as prose there, not as a citation or a quote of its own."""
    llm_server.script(transcript("stubborn"))
    analysis = analyse(paper)
    result = run_gate(engine(llm_server), paper, analysis, Options(), checked, max_rounds=2)
    extra = [
        Problem("src/model.py", 3, 'quote "we use RMSNorm" is not in §2.1 [P2C004]'),
        Problem("src/model.py", 4, "[UNSPECIFIED] must name the alternatives [P2C008]"),
    ]
    deviations = [*result.project.deviations, *(_deviation(p, 2) for p in extra)]
    notes = render_reproduction_notes(paper, analysis, deviations)
    assert "equation 9 does not exist" in notes and "section 2.1" in notes
    report = check_files({"REPRODUCTION_NOTES.md": notes}, paper, strict=True)
    assert report.ok, report.findings


class _FixedEngine:
    """An engine that cannot repair: the gate only verifies and reports."""

    name = "fixed"

    def generate(self, paper, analysis, options):
        return Project("t", "t", options, files={"src/model.py": "def broken(:\n"})


def test_an_engine_without_repair_is_verified_once(paper):
    result = run_gate(_FixedEngine(), paper, Analysis(), Options(), compiles)
    assert result.repairs == 0 and not result.ok
    assert result.remaining[0].file == "src/model.py" and result.remaining[0].line == 1
    assert result.project.deviations[0].startswith("Unresolved — src/model.py:1: syntax error")


def test_generated_code_and_notebook_run(llm_server, paper, tmp_path):
    """The project the engine returns runs: its smoke check from the project root, and its
    notebook's code cells from notebooks/, where Jupyter starts."""
    llm_server.script(transcript("repair"))

    def both(paper: Paper, project: Project) -> Found:
        return Found(compiles(paper, project).problems + checked(paper, project).problems)

    result = run_gate(engine(llm_server), paper, Analysis(), Options(), both)
    assert result.ok
    for path, text in result.project.files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    (tmp_path / "notebooks").mkdir()

    def run(args, cwd):
        done = python(*args, cwd=cwd, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert run(["-m", "src.utils", "--smoke"], tmp_path) == "smoke ok (2, 5, 64)"
    script = "\n\n".join(c.source for c in result.project.notebook if c.kind == "code")
    assert run(["-c", script], tmp_path / "notebooks") == "(2, 5, 64)"


def test_a_failed_run_is_one_line_in_the_notes():
    """The engine gets a failed run's whole output; the notes get what failed and how."""
    output = (
        "smoke check failed:\nTraceback (most recent call last):\n"
        '  File "/tmp/x/src/utils.py", line 1\n    The whole file\n        ^^^^^\n'
        "SyntaxError: invalid syntax\n"
    )
    entry = _deviation(Problem("src/utils.py", None, output), 2)
    assert entry == (
        "Unresolved after 2 repair round(s) — src/utils.py: "
        "smoke check failed: SyntaxError: invalid syntax"
    )


class _WorseningEngine(_FixedEngine):
    """An engine whose repair breaks a second file."""

    def repair(self, paper, analysis, project, problems):
        return replace(project, files={**project.files, "src/b.py": "def b(:\n"})


def test_the_best_version_comes_back_with_its_own_verdict(paper):
    """A repair that makes things worse is not kept: the gate returns the first version with
    the verdict it had, and judges nothing twice."""
    verdicts: list[Found] = []

    def judge(paper: Paper, project: Project) -> Found:
        verdicts.append(compiles(paper, project))
        return verdicts[-1]

    result = run_gate(_WorseningEngine(), paper, Analysis(), Options(), judge, max_rounds=1)
    assert [len(v.problems) for v in verdicts] == [1, 2]
    assert result.verdict is verdicts[0] and result.remaining == verdicts[0].problems
    assert set(result.project.files) == {"src/model.py"}


def test_a_repair_with_no_usable_answer_keeps_the_project_and_reports(llm_server, paper):
    """A model that cannot answer the repair (malformed JSON twice, as small local models do)
    ends the repair, not the run: the project as generated is returned with its problems."""
    malformed = {**fault("malformed"), "stage": "repair", "file": "src/model.py"}
    llm_server.script([*transcript("stubborn")[:-2], malformed, malformed])
    said: list[str] = []
    llm = LLMEngine(
        Settings.resolve("test-model", base_url=f"{llm_server.url}/v1"), progress=said.append
    )
    result = run_gate(llm, paper, Analysis(), Options(), checked, max_rounds=1)
    assert not result.ok and result.repairs == 1
    assert "Eq. 9" in result.project.files["src/model.py"]  # the generated file stands
    assert [p.message for p in result.remaining] == [
        "Eq. 9 does not exist in the paper (it has equations 1–2) [P2C002]"
    ]
    assert any("repair of src/model.py: no usable answer" in m for m in said)
    assert any(
        d.startswith("Unresolved after 1 repair round(s)") for d in result.project.deviations
    )
