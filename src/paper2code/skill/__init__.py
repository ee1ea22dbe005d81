"""The skill for coding agents that ships with paper2code (`SKILL.md`, the Claude Code / Agent
Skills format): how to implement a paper with paper2code as the ground truth.
`paper2code skill install` writes it where an agent looks for skills."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from paper2code.errors import InputError

# Claude Code reads project skills from .claude/skills/<name>/SKILL.md (personal ones from
# ~/.claude/skills/); other Agent Skills readers take the same folder layout.
DEFAULT_DIR = Path(".claude/skills/paper2code")


def skill_text() -> str:
    return files(__package__).joinpath("SKILL.md").read_text(encoding="utf-8")


def install_skill(directory: Path = DEFAULT_DIR) -> Path:
    """Write SKILL.md into `directory` (created if missing, an older copy replaced)."""
    path = Path(directory) / "SKILL.md"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(skill_text(), encoding="utf-8")
    except OSError as e:
        raise InputError(
            f"cannot write {path}: {e.strerror or e}", hint="choose another --dir"
        ) from e
    return path
