"""`requirements.txt` of a generated project: the versions this run used.

An engine lists what its code imports, pinned to the versions it was tested with. Where this
environment has a package installed, the smoke check and the notebook just ran with that version,
so that is the pin written; otherwise the engine's pin stands. torch imports without numpy but
then prints "Failed to initialize NumPy" on every import, so a project that needs torch gets
numpy too.
"""

from __future__ import annotations

import re
from importlib import metadata

# Packages a requirement needs beside it, with the pin tested with it (used when not installed).
COMPANIONS = {"torch": ("numpy==2.4.6",)}

# A name, optional extras, and nothing but version clauses after it: only such a line is
# re-pinned (a URL, a path or an environment marker is the engine's and stays as written).
_SIMPLE = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*((?:[=<>!~]=?[^;@\s]*,?\s*)*)")


def render_requirements(requirements: list[str]) -> str:
    """One requirement per line, each pinned to the installed version where there is one."""
    lines = [line.strip() for line in requirements if line.strip()]
    names = {_name(line) for line in lines}
    for line in list(lines):
        for companion in COMPANIONS.get(_name(line) or "", ()):
            if _name(companion) not in names:
                lines.append(companion)
                names.add(_name(companion))
    return "".join(_pinned(line) + "\n" for line in lines)


def _name(line: str) -> str | None:
    match = _SIMPLE.fullmatch(line)
    return _normal(match.group(1)) if match else None


def _normal(name: str) -> str:
    """PEP 503's normal form: `PyYAML`, `pyyaml` and `py_yaml` are one project."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _pinned(line: str) -> str:
    match = _SIMPLE.fullmatch(line)
    if match is None:
        return line
    name, extras = match.group(1), match.group(2) or ""
    try:
        version = metadata.version(name)
    except metadata.PackageNotFoundError:
        return line
    # torch's CPU wheels say `2.13.0+cpu`: a local label PyPI does not serve, and `==2.13.0`
    # accepts it anyway (PEP 440), so the pin carries the public version.
    return f"{name}{extras}=={version.split('+', 1)[0]}"
