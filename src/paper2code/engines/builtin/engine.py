"""The built-in engine: recognise library components in the paper, instantiate them with the
analysis's values, and turn what the library lacks into an honest skeleton."""

from __future__ import annotations

import textwrap

from paper2code import escape, layout
from paper2code.analyse.model import Analysis, PaperType
from paper2code.analyse.settings import Setting, Settings, method_settings
from paper2code.analyse.table_values.layout import method_names
from paper2code.engines.backends import Backend, get_backend
from paper2code.engines.base import (
    Component,
    ConfigEntry,
    EquationEntry,
    Mode,
    NotebookCell,
    Options,
    Project,
    SettingConfig,
    slugify_title,
)
from paper2code.engines.builtin import recognise as rec
from paper2code.engines.builtin import template_files
from paper2code.engines.builtin.library import (
    diffusion,
    equations,
    transformer,
    transformer_assembly,
)
from paper2code.engines.builtin.library.common import (
    INIT,
    Generated,
    utils_file,
)
from paper2code.engines.builtin.template import Code, fill, neutral_text
from paper2code.engines.builtin.values import Values
from paper2code.engines.shape import declare
from paper2code.errors import InputError
from paper2code.paper.model import Element, Equation, Paper, Section

SKELETON_CLASS = "CoreContribution"  # the class of templates/common/<framework>/skeleton.py
MAX_QUOTED_EQUATIONS = 8

_CONTEXT_NAMES = ("d_model", "num_layers", "image_size", "diffusion_steps", "learning_rate")


class BuiltinEngine:
    """Offline and deterministic: the same paper and analysis always give the same project."""

    name = "builtin"

    def generate(self, paper: Paper, analysis: Analysis, options: Options) -> Project:
        """The project, declaring the shape of its code: that of the same project generated
        with every text hole of the templates filled with "x" (see `template.neutral_text`)."""
        settings = method_settings(analysis.stated_values, method_names(paper))
        project = self._generate(paper, analysis, options, settings)
        with neutral_text():
            project.declared = declare(self._generate(paper, analysis, options, settings))
        if settings.main is not None:
            project.setting = f"{settings.main.name}: {settings.main.why}"
        for other in settings.others:
            config = self._generate(paper, analysis, options, settings, other).config
            project.settings.append(
                SettingConfig(other.name, other.slug, _differences(project.config, config))
            )
        return project

    def _generate(
        self,
        paper: Paper,
        analysis: Analysis,
        options: Options,
        settings: Settings,
        setting: Setting | None = None,
    ) -> Project:
        """The project for one setting of the method (None: the main one)."""
        backend = get_backend(options.framework)
        title = paper.meta.title.strip() or "Untitled paper"
        found = rec.recognise(paper)
        kind = rec.family(found)
        unfit = rec.data_mismatch(paper, kind)
        if unfit is not None:  # a family is used only when the paper's data is what it takes
            kind = rec.Family.NONE
        _check_family(backend, kind)
        values = Values(
            analysis, context=_preferred_context(analysis), settings=settings, setting=setting
        )
        compiled = equations.compile_paper(paper, analysis, backend.ops)
        replaced = attention = None
        if kind == rec.Family.TRANSFORMER:
            replaced = equations.norm_replacement(paper, compiled)
            standard = transformer.computed_attention(found)
            attention = equations.attention_replacement(paper, compiled, standard)
            generated = transformer_assembly.generate(
                paper, title, found, values, options, replaced, attention
            )
        elif kind == rec.Family.DIFFUSION:
            generated = diffusion.generate(title, found, values, options)
        else:
            generated = Generated()
        _add_stated_values(values, analysis)

        skeleton = _skeleton(paper, analysis, found, kind, compiled.compiled, backend, unfit)
        files = _select_files(generated, analysis, options.mode)
        model_src = generated.files.get(layout.MODEL) or _common(backend, "empty_model", title)
        if replaced is not None:
            model_src += equations.norm_factory(replaced, backend.ops)
        if compiled.functions:
            files[layout.EQUATIONS] = equations.equations_file(
                title, compiled.functions, backend.ops
            )
        generated.components += equations.components(
            compiled, replaced, attention.function if attention else None
        )
        if skeleton is not None:
            model_src += skeleton.code
            generated.components.append(skeleton.component)
        files[layout.MODEL] = model_src
        files.setdefault(layout.LOSS, _common(backend, "empty_loss", title))
        files.setdefault(layout.DATA, fill(_EMPTY_DATA, title=title))
        files.setdefault(layout.EVALUATE, fill(_EMPTY_EVALUATE, title=title))
        generated.smoke_body += _skeleton_smoke(skeleton is not None, kind, backend)
        if kind == rec.Family.NONE and skeleton is not None:
            generated.smoke_imports = f"from .model import {SKELETON_CLASS}"
        elif kind == rec.Family.NONE and not compiled.functions:
            generated.smoke_body = _NOTHING_TO_BUILD
        generated.smoke_body += equations.smoke_lines(compiled.functions, backend.ops)
        files[layout.UTILS] = utils_file(generated, backend.framework.value)
        files[layout.PACKAGE_INIT] = fill(INIT, title=title)

        components = [c for c in generated.components if _file_of(c.note) in files]
        deviations = values.deviations + [t for file, t in generated.deviations if file in files]
        if unfit is not None:
            deviations.insert(0, f"Not built: {unfit}.")
        return Project(
            title=title,
            slug=slugify_title(title),
            options=options,
            files=dict(sorted(files.items())),
            config=values.entries,
            notebook=_notebook(title, generated.notebook, skeleton, kind, backend)
            + equations.notebook_cells(compiled.functions, backend.ops),
            components=components,
            requirements=list(backend.requirements),
            deviations=deviations,
            summary=_summary(kind, components, unfit),
            equations=_index(generated.equations, compiled.entries, paper, found),
            runtime=backend.runtime,
        )


def _common(backend: Backend, name: str, title: str) -> str:
    """A file of templates/common/<framework>/ whose only slot is the paper's title."""
    return template_files.load("common", backend.framework.value, name).fill(title=title)


def _check_family(backend: Backend, kind: str) -> None:
    """InputError when `backend` has no templates for the paper's family (yet)."""
    if kind in backend.families:
        return
    what = {rec.Family.NONE: "has no library model (a skeleton)"}.get(kind, f"is a {kind} model")
    raise InputError(
        f"the builtin engine's {backend.label} templates cover the "
        f"{', '.join(sorted(backend.families))} family only; this paper {what}",
        hint="use --framework pytorch, or --engine llm",
    )


def _index(
    library: list[EquationEntry],
    compiled: list[EquationEntry],
    paper: Paper,
    found: dict[str, rec.Recognised],
) -> list[EquationEntry]:
    """The library's entries (its components that compute a cited equation), then the compiled
    equations of anchors the library does not already list; an equation that did not compile
    but that a library component implements is not listed as not implemented."""
    listed = {e.anchor for e in library}
    covered = {rec.cite_anchor(el) for el in _recognised_elements(paper, found)}
    kept = [
        e
        for e in compiled
        if e.anchor not in listed and (e.status == "implemented" or e.anchor not in covered)
    ]
    return [*library, *kept]


def _preferred_context(analysis: Analysis) -> str | None:
    """The variant to take values for when the paper gives several (the first one stated for the
    model's size, e.g. "base" before "big")."""
    for name in _CONTEXT_NAMES:
        found = analysis.values(name)
        if found and found[0].context:
            return found[0].context
    return None


def _add_stated_values(values: Values, analysis: Analysis) -> None:
    """Every hyperparameter the paper states that the generated code does not read still goes
    into the config under `paper:`, cited, so nothing the paper says is lost."""
    used = {e.path[-1] for e in values.entries}
    seen: set[str] = set()
    for f in analysis.hyperparameters:
        if f.name in used or f.name in seen:
            continue
        seen.add(f.name)
        chosen = values.stated_value(f.name)
        if chosen is None:
            continue  # stated only for a baseline or another setting
        values.add(
            ("paper", f.name), chosen.value, f"{chosen.anchor} — {escape.quoted(chosen.quote)}"
        )


def _differences(main: list[ConfigEntry], other: list[ConfigEntry]) -> list[ConfigEntry]:
    """The entries of another setting's config that configs/base.yaml does not have as they
    are; the CPU-sized smoke values are the same for every setting."""
    values = {e.path: e.value for e in main}
    return [
        e
        for e in other
        if e.path[0] != "smoke" and (e.path not in values or values[e.path] != e.value)
    ]


def _select_files(generated: Generated, analysis: Analysis, mode: Mode) -> dict[str, str]:
    """Every file the family wrote, but the training loop only in full mode or when the paper's
    contribution is a training method."""
    training_method = (
        analysis.contribution is not None
        and analysis.contribution.paper_type is PaperType.TRAINING_METHOD
    )
    keep = dict(generated.files)
    if mode is not Mode.FULL and not training_method:
        keep.pop(layout.TRAIN, None)
    return keep


def _file_of(note: str) -> str:
    return note.split(":", 1)[0]


# ---- the skeleton for what the library does not have -----------------------------------------


class _Skeleton:
    def __init__(self, code: str, component: Component, definitions: list[tuple[str, str]]):
        self.code = code
        self.component = component
        self.definitions = definitions  # (anchor, LaTeX or title)


def _recognised_elements(paper: Paper, found: dict[str, rec.Recognised]) -> list[Element]:
    """Elements a library component implements: where it was recognised, every row of a
    multi-row definition (Eq. 5 and Eq. 6 of one `align`), and the places that restate it (the
    sampling algorithm after the sampling equation)."""
    anchors = [a for r in found.values() for a in (r.anchor, *(row for row, _ in r.rows), *r.also)]
    return [el for a in anchors if (el := paper.find(a)) is not None]


def _skeleton(
    paper: Paper,
    analysis: Analysis,
    found: dict[str, rec.Recognised],
    kind: str,
    compiled: list[Equation],
    backend: Backend,
    unfit: str | None = None,
) -> _Skeleton | None:
    """A NotImplementedError class for the contribution's defining equations that neither a
    library component nor src/equations.py (`compiled`) covers; None when they cover them all
    (or there is nothing to build)."""
    contribution = analysis.contribution
    if contribution is not None and not contribution.implementable:
        return None
    covered = _recognised_elements(paper, found) + list(compiled)
    anchors = contribution.anchors if contribution is not None else []
    if not anchors and kind == rec.Family.NONE:
        anchors = [e.anchor for e in paper.numbered_equations]
    definitions: list[tuple[str, str]] = []
    for anchor in anchors:
        el = paper.find(anchor)
        if el is None:
            continue  # the analysis never cites a missing anchor; skip rather than invent one
        if isinstance(el, Section):
            inside = [e for e in paper.within(anchor) if isinstance(e, Equation) and e.numbered]
            todo = [e for e in inside if not _covered(e, covered)]
            definitions.extend((rec.cite_anchor(e), e.latex) for e in todo)
            if not inside and not any(paper.in_section(c, anchor) for c in covered):
                definitions.append((el.anchor, el.title))
        elif not _covered(el, covered):
            definitions.append((rec.cite_anchor(el), Paper.element_text(el)))
    # one definition per anchor, document order kept
    unique = list(dict.fromkeys(definitions))[:MAX_QUOTED_EQUATIONS]
    if not unique and kind != rec.Family.NONE:
        return None
    summary = (
        contribution.summary
        if contribution is not None and contribution.summary
        else "the method this paper introduces"
    )
    where = "; ".join(a for a, _ in unique) or "no numbered equation"
    lines = []
    for anchor, text in unique:
        lines.append(f"    {anchor}:\n")
        lines.append(textwrap.indent(text.strip(), "        ") + "\n")
    if not unique:
        lines.append("    The paper numbers no equation for it: read its method section.")
    short = textwrap.shorten(_one_line(summary), width=90, placeholder=" ...")
    why = f" ({unfit})" if unfit else ""
    message = (
        f"not implemented: {short} (the paper defines it at {where}); paper2code's built-in "
        f"library has no version of it{why}. Write {SKELETON_CLASS}.{backend.skeleton_method} "
        "in src/model.py from its docstring."
    )
    code = "\n\n" + template_files.load("common", backend.framework.value, "skeleton").fill(
        summary=textwrap.fill(
            _one_line(summary), width=88, subsequent_indent="    ", break_on_hyphens=False
        ),
        # the template indents the first line
        definitions="\n".join(lines).rstrip().removeprefix("    "),
        message=Code("".join(f"            {escape.py_string(c)}\n" for c in _chunks(message))),
    )
    resolvable = [a for a in (contribution.anchors if contribution else []) if paper.find(a)]
    component = Component(
        name=short,
        anchor=unique[0][0] if unique else next(iter(resolvable), ""),
        implemented=False,
        note=f"src/model.py: {SKELETON_CLASS} — skeleton, raises NotImplementedError ({where})",
    )
    return _Skeleton(code, component, unique)


def _covered(el: Element, covered: list[Element]) -> bool:
    return any(c is el for c in covered)


def _chunks(text: str, width: int = 80) -> list[str]:
    """`text` in pieces that concatenate back to it exactly, each at most about `width` long."""
    pieces = textwrap.wrap(text, width=width, drop_whitespace=False, break_on_hyphens=False)
    return pieces or [text]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _skeleton_smoke(has_skeleton: bool, kind: str, backend: Backend) -> str:
    if not has_skeleton:
        return ""
    # a NONE-family project already imports the class in smoke_imports
    head = "" if kind == rec.Family.NONE else f"    from .model import {SKELETON_CLASS}\n"
    return (
        "\n"
        + head
        + f"""    try:
        {backend.skeleton_call}
    except NotImplementedError as missing:
        print(f"skeleton: {SKELETON_CLASS} raises NotImplementedError, as it should: {{missing}}")
    else:
        raise AssertionError("{SKELETON_CLASS} did not raise NotImplementedError")"""
    )


_EMPTY_DATA = '''r"""<<title>>

Data pipeline skeleton.

NOT IMPLEMENTED: paper2code's built-in library has no model this paper builds on, so no batch
layout to serve, and it does not download datasets. Write `make_loader` from the data the paper
describes, yielding the batches the model in src/model.py takes.
"""

from __future__ import annotations

from collections.abc import Iterator


def make_loader(cfg: dict, smoke: bool = False, split: str = "train") -> Iterator:
    raise NotImplementedError("load the paper's dataset here (see the module docstring)")
'''

_EMPTY_EVALUATE = '''r"""<<title>>

Evaluation skeleton.

NOT IMPLEMENTED: paper2code's built-in library has no evaluation for this paper; compute the
metrics the paper reports on the outputs of src/model.py, on the batches of src/data.py.
"""

from __future__ import annotations


def evaluate(cfg: dict) -> dict:
    raise NotImplementedError("the paper's evaluation is not in paper2code's built-in library")


if __name__ == "__main__":  # `python -m src.evaluate` says so instead of doing nothing
    evaluate({})
'''


_NOTHING_TO_BUILD = """    print("nothing to build: the paper has no implementable contribution")
    assert cfg is not None  # the config still loads"""


# ---- notebook and summary ---------------------------------------------------------------------


def _notebook(
    title: str, cells: list[NotebookCell], skeleton: _Skeleton | None, kind: str, backend: Backend
) -> list[NotebookCell]:
    intro = (
        f"# {escape.md_inline(title)} — walkthrough\n\n"
        "Each section names where the paper defines a part, shows its equation, then runs the "
        "generated code on CPU-sized tensors (the `smoke:` values of `configs/base.yaml`) and "
        "checks the shapes."
    )
    out = [NotebookCell("markdown", intro), NotebookCell("code", backend.notebook_setup())]
    if kind != rec.Family.DIFFUSION and cells:
        out.append(NotebookCell("code", "values = utils.model_values(cfg, smoke=True)"))
    out.extend(cells)
    if skeleton is not None:
        quoted = "\n\n".join(
            f"**{escape.md_inline(a)}**\n\n$${escape.md_math(t)}$$" for a, t in skeleton.definitions
        )
        out.append(
            NotebookCell(
                "markdown",
                f"## Not implemented: {escape.md_inline(skeleton.component.name)}\n\n"
                f"paper2code's built-in library has no version of this; `{SKELETON_CLASS}` in "
                f"`src/model.py` is a skeleton that raises `NotImplementedError`. "
                f"The paper defines it here:\n\n{quoted}",
            )
        )
        out.append(
            NotebookCell(
                "code",
                f"""try:
    model_py.{backend.skeleton_call}
except NotImplementedError as missing:
    print("not implemented yet:", missing)""",
            )
        )
    return out


def _summary(kind: str, components: list[Component], unfit: str | None = None) -> str:
    done = [c.name for c in components if c.implemented]
    todo = [c.name for c in components if not c.implemented]
    family = {
        rec.Family.TRANSFORMER: "a Transformer",
        rec.Family.DIFFUSION: "a DDPM-style diffusion model",
    }.get(kind)
    parts = []
    if family:
        parts.append(f"Built from paper2code's reference library as {family}.")
    elif unfit is not None:
        parts.append(f"Not built from paper2code's reference library: {unfit}.")
    else:
        parts.append("paper2code's reference library has no model this paper builds on.")
    if done:
        parts.append(f"Implemented: {', '.join(done)}.")
    if todo:
        parts.append(
            f"Skeleton only (raises NotImplementedError): {', '.join(todo)} — the paper's "
            "contribution is not in the library; its docstring quotes the defining equations."
        )
    return " ".join(parts)
