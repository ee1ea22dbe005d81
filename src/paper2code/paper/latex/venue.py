"""Conference styles in their anonymous submission mode.

A paper set for review prints "Anonymous Author(s)" whatever its `\\author` holds, and drafts
often keep the template's placeholder there ("David S. Hippocampus, Cranberry-Lemon
University", "First Author"): those names are not the paper's authors. Each venue style has
its own switch between review and camera-ready copy:
- a camera-ready option: `neurips_2020` prints names only with `[final]` or `[preprint]`,
  `icml2021` only with `[accepted]` (or, since 2024, `[preprint]`);
- a camera-ready command the style defines (`\\def\\iclrfinalcopy`, `\\cvprfinalcopy`,
  `\\aclfinalcopy`): anonymous unless the preamble gives it. The style file beside the paper
  says whether it has one (newer CVPR and ACL styles do not: their review mode is `[review]`);
- a review option: `\\usepackage[review]{cvpr}`.

A style may also turn section numbers off: AAAI's sets `secnumdepth` to 0, so its papers'
sections print no number unless the preamble sets the depth again (`style_secnumdepth`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from paper2code.paper.latex.packages import PACKAGE_COMMANDS, package_names
from paper2code.paper.latex.texscan import optional

_FINAL_OPTION = {
    re.compile(r"(?:neurips|nips)_\d{4}"): re.compile(r"\b(?:final|preprint)\b"),
    re.compile(r"icml\d{4}"): re.compile(r"\b(?:accepted|preprint)\b"),
}
# Styles known to switch by command, for when their .sty is not beside the paper.
_KNOWN_COMMAND = {
    re.compile(r"iclr\d{4}_conference"): "iclrfinalcopy",
    re.compile(r"nips\d{2}submit\w*"): "nipsfinalcopy",
}
_DEFINES_FINAL = re.compile(r"\\(?:def|newcommand\*?\{?)\s*\\([A-Za-z]*finalcopy)\b")
_REVIEW_OPTION = re.compile(r"\breview\b")
_REVIEW_STYLES = re.compile(r"(?:cvpr|iccv|wacv|acl|naacl|eacl|emnlp|coling)\w*")
_PACKAGE_COMMAND = re.compile(rf"\\(?:{'|'.join(PACKAGE_COMMANDS)})(?![A-Za-z@])")


def anonymous_style(preamble: str, style_text: Callable[[str], str]) -> str | None:
    """Why the preamble sets the paper for anonymous review (the style and its switch), or
    None. `style_text(name)` is the text of `name.sty` beside the paper, or ""."""
    for m in _PACKAGE_COMMAND.finditer(preamble):
        options, _ = optional(preamble, m.end())
        found = package_names(preamble, m.end())
        for name in found[0] if found else []:
            reason = _anonymous(name, options or "", preamble, style_text)
            if reason:
                return reason
    return None


def _anonymous(
    name: str, options: str, preamble: str, style_text: Callable[[str], str]
) -> str | None:
    if _REVIEW_STYLES.fullmatch(name) and _REVIEW_OPTION.search(options):
        return f"{name}[review] prints the authors as anonymous"
    for style, final in _FINAL_OPTION.items():
        if style.fullmatch(name) and not final.search(options):
            return f"{name} without its camera-ready option prints the authors as anonymous"
    switch = _DEFINES_FINAL.search(style_text(name))
    command = switch.group(1) if switch else _known_command(name)
    # the style's own definition may stand in the preamble (a local style read as the author's)
    given = _DEFINES_FINAL.sub("", preamble)
    if command and not re.search(rf"\\{command}(?![A-Za-z@])", given):
        return f"{name} without \\{command} prints the authors as anonymous"
    return None


def _known_command(name: str) -> str | None:
    return next((c for style, c in _KNOWN_COMMAND.items() if style.fullmatch(name)), None)


_SECNUMDEPTH = re.compile(r"^[^%\n]*\\setcounter\s*\{secnumdepth\}\s*\{\s*(-?\d+)\s*\}", re.M)
# Styles known to number no section, for when their .sty is not beside the paper
_UNNUMBERED_STYLES = re.compile(r"aaai\d*")


def style_secnumdepth(preamble: str, style_text: Callable[[str], str]) -> int | None:
    """The section-number depth the styles the preamble loads set (`\\setcounter{secnumdepth}
    {0}` in aaai.sty: no section numbered), the last one loaded winning; None when none does."""
    depth = None
    for m in _PACKAGE_COMMAND.finditer(preamble):
        found = package_names(preamble, m.end())
        for name in found[0] if found else []:
            set_here = _SECNUMDEPTH.findall(style_text(name))
            if set_here:
                depth = int(set_here[-1])
            elif _UNNUMBERED_STYLES.fullmatch(name):
                depth = 0
    return depth


def only_referenced_equations(preamble: str) -> bool:
    """Whether the preamble numbers only the equations the text refers to: the `autonum`
    package, or mathtools' `showonlyrefs` option."""
    for m in _PACKAGE_COMMAND.finditer(preamble):
        found = package_names(preamble, m.end())
        if found and "autonum" in found[0]:
            return True
    return bool(_SHOW_ONLY_REFS.search(preamble))


_SHOW_ONLY_REFS = re.compile(
    r"^[^%\n]*\\mathtoolsset\s*\{[^}]*\bshowonlyrefs\b(?!\s*=\s*false)", re.M
)
