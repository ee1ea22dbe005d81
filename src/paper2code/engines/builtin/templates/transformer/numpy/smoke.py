"""The smoke check of a NumPy Transformer, one function per architecture: `utils.smoke_test`
runs the body of one, after the relative imports of this file (those of `.utils` are its own
names). `rng` and `cfg` are smoke_test's."""

from __future__ import annotations

import numpy as np

from .loss import LabelSmoothedCrossEntropy
from .model import build_model
from .utils import model_values


def encoder_decoder(cfg: dict, rng: np.random.Generator) -> None:
    values = model_values(cfg, smoke=True)
    model = build_model(values)
    B, T, V = cfg["smoke"]["batch_size"], cfg["smoke"]["seq_len"], values["vocab_size"]
    src = rng.integers(0, V, (B, T))
    tgt = rng.integers(0, V, (B, T - 1))
    memory = model.encode(src)
    assert memory.shape == (B, T, values["d_model"]), memory.shape
    logits = model(src, tgt)
    assert logits.shape == (B, T - 1, V), logits.shape
    loss = LabelSmoothedCrossEntropy(cfg["training"]["label_smoothing"])(logits, tgt)
    assert np.isfinite(loss), loss
    print(
        f"forward pass: src {src.shape} tgt {tgt.shape} -> logits {logits.shape}, loss {loss:.3f}"
    )


# decoder-only and encoder-only: tokens in, a logit per token out
def token_stack(cfg: dict, rng: np.random.Generator) -> None:
    values = model_values(cfg, smoke=True)
    model = build_model(values)
    B, T, V = cfg["smoke"]["batch_size"], cfg["smoke"]["seq_len"], values["vocab_size"]
    tokens = rng.integers(0, V, (B, T))
    logits = model(tokens)
    assert logits.shape == (B, T, V), logits.shape
    # slot: causality
    loss = LabelSmoothedCrossEntropy(cfg["training"]["label_smoothing"])(logits, tokens)
    assert np.isfinite(loss), loss
    print(f"forward pass: tokens {tokens.shape} -> logits {logits.shape}, loss {loss:.3f}")


# the decoder-only stack's part of token_stack: the causal mask holds
def causality(model, tokens, logits, V: int) -> None:
    # causality: changing the last token must not change earlier positions' logits
    altered = tokens.copy()
    altered[:, -1] = (altered[:, -1] + 1) % V
    # [ASSUMPTION] atol 1e-8: float64 round-off
    assert np.allclose(model(altered)[:, :-1], logits[:, :-1], atol=1e-8)


def vision_encoder(cfg: dict, rng: np.random.Generator) -> None:
    values = model_values(cfg, smoke=True)
    model = build_model(values)
    B, S, K = cfg["smoke"]["batch_size"], values["image_size"], values["num_classes"]
    images = rng.standard_normal((B, values["in_channels"], S, S))
    logits = model(images)
    assert logits.shape == (B, K), logits.shape
    labels = rng.integers(0, K, B)
    loss = LabelSmoothedCrossEntropy(cfg["training"]["label_smoothing"])(logits, labels)
    assert np.isfinite(loss), loss
    print(f"forward pass: images {images.shape} -> logits {logits.shape}, loss {loss:.3f}")
