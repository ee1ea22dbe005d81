"""What the diffusion family adds to utils.py: every definition of this file."""

from __future__ import annotations


def diffusion_values(cfg: dict, smoke: bool = False) -> dict:
    """The `diffusion:` values, with the `smoke.diffusion:` overrides when `smoke` is set."""
    values = dict(cfg["diffusion"])
    if smoke:
        values.update(cfg["smoke"]["diffusion"])
    return values
