"""The smoke check of a PyTorch Transformer, one function per architecture: `utils.smoke_test`
runs the body of one, after the relative imports of this file (those of `.utils` are its own
names). `cfg` is smoke_test's."""

from __future__ import annotations

import torch

from .loss import LabelSmoothedCrossEntropy
from .model import build_model
from .utils import model_values


def encoder_decoder(cfg: dict) -> None:
    values = model_values(cfg, smoke=True)
    model = build_model(values).eval()
    B, T, V = cfg["smoke"]["batch_size"], cfg["smoke"]["seq_len"], values["vocab_size"]
    src = torch.randint(0, V, (B, T))
    tgt = torch.randint(0, V, (B, T - 1))
    memory = model.encode(src)
    assert memory.shape == (B, T, values["d_model"]), memory.shape
    logits = model(src, tgt)
    assert logits.shape == (B, T - 1, V), logits.shape
    loss = LabelSmoothedCrossEntropy(cfg["training"]["label_smoothing"])(logits, tgt)
    assert torch.isfinite(loss), loss
    print(
        f"forward pass: src {tuple(src.shape)} tgt {tuple(tgt.shape)} -> logits "
        f"{tuple(logits.shape)}, loss {loss.item():.3f}"
    )


# decoder-only and encoder-only: tokens in, a logit per token out
def token_stack(cfg: dict) -> None:
    values = model_values(cfg, smoke=True)
    model = build_model(values).eval()
    B, T, V = cfg["smoke"]["batch_size"], cfg["smoke"]["seq_len"], values["vocab_size"]
    tokens = torch.randint(0, V, (B, T))
    logits = model(tokens)
    assert logits.shape == (B, T, V), logits.shape
    # slot: causality
    criterion = LabelSmoothedCrossEntropy(cfg["training"]["label_smoothing"])
    loss = criterion(logits, tokens)
    assert torch.isfinite(loss), loss
    print(
        f"forward pass: tokens {tuple(tokens.shape)} -> logits {tuple(logits.shape)}, "
        f"loss {loss.item():.3f}"
    )


# the decoder-only stack's part of token_stack: the causal mask holds
def causality(model, tokens, logits, V: int) -> None:
    # causality: changing the last token must not change earlier positions' logits
    altered = tokens.clone()
    altered[:, -1] = (altered[:, -1] + 1) % V
    # [ASSUMPTION] atol 1e-5: float32 round-off
    assert torch.allclose(model(altered)[:, :-1], logits[:, :-1], atol=1e-5)


def vision_encoder(cfg: dict) -> None:
    values = model_values(cfg, smoke=True)
    model = build_model(values).eval()
    B, S, K = cfg["smoke"]["batch_size"], values["image_size"], values["num_classes"]
    images = torch.randn(B, values["in_channels"], S, S)
    logits = model(images)
    assert logits.shape == (B, K), logits.shape
    labels = torch.randint(0, K, (B,))
    loss = LabelSmoothedCrossEntropy(cfg["training"]["label_smoothing"])(logits, labels)
    assert torch.isfinite(loss), loss
    print(
        f"forward pass: images {tuple(images.shape)} -> logits {tuple(logits.shape)}, "
        f"loss {loss.item():.3f}"
    )
