"""`make_norm` when the paper puts its own layer in place of LayerNorm (model.py's
`# slot: norms`): every block, and the end of the stack, builds the paper's layer."""

from __future__ import annotations

import keras


def make_norm(cfg: ModelConfig) -> keras.layers.Layer:
    r"""<<c_norm>>"""
    return paper_norm(cfg.d_model, eps=cfg.norm_eps)
