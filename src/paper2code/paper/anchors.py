"""Anchors: the strings by which a reader cites one element of a paper.

The canonical forms are `§3.2` (sections and appendices, `§A.1`; unnumbered sections by slug,
`§broader-impact`), `Eq. 4`, `Table 3`, `Figure 1`, `Algorithm 1`, `Footnote 2`. `parse_anchor`
also accepts the spellings papers and people use (`Section 3.2`, `Appendix A`, `Eq. (4)`,
`Equation 4`, `Tab. 3`, `Fig. 1`, `Alg. 1`) and reduces each to a `(kind, number)` key.
"""

from __future__ import annotations

import re

# kind -> (canonical prefix, accepted prefixes, lowercase-insensitive)
_PREFIXES: dict[str, tuple[str, ...]] = {
    "section": ("§", "section", "sec.", "sect.", "sec", "appendix", "app."),
    "equation": ("eq.", "eqn.", "equation", "eq", "eqn"),
    "table": ("table", "tab.", "tab"),
    "figure": ("figure", "fig.", "fig"),
    "algorithm": ("algorithm", "alg.", "alg"),
    "footnote": ("footnote", "fn."),
}

CANONICAL_PREFIX = {
    "section": "§",
    "equation": "Eq. ",
    "table": "Table ",
    "figure": "Figure ",
    "algorithm": "Algorithm ",
    "footnote": "Footnote ",
}

# A printed number: "3", "3.2.1", "A", "A.1", "3a", "3.4", "S2", or an equation \tag like "A1", "*".
_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9.'*\-]*|\*")
_TAG = re.compile(r"[^\s,;()]+")  # an equation \tag prints anything: "∗", "W", "3'"
_SLUG = re.compile(r"[a-z][a-z0-9-]*")


def parse_anchor(text: str) -> tuple[str, str] | None:
    """`"Eq. (4)"` -> `("equation", "4")`; `"Appendix A"` -> `("section", "A")`; None if not an
    anchor. Section slugs (`§broader-impact`) come back as `("section", "broader-impact")`."""
    s = text.strip()
    low = s.lower()
    for kind, prefixes in _PREFIXES.items():
        for prefix in prefixes:
            if not low.startswith(prefix):
                continue
            rest = s[len(prefix) :].strip()
            if not rest or (prefix[-1].isalpha() and s[len(prefix)].isalpha()):
                continue  # "Tables" or "Eqs" are not this prefix
            if rest.startswith("(") and rest.endswith(")"):
                rest = rest[1:-1].strip()
            rest = rest.rstrip(".")
            if kind == "section" and prefix == "§" and _SLUG.fullmatch(rest):
                return kind, rest
            if _NUMBER.fullmatch(rest) or (kind == "equation" and _TAG.fullmatch(rest)):
                return kind, rest
            return None
    return None


def format_anchor(kind: str, number: str) -> str:
    """`("equation", "4")` -> `"Eq. 4"`; the canonical spelling of a key."""
    return f"{CANONICAL_PREFIX[kind]}{number}"


_CITING_WORDS = re.compile(r"\b(Eqs?\.|Equation|Table|Figure|Algorithm|Appendix)(?=\s*[\d(A-Z])")
_FLAG = re.compile(
    r"\[(UNSPECIFIED|PARTIALLY_SPECIFIED|ASSUMPTION|FROM_OFFICIAL_CODE|UNVERIFIED)\]"
)


def uncite(text: str) -> str:
    """`text` as prose that cites nothing: `§3.2` -> `section 3.2`, `Eq. 9` -> `equation 9`,
    flags lose their brackets, double quotes become single. For text that talks about the
    paper (a checker's message, a model's free-text rationale) in a file the checker reads."""
    text = text.replace("§", "section ")
    text = _CITING_WORDS.sub(
        lambda m: m.group(1).lower().replace("eqs.", "equations").replace("eq.", "equation"), text
    )
    text = _FLAG.sub(r"\1", text)
    return text.replace('"', "'").replace("“", "'").replace("”", "'")
