"""The LLM engine: five typed stages over the parsed paper, and a repair step for the gate.

contribution → audit (merged with the Analysis, quotes checked) → file plan → code per file →
notebook cells. Each prompt carries only what its stage needs: the outline of citable anchors,
the text of the sections the contribution or the file names, the knowledge notes of the
components used, and the citation grammar. The engine returns a `Project` and never writes.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import asdict, replace
from typing import TypeVar

from pydantic import BaseModel

from paper2code import escape, layout
from paper2code.analyse.model import Analysis, AuditItem
from paper2code.engines.backends import get_backend
from paper2code.engines.base import (
    Component,
    ConfigEntry,
    EquationEntry,
    Framework,
    NotebookCell,
    Options,
    Problem,
    Project,
    Runtime,
    Usage,
    slugify_title,
)
from paper2code.engines.llm import answers as A
from paper2code.engines.llm import equations as eq
from paper2code.engines.llm.audit import merge_audit
from paper2code.engines.llm.client import LLMClient, UnusableAnswer, dump
from paper2code.engines.llm.context import (
    chunks,
    cited,
    defined,
    excerpt,
    family_names,
    knowledge_notes,
    outline,
    signatures,
)
from paper2code.engines.llm.prompts import messages
from paper2code.engines.llm.providers import Message, Provider, make_provider
from paper2code.engines.llm.providers.base import ContextTooLong
from paper2code.engines.llm.settings import Settings
from paper2code.errors import ProviderError
from paper2code.paper.anchors import uncite
from paper2code.paper.model import Paper

T = TypeVar("T", bound=BaseModel)
R = TypeVar("R")

# Files the renderer writes from the Project's other fields; a plan may not claim them.
_RENDERED = {layout.README, layout.NOTES, layout.CONFIG, layout.REQUIREMENTS}
_SAFE_PATH = re.compile(r"(?:src|tests)/(?:[A-Za-z_][A-Za-z0-9_]*/)*[A-Za-z_][A-Za-z0-9_]*\.py")
_SHRINK_STEPS = 2  # halve the paper text this many times before giving up on context length
_MAX_PIECES = 4  # pieces of paper one stage reads at most, a request each
_WHOLE = 1 << 40  # a paper budget nothing is cut at: a stage's topic holds all of its text

# The notebook's first cell: Jupyter starts in notebooks/, a script may start at the root.
_NOTEBOOK_ROOT = """import sys
from pathlib import Path

ROOT = Path.cwd() if (Path.cwd() / "src").is_dir() else Path.cwd().parent
sys.path.insert(0, str(ROOT))
"""
_SEEDS = {
    "pytorch": "import torch\n\ntorch.manual_seed(0)",
    "jax": "import jax\n\nkey = jax.random.PRNGKey(0)",
    "tensorflow": "import tensorflow as tf\n\ntf.random.set_seed(0)",
    "numpy": "import numpy as np\n\nrng = np.random.default_rng(0)",
}


def notebook_setup(framework: str) -> str:
    return f"{_NOTEBOOK_ROOT}\n{_SEEDS[framework]}"


def _runtime(framework: Framework) -> Runtime:
    """What the smoke check and the notebook import to run the project: its framework's, as
    the framework's backend says."""
    return get_backend(framework).runtime


_MODE_SCOPE = {
    # data.py and evaluate.py are in every mode's contract; train.py is the full mode's addition
    "minimal": "the core contribution: src/model.py and the modules it needs, plus src/data.py "
    "(a dataset skeleton) and src/evaluate.py",
    "full": "the contribution plus src/data.py (a dataset skeleton), src/train.py and "
    "src/evaluate.py",
    "educational": "as minimal, with extra explanatory comments for a learner",
}


class LLMEngine:
    name = "llm"

    def __init__(
        self,
        settings: Settings,
        provider: Provider | None = None,
        *,
        progress: Callable[[str], None] | None = None,
        detail: Callable[[str], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self._progress = progress or (lambda _msg: None)
        self._repairs: dict[str, int] = {}  # path -> repair requests so far in this run
        self.client = LLMClient(
            provider or make_provider(settings, detail),
            settings,
            progress=self._progress,
            sleep=sleep,
        )

    @classmethod
    def from_settings(
        cls,
        model: str | None = None,
        *,
        provider: str | None = None,
        base_url: str | None = None,
        progress: Callable[[str], None] | None = None,
        detail: Callable[[str], None] | None = None,
        refresh: bool = False,
        **limits: int | float,
    ) -> LLMEngine:
        """The engine for `--engine llm --model NAME [--base-url URL]`, completed from the
        environment (see `settings.py`). Raises ProviderError when something is missing.
        `detail` receives the --verbose lines (the structured-output mode in use); `refresh`
        (`run --refresh`) asks the model again instead of replaying earlier runs' answers."""
        settings = Settings.resolve(
            model, provider=provider, base_url=base_url, refresh=refresh, **limits
        )
        return cls(settings, progress=progress, detail=detail)

    # ---- generate -----------------------------------------------------------------------

    def generate(self, paper: Paper, analysis: Analysis, options: Options) -> Project:
        s = self.settings
        self.client.usage = Usage("llm", s.model, s.provider, limits=s.limits())
        self._repairs.clear()
        fw = options.framework.value
        deviations: list[str] = []

        self._fallbacks: list[str] = []
        self._progress("identifying the contribution")
        contribution = self._or_fallback(
            "contribution",
            lambda: self._contribution(paper, analysis, fw),
            lambda: _contribution_from(analysis, paper),
            "the contribution comes from paper2code's own analysis",
        )
        families = list(dict.fromkeys([*analysis.components, *contribution.components]))
        knowledge = knowledge_notes(families, known=(a.key for a in analysis.audit))
        anchors = _valid_anchors(paper, contribution.anchors)
        summary = contribution.summary + "".join(
            f'\n- "{e.quote}" ({e.anchor})' for e in contribution.evidence
        )

        self._progress("auditing implementation choices")
        audit_values = {
            "contribution": summary,
            # the model only needs to know what is covered: one short line per item, so a small
            # window keeps its room for the paper
            "audit": "\n".join(f"- {a.key}: {a.status.value} = {a.value}" for a in analysis.audit)
            or "(none)",
            "knowledge": knowledge or "(none)",
        }
        audit_answer = self._or_fallback(
            "audit",
            lambda: self._read_in_pieces(
                "audit",
                A.AuditAnswer,
                fw,
                audit_values,
                lambda budget: chunks(paper, anchors or _top_sections(paper), budget),
                deviations,
            ),
            lambda: A.AuditAnswer(items=[]),
            "the audit is paper2code's own, with nothing added by the model",
        )
        audit, notes = merge_audit(paper, analysis.audit, audit_answer.items)
        deviations += notes
        audit_text = dump([_audit_json(a) for a in audit])

        self._progress("planning files")

        def ask_plan() -> A.PlanAnswer:
            answer = self._ask(
                "plan",
                A.PlanAnswer,
                fw,
                mode=options.mode.value,
                mode_scope=_MODE_SCOPE[options.mode.value],
                contribution=summary,
                audit=audit_text,
                outline=outline(paper),
            )
            if all(f.path == layout.UTILS for f in _safe_files(answer.files, [])):
                # nothing but the smoke check, which every project gets anyway
                raise UnusableAnswer(f"{self.settings.model} planned no Python file under src/")
            return answer

        plan = self._or_fallback(
            "plan",
            ask_plan,
            lambda: A.PlanAnswer(
                summary=contribution.summary,
                files=[
                    A.PlannedFile(path=layout.MODEL, purpose=contribution.summary, anchors=anchors)
                ],
                config=[],
            ),
            "the file plan is a single src/model.py",
        )
        files_planned = _safe_files(plan.files, deviations)
        config_text = dump([c.model_dump() for c in plan.config])
        file_list = ", ".join(f"{f.path} ({f.purpose})" for f in files_planned)

        files: dict[str, str] = {}
        index: list[EquationEntry] = []  # the functions that compute the paper's equations
        for planned in files_planned:
            self._progress(f"writing {planned.path}")
            file_anchors = _valid_anchors(paper, planned.anchors) or anchors
            written = signatures(files) or "(none yet)"
            answer = self._or_fallback(
                f"code for {planned.path}",
                lambda p=planned, fa=file_anchors, w=written: self._ask_sized(
                    "code",
                    A.FileAnswer,
                    fw,
                    lambda budget: {
                        "path": p.path,
                        "purpose": p.purpose,
                        "anchors": ", ".join(fa),
                        "files": file_list,
                        "written": w,
                        "config": config_text,
                        "audit": audit_text,
                        "knowledge": knowledge or "(none)",
                        "paper": excerpt(paper, fa, budget),
                        "outline": outline(paper),
                    },
                ),
                lambda p=planned: A.FileAnswer(content=_skeleton(p.path, p.purpose)),
                f"{planned.path} is a skeleton that raises NotImplementedError",
            )
            files[planned.path] = _strip_fences(answer.content)
            entries, notes = eq.index_entries(
                paper, planned.path, answer.equations, files[planned.path]
            )
            index += entries
            deviations += notes

        self._progress("writing the walkthrough notebook")
        notebook = self._or_fallback(
            "notebook",
            lambda: self._ask_sized(
                "notebook",
                A.NotebookAnswer,
                fw,
                lambda budget: {"contribution": summary, "files": _file_digest(files, budget)},
            ),
            lambda: A.NotebookAnswer(cells=[]),
            "the notebook holds only its set-up cell",
        )

        return Project(
            title=paper.meta.title,
            slug=slugify_title(paper.meta.title),
            options=options,
            files=files,
            config=[_config_entry(c) for c in plan.config],
            notebook=[
                NotebookCell("code", notebook_setup(fw)),
                *(NotebookCell(c.kind, c.source) for c in notebook.cells),
            ],
            components=[
                Component(
                    name=uncite(f.purpose),
                    anchor=(_valid_anchors(paper, f.anchors) or [""])[0],
                    implemented="NotImplementedError" not in files[f.path],
                    note=f"{f.path}: {', '.join(defined(files[f.path])) or 'helpers'}",
                )
                for f in files_planned
            ],
            requirements=list(plan.requirements),
            deviations=deviations + self._fallbacks,
            fallbacks=list(self._fallbacks),
            # README.md shows it and no repair reaches it: prose, its claims live in the code
            summary=uncite(plan.summary or contribution.summary),
            usage=self.client.usage,
            audit=audit,
            equations=index,
            runtime=_runtime(options.framework),
        )

    # ---- repair -------------------------------------------------------------------------

    def repair(
        self, paper: Paper, analysis: Analysis, project: Project, problems: list[Problem]
    ) -> Project:
        """A revised project: each file with problems rewritten once, seeing its problems, the
        outline of valid anchors and the text of the anchors it cites."""
        if project.usage is not None:
            self.client.usage = project.usage
        fw = project.options.framework.value
        by_file: dict[str, list[Problem]] = {}
        for p in problems:
            p = _blame(p, project.files)
            by_file.setdefault(p.file, []).append(p)
        files = dict(project.files)
        config = list(project.config)
        notebook = list(project.notebook)
        index = list(project.equations)
        deviations = list(project.deviations)
        for path, found in by_file.items():
            listed = "\n".join(f"- line {p.line or '?'}: {p.message}" for p in found)
            attempt = self._repairs[path] = self._repairs.get(path, 0) + 1
            if attempt > 1:
                listed += (
                    f"\n(This is attempt {attempt}: the previous rewrite left these problems "
                    "unfixed. Read the outline again and choose differently.)"
                )
            self._progress(f"repairing {path} ({len(found)} problem(s))")
            try:
                revised = self._repair_one(paper, fw, path, listed, files, config, notebook, index)
            except UnusableAnswer as e:
                # The project as generated stands: its problems stay listed as deviations and
                # the run's exit status says it did not verify; a failed repair is not a crash.
                self._progress(f"repair of {path}: no usable answer ({e.message}); kept as it was")
                continue
            files, config, notebook, index, notes = revised
            deviations += notes
        return replace(
            project,
            files=files,
            config=config,
            notebook=notebook,
            usage=self.client.usage,
            equations=index,
            deviations=deviations,
        )

    def _repair_one(
        self,
        paper: Paper,
        fw: str,
        path: str,
        listed: str,
        files: dict[str, str],
        config: list[ConfigEntry],
        notebook: list[NotebookCell],
        index: list[EquationEntry],
    ) -> tuple[
        dict[str, str], list[ConfigEntry], list[NotebookCell], list[EquationEntry], list[str]
    ]:
        """One file of the project revised: new copies of what changed, and notes."""
        files, notes = dict(files), []
        if path == layout.CONFIG:
            current = dump([_config_json(c) for c in config])
            fixed = self._revise("repair_config", A.ConfigAnswer, fw, paper, current, listed)
            config = [_config_entry(c) for c in fixed.config]
        elif path == layout.NOTEBOOK and notebook:
            setup, cells = notebook[0], notebook[1:]
            numbered = enumerate(cells, start=2)  # as the checker counts them
            current = dump([{"cell": n, **asdict(c)} for n, c in numbered])
            nb = self._revise("repair_notebook", A.NotebookAnswer, fw, paper, current, listed)
            notebook = [setup, *(NotebookCell(c.kind, c.source) for c in nb.cells)]
        elif path in files:
            current = eq.listed_in(path, index)
            answer = self._revise(
                "repair", A.FileAnswer, fw, paper, files[path], listed, path=path,
                equations=dump(eq.as_answers(current)) if current else "(none)",
            )  # fmt: skip
            files[path] = _strip_fences(answer.content)
            if answer.equations:  # the rewrite's own list; else the old one is checked again
                entries, notes = eq.index_entries(paper, path, answer.equations, files[path])
                index = [e for e in index if e not in current] + entries
        return files, config, notebook, index, notes

    def _revise(
        self,
        template: str,
        answer: type[T],
        fw: str,
        paper: Paper,
        current: str,
        problems: str,
        **values: str,
    ) -> T:
        """Ask for a corrected version of `current`, with the text of the anchors it cites."""
        return self._ask_sized(
            template,
            answer,
            fw,
            lambda budget: {
                **values,
                "problems": problems,
                "current": current,
                "paper": excerpt(paper, _valid_anchors(paper, cited(current)), budget),
                "outline": outline(paper),
            },
            stage="repair",
        )

    # ---- asking -------------------------------------------------------------------------

    def _contribution(self, paper: Paper, analysis: Analysis, fw: str) -> A.ContributionAnswer:
        known = analysis.contribution
        hint = (
            f"The text analysis suggests: {known.paper_type.value}: {known.summary} "
            f"(anchors: {', '.join(known.anchors)})"
            if known
            else ""
        )
        if analysis.components:
            hint += f"\nComponent families detected in the text: {', '.join(analysis.components)}"
        answer = self._ask(
            "contribution",
            A.ContributionAnswer,
            fw,
            analysis=hint,
            families=", ".join(family_names()),
            outline=outline(paper),
        )
        answer.evidence = [
            e for e in answer.evidence if paper.contains_quote(e.quote)
        ]  # an unfound quote is not evidence
        return answer

    def _or_fallback(
        self, what: str, ask: Callable[[], T], fallback: Callable[[], T], instead: str
    ) -> T:
        """The model's answer, or, when the model could not give a usable one, the fallback,
        recorded so the summary, the notes and the exit status all say so."""
        try:
            return ask()
        except UnusableAnswer as e:
            advice = f" To do better: {e.hint}." if e.hint else ""
            note = f"The model gave no usable {what} ({e.message}); {instead}.{advice}"
            self._fallbacks.append(uncite(note))
            self._progress(f"{what}: no usable answer; {instead}")
            return fallback()

    def _ask(self, stage: str, answer: type[T], fw: str, **values: str) -> T:
        msgs = messages(stage, answer.model_json_schema(), framework=fw, **values)

        def ask() -> T:
            try:
                return self.client.ask(stage, msgs, answer)
            except ContextTooLong as e:
                raise _too_long(self.settings, stage, e) from None

        return self.client.settled(stage, _topic(msgs), answer, ask)

    def _ask_sized(
        self,
        template: str,
        answer: type[T],
        fw: str,
        values: Callable[[int], dict[str, str]],
        *,
        stage: str | None = None,
    ) -> T:
        """Ask with the paper text cut to the context budget, halving it when the server says
        the prompt is too long. Settled under the prompt with all of its text: the same
        whatever window this run or an earlier one knew."""
        schema = answer.model_json_schema()
        stage = stage or template

        def prompt(budget: int) -> list[Message]:
            return messages(template, schema, framework=fw, **values(budget))

        return self.client.settled(
            stage,
            _topic(prompt(_WHOLE)),
            answer,
            lambda: self._shrinking(
                stage, lambda budget: self.client.ask(stage, prompt(budget), answer)
            ),
        )

    def _read_in_pieces(
        self,
        stage: str,
        answer: type[A.AuditAnswer],
        fw: str,
        values: dict[str, str],
        pieces: Callable[[int], list[str]],
        deviations: list[str],
    ) -> A.AuditAnswer:
        """The audit over text longer than one prompt holds: one request per window-sized
        piece (at most `_MAX_PIECES`), and for each choice the most specified answer."""
        schema = answer.model_json_schema()

        def read(budget: int) -> A.AuditReading:
            everything = pieces(budget) or [""]
            texts = everything[:_MAX_PIECES]
            answers = []
            for i, text in enumerate(texts, start=1):
                if len(texts) > 1:
                    self._progress(f"{stage}: part {i} of {len(texts)} of the paper")
                    text = f"(part {i} of {len(texts)} of the sections this stage needs)\n{text}"
                msgs = messages(stage, schema, framework=fw, **values, paper=text)
                answers.append(self.client.ask(stage, msgs, answer))
            items = _most_specified([item for a in answers for item in a.items])
            return A.AuditReading(items=items, pieces=len(everything))

        whole = messages(stage, schema, framework=fw, **values, paper="\n\n".join(pieces(_WHOLE)))
        reading = self.client.settled(
            stage, _topic(whole), A.AuditReading, lambda: self._shrinking(stage, read)
        )
        # Said once, of the reading that succeeded (a shrunk retry cuts the text anew).
        if reading.pieces > _MAX_PIECES:
            deviations.append(
                f"The model's {stage} read the first {_MAX_PIECES} of {reading.pieces} pieces "
                "of the sections it needs; the rest did not fit in the requests allowed."
            )
        return answer(items=reading.items)

    def _shrinking(self, stage: str, attempt: Callable[[int], R]) -> R:
        """`attempt(budget)` with the paper budget of the model's window, halved each time the
        server says the prompt is too long."""
        budget = self.client.paper_budget()
        for tries in range(_SHRINK_STEPS + 1):
            try:
                return attempt(budget)
            except ContextTooLong as e:
                if tries == _SHRINK_STEPS:
                    raise _too_long(self.settings, stage, e) from None
                budget //= 2
                self._progress(f"prompt too long; retrying with {budget} characters of paper")
        raise AssertionError("unreachable")


# Traceback frames as Python prints them (`File "x.py", line 3`) and as IPython does
# (`File /root/x.py:3, in f`); ANSI colour codes are removed first.
_FRAME = re.compile(r'File "([^"]+)", line (\d+)|File (\S+?):(\d+)\b')
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _blame(problem: Problem, files: dict[str, str]) -> Problem:
    """A failed run is the fault of the project file where its traceback ends, not
    necessarily of the file that ran (the smoke check in src/utils.py, the notebook)."""
    message = _ANSI.sub("", problem.message)
    frames = [
        (path, int(m[1] or m[3]))
        for m in (f.groups() for f in _FRAME.finditer(message))
        for path in files
        if (m[0] or m[2]).replace("\\", "/").endswith("/" + path)
    ]
    if not frames:
        return Problem(problem.file, problem.line, message)
    path, line = frames[-1]
    return Problem(path, line, message)


def _topic(msgs: list[Message]) -> list[list[str]]:
    """A prompt as a cache topic (`LLMClient.settled`)."""
    return [[m.role, m.content] for m in msgs]


def _file_digest(files: dict[str, str], budget: int) -> str:
    """The files whole when they fit the budget, else what each one defines."""
    whole = "\n\n".join(f"## {path}\n{text}" for path, text in files.items())
    return whole if len(whole) <= budget else signatures(files)


def _too_long(settings: Settings, stage: str, e: ContextTooLong) -> ProviderError:
    return UnusableAnswer(
        f"the {stage} prompt does not fit {settings.model}'s context window ({e.message})",
        hint="use a model with a longer context (for Ollama, raise num_ctx)",
    )


def _contribution_from(analysis: Analysis, paper: Paper) -> A.ContributionAnswer:
    """The contribution as paper2code's own analysis found it, for when the model cannot say."""
    found = analysis.contribution
    if found is None:
        return A.ContributionAnswer(
            paper_type="architecture",
            summary=paper.meta.title,
            anchors=[],
            components=list(analysis.components),
        )
    return A.ContributionAnswer(
        paper_type=found.paper_type.value,
        summary=found.summary,
        anchors=list(found.anchors),
        evidence=[A.QuotedAnchor(quote=e.quote, anchor=e.anchor) for e in found.evidence],
        components=list(analysis.components),
    )


def _skeleton(path: str, purpose: str) -> str:
    """A file the model could not write: honest, importable, implementing nothing. The purpose
    is the model's words, or the paper's (the title, when the contribution fell back)."""
    doc = (
        f"{path}: {uncite(purpose)}\n\n"
        "The model did not produce a usable version of this file; paper2code wrote this\n"
        "skeleton instead. Nothing here is implemented.\n"
    )
    message = escape.py_string(f"{path} was not written: the model's answer was unusable")
    return (
        f"{escape.docstring(doc)}\n\n\n"
        "def not_implemented() -> None:\n"
        f"    raise NotImplementedError({message})\n"
    )


def _valid_anchors(paper: Paper, anchors: list[str]) -> list[str]:
    return [a for a in dict.fromkeys(anchors) if paper.find(a) is not None]


_RANK = {"SPECIFIED": 0, "PARTIALLY_SPECIFIED": 1, "UNSPECIFIED": 2}


def _most_specified(items: list[A.AuditAnswerItem]) -> list[A.AuditAnswerItem]:
    """One item per key, from the piece of the paper that says most about it."""
    best: dict[str, A.AuditAnswerItem] = {}
    for item in items:
        if item.key not in best or _RANK[item.status] < _RANK[best[item.key].status]:
            best[item.key] = item
    return list(best.values())


def _top_sections(paper: Paper) -> list[str]:
    return [s.anchor for s in paper.sections if s.level == 1 and not s.appendix]


def _safe_files(planned: list[A.PlannedFile], deviations: list[str]) -> list[A.PlannedFile]:
    """Planned files the project may hold: Python files under src/ or tests/, each once."""
    kept: dict[str, A.PlannedFile] = {}
    for f in planned:
        path = f.path.strip().removeprefix("./")
        if path in _RENDERED:
            continue
        if not _SAFE_PATH.fullmatch(path) or not _module_names(path):
            deviations.append(
                f"The plan named {f.path!r}, which is not a Python file under src/; "
                "it was not generated."
            )
            continue
        kept.setdefault(path, f.model_copy(update={"path": path}))
    if layout.UTILS not in kept:
        kept[layout.UTILS] = A.PlannedFile(
            path=layout.UTILS,
            purpose="shared helpers and the smoke check `python -m src.utils --smoke`",
            anchors=[],
        )
    return list(kept.values())


def _module_names(path: str) -> bool:
    """Whether every part of `src/a/b.py` is a name `import` takes (`src/class.py` is not)."""
    try:
        [escape.identifier(part) for part in path.removesuffix(".py").split("/")]
    except ValueError:
        return False
    return True


def _strip_fences(content: str) -> str:
    """File content without the Markdown fence some models wrap it in."""
    m = re.fullmatch(r"\s*```[A-Za-z]*\n(.*?)\n?```\s*", content, re.DOTALL)
    text = m.group(1) if m else content
    return text.rstrip("\n") + "\n"


def _config_entry(c: A.ConfigValue) -> ConfigEntry:
    return ConfigEntry(path=tuple(c.path), value=c.value, comment=c.comment)


def _config_json(c: ConfigEntry) -> dict:
    return {"path": list(c.path), "value": c.value, "comment": c.comment}


def _audit_json(a: AuditItem) -> dict:
    data = asdict(a)
    data["status"] = a.status.value
    return {k: v for k, v in data.items() if v not in (None, "", [])}
