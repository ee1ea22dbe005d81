"""The encoder-decoder stack (model.py's `# slot: parts`)."""

from __future__ import annotations

import jax
from flax import nnx


class DecoderLayer(nnx.Module):
    r"""<<c_decoder>>

    Masked self-attention, attention over the encoder output, then the FFN.
    """

    def __init__(self, cfg: ModelConfig, *, rngs: nnx.Rngs) -> None:
        self.self_attn = MultiHeadAttention(cfg, rngs=rngs)
        self.cross_attn = MultiHeadAttention(cfg, rngs=rngs)
        self.ffn = PositionwiseFeedForward(cfg, rngs=rngs)
        self.sublayers = nnx.List([SublayerConnection(cfg, rngs=rngs) for _ in range(3)])

    def __call__(
        self,
        y: jax.Array,
        memory: jax.Array,
        tgt_mask: jax.Array,
        src_mask: jax.Array | None = None,
    ) -> jax.Array:
        y = self.sublayers[0](y, lambda t: self.self_attn(t, t, tgt_mask))  # (B, T, d_model)
        y = self.sublayers[1](y, lambda t: self.cross_attn(t, memory, src_mask))  # queries: y
        return self.sublayers[2](y, self.ffn)  # (B, T, d_model)


class Transformer(nnx.Module):
    r"""<<c_arch>>

    The encoder maps source tokens (B, S) to memory (B, S, d_model); the decoder maps the
    shifted target (B, T) and the memory to logits over the vocabulary (B, T, vocab_size).
    """

    def __init__(self, cfg: ModelConfig, *, rngs: nnx.Rngs) -> None:
        self.cfg = cfg
        self.src_embed = Embedding(cfg, rngs=rngs)
        self.tgt_embed = Embedding(cfg, rngs=rngs)
        n_enc, n_dec = cfg.num_encoder_layers, cfg.num_decoder_layers
        self.encoder = nnx.List([EncoderLayer(cfg, rngs=rngs) for _ in range(n_enc)])
        self.decoder = nnx.List([DecoderLayer(cfg, rngs=rngs) for _ in range(n_dec)])
        self.encoder_norm = final_norm(cfg, rngs)
        self.decoder_norm = final_norm(cfg, rngs)
        self.generator = output_projection(cfg, self.tgt_embed, rngs)

    def encode(self, src: jax.Array, src_mask: jax.Array | None = None) -> jax.Array:
        x = self.src_embed(src)  # (B, S, d_model)
        for layer in self.encoder:
            x = layer(x, src_mask)
        return self.encoder_norm(x)  # memory: (B, S, d_model)

    def decode(
        self, tgt: jax.Array, memory: jax.Array, src_mask: jax.Array | None = None
    ) -> jax.Array:
        y = self.tgt_embed(tgt)  # (B, T, d_model)
        tgt_mask = causal_mask(tgt.shape[1])  # no peeking at later target tokens
        for layer in self.decoder:
            y = layer(y, memory, tgt_mask, src_mask)
        return self.decoder_norm(y)  # (B, T, d_model)

    def __call__(
        self, src: jax.Array, tgt: jax.Array, src_mask: jax.Array | None = None
    ) -> jax.Array:
        memory = self.encode(src, src_mask)
        return self.generator(self.decode(tgt, memory, src_mask))  # logits: (B, T, vocab_size)


def build_model(values: dict, seed: int = 0) -> Transformer:
    """The model from the `model:` values of configs/base.yaml, its weights drawn with `seed`."""
    return Transformer(ModelConfig.from_dict(values), rngs=nnx.Rngs(seed))
