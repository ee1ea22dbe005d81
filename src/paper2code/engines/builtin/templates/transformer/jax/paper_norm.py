"""`make_norm` when the paper puts its own layer in place of LayerNorm (model.py's
`# slot: norms`): every block, and the end of the stack, builds the paper's layer."""

from __future__ import annotations

from flax import nnx


def make_norm(cfg: ModelConfig, rngs: nnx.Rngs) -> nnx.Module:
    r"""<<c_norm>>

    The paper's layer starts from the initial values its equation module sets, so `rngs` draws
    nothing here."""
    return paper_norm(cfg.d_model, eps=cfg.norm_eps)
