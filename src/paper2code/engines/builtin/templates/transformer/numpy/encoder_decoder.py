"""The encoder-decoder stack (model.py's `# slot: parts`)."""

from __future__ import annotations

import numpy as np


class DecoderLayer:
    r"""<<c_decoder>>

    Masked self-attention, attention over the encoder output, then the FFN.
    """

    def __init__(self, rng: np.random.Generator, cfg: ModelConfig) -> None:
        self.self_attn = MultiHeadAttention(rng, cfg)
        self.cross_attn = MultiHeadAttention(rng, cfg)
        self.ffn = PositionwiseFeedForward(rng, cfg)
        self.sublayers = [SublayerConnection(cfg) for _ in range(3)]

    def __call__(
        self,
        y: np.ndarray,
        memory: np.ndarray,
        tgt_mask: np.ndarray,
        src_mask: np.ndarray | None = None,
    ) -> np.ndarray:
        y = self.sublayers[0](y, lambda t: self.self_attn(t, t, tgt_mask))  # (B, T, d_model)
        y = self.sublayers[1](y, lambda t: self.cross_attn(t, memory, src_mask))  # queries: y
        return self.sublayers[2](y, self.ffn)  # (B, T, d_model)


class Transformer:
    r"""<<c_arch>>

    The encoder maps source tokens (B, S) to memory (B, S, d_model); the decoder maps the
    shifted target (B, T) and the memory to logits over the vocabulary (B, T, vocab_size).
    """

    def __init__(self, rng: np.random.Generator, cfg: ModelConfig) -> None:
        self.cfg = cfg
        self.src_embed = Embedding(rng, cfg)
        self.tgt_embed = Embedding(rng, cfg)
        self.encoder = [EncoderLayer(rng, cfg) for _ in range(cfg.num_encoder_layers)]
        self.decoder = [DecoderLayer(rng, cfg) for _ in range(cfg.num_decoder_layers)]
        self.encoder_norm = final_norm(cfg)
        self.decoder_norm = final_norm(cfg)
        self.generator = output_projection(rng, cfg, self.tgt_embed)

    def encode(self, src: np.ndarray, src_mask: np.ndarray | None = None) -> np.ndarray:
        x = self.src_embed(src)  # (B, S, d_model)
        for layer in self.encoder:
            x = layer(x, src_mask)
        return self.encoder_norm(x)  # memory: (B, S, d_model)

    def decode(
        self, tgt: np.ndarray, memory: np.ndarray, src_mask: np.ndarray | None = None
    ) -> np.ndarray:
        y = self.tgt_embed(tgt)  # (B, T, d_model)
        tgt_mask = causal_mask(tgt.shape[1])  # no peeking at later target tokens
        for layer in self.decoder:
            y = layer(y, memory, tgt_mask, src_mask)
        return self.decoder_norm(y)  # (B, T, d_model)

    def __call__(
        self, src: np.ndarray, tgt: np.ndarray, src_mask: np.ndarray | None = None
    ) -> np.ndarray:
        memory = self.encode(src, src_mask)
        return self.generator(self.decode(tgt, memory, src_mask))  # logits: (B, T, vocab_size)


def build_model(values: dict, seed: int = 0) -> Transformer:
    """The model from the `model:` values of configs/base.yaml, its weights drawn with `seed`."""
    return Transformer(np.random.default_rng(seed), ModelConfig.from_dict(values))
