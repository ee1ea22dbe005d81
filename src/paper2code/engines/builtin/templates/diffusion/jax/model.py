r"""<<title>>

The diffusion model in JAX with flax.nnx: noise predictor eps_theta and the Gaussian process,
each part an `nnx.Module` whose learnable arrays are `nnx.Param`s drawn from `nnx.Rngs`.
`model.eval()` turns dropout off (sampling, evaluation), `model.train()` back on.

Every class cites where the paper defines it. Values come from configs/base.yaml (`model:` and
`diffusion:`), where each one is cited or flagged.
Shapes: B batch, H = W = image_size, C channels, channels last (B, H, W, C) as flax convolutions
take them; t in {0, ..., T-1} (paper's t = index + 1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np
from flax import nnx

from .loss import epsilon_prediction_loss

# slot: model_config


def beta_schedule(name: str, T: int, beta_start: float, beta_end: float) -> np.ndarray:
    r"""<<c_schedule>>

    linear: beta_t evenly spaced from beta_1 = beta_start to beta_T = beta_end.
    cosine: alpha_bar_t = cos^2(((t/T + s) / (1 + s)) pi/2), s = 0.008, betas clipped to 0.999.
    Computed once, in float64, on the host.
    """
    if name == "linear":
        # <<l_schedule>>
        return np.linspace(beta_start, beta_end, T)  # (T,)
    if name == "cosine":
        s = 0.008  # [ASSUMPTION] the offset of the common cosine schedule; the paper gives none
        steps = np.arange(T + 1) / T
        alpha_bar = np.cos((steps + s) / (1 + s) * math.pi / 2) ** 2
        # [ASSUMPTION] betas clipped at 0.999, as usual, to avoid a singular last step
        return np.minimum(1 - alpha_bar[1:] / alpha_bar[:-1], 0.999)  # (T,)
    raise ValueError(f"unknown beta_schedule {name!r} (linear or cosine)")


class Buffer(nnx.Variable):
    """A fixed array of the model (the noise schedule): saved with it, never trained."""


def group_norm(groups: int, c: int, rngs: nnx.Rngs) -> nnx.GroupNorm:
    # [ASSUMPTION] epsilon 1e-5, PyTorch's GroupNorm default; the paper states none
    return nnx.GroupNorm(c, num_groups=min(groups, c), epsilon=1e-5, rngs=rngs)


def upsample(x: jax.Array) -> jax.Array:
    # [ASSUMPTION] nearest-neighbour upsampling doubles H and W
    return jnp.repeat(jnp.repeat(x, 2, axis=1), 2, axis=2)


class TimeEmbedding(nnx.Module):
    r"""<<c_time>>"""

    def __init__(self, dim: int, *, rngs: nnx.Rngs) -> None:
        self.dim = dim
        # [ASSUMPTION] a two-layer MLP widening to 4 x dim, as common DDPM U-Nets do
        width = 4 * dim
        self.mlp_in = nnx.Linear(dim, width, rngs=rngs)
        self.mlp_out = nnx.Linear(width, width, rngs=rngs)

    def __call__(self, t: jax.Array) -> jax.Array:
        half = self.dim // 2
        # [ASSUMPTION] base 10000, as in the Transformer's sinusoidal positional encoding
        freqs = jnp.exp(-math.log(10000.0) * jnp.arange(half) / half)
        angles = t[:, None] * freqs[None]  # (B, dim/2)
        emb = jnp.concatenate([jnp.sin(angles), jnp.cos(angles)], axis=-1)  # (B, dim)
        return self.mlp_out(jax.nn.silu(self.mlp_in(emb)))  # (B, 4 dim)


class SelfAttention(nnx.Module):
    r"""<<c_attention>>

    Every position of the (H, W) feature map attends to every other: GroupNorm, 1x1 projections
    to queries, keys and values, softmax(q k^T / sqrt(C)) v, a 1x1 output projection, residual.
    """

    def __init__(self, c: int, groups: int, *, rngs: nnx.Rngs) -> None:
        self.norm = group_norm(groups, c, rngs)
        # [ASSUMPTION] one head, 1x1 projections, as DDPM's
        self.qkv = nnx.Conv(c, 3 * c, (1, 1), rngs=rngs)
        self.proj = nnx.Conv(c, c, (1, 1), rngs=rngs)

    def __call__(self, x: jax.Array) -> jax.Array:
        B, H, W, C = x.shape
        qkv = self.qkv(self.norm(x)).reshape(B, H * W, 3 * C)
        q, k, v = jnp.split(qkv, 3, axis=-1)  # each (B, HW, C)
        weights = jax.nn.softmax(q @ jnp.swapaxes(k, 1, 2) / math.sqrt(C), axis=-1)  # (B, HW, HW)
        h = (weights @ v).reshape(B, H, W, C)  # position i: sum_j w_ij v_j
        return x + self.proj(h)


class ResidualBlock(nnx.Module):
    """Two 3x3 convolutions with GroupNorm and SiLU; the time embedding is added in between.
    With `attention`, self-attention over the block's output follows (at the resolutions of
    `attn_resolutions`)."""

    def __init__(
        self,
        c_in: int,
        c_out: int,
        t_dim: int,
        dropout: float,
        groups: int,
        attention: bool,
        *,
        rngs: nnx.Rngs,
    ) -> None:
        self.norm1 = group_norm(groups, c_in, rngs)
        # [ASSUMPTION] 3x3 convolutions with padding 1, the usual U-Net choice
        self.conv1 = nnx.Conv(c_in, c_out, (3, 3), padding=1, rngs=rngs)
        self.time = nnx.Linear(t_dim, c_out, rngs=rngs)
        self.norm2 = group_norm(groups, c_out, rngs)
        self.dropout = nnx.Dropout(dropout, rngs=rngs)
        self.conv2 = nnx.Conv(c_out, c_out, (3, 3), padding=1, rngs=rngs)  # [ASSUMPTION] as conv1
        self.skip = nnx.Conv(c_in, c_out, (1, 1), rngs=rngs) if c_in != c_out else None
        self.attention = SelfAttention(c_out, groups, rngs=rngs) if attention else None

    def __call__(self, x: jax.Array, t_emb: jax.Array) -> jax.Array:
        h = self.conv1(jax.nn.silu(self.norm1(x)))  # (B, H, W, c_out)
        h = h + self.time(jax.nn.silu(t_emb))[:, None, None, :]  # condition on t
        h = self.conv2(self.dropout(jax.nn.silu(self.norm2(h))))
        h = h + (x if self.skip is None else self.skip(x))
        return h if self.attention is None else self.attention(h)


class UNet(nnx.Module):
    r"""<<c_unet>>

    Downsampling path (one level per entry of `channel_mults`, each halving H and W), a middle
    block, and an upsampling path that concatenates the matching skip connection; blocks whose
    feature maps are as wide as an entry of `attn_resolutions` end in self-attention, as does
    the first middle block when there is any. Output has the input's shape.
    """

    def __init__(self, cfg: ModelConfig, *, rngs: nnx.Rngs) -> None:
        # [ASSUMPTION] the time embedding is 4 x base_channels wide, as in TimeEmbedding
        ch, t_dim = cfg.base_channels, 4 * cfg.base_channels
        self.time_embedding = TimeEmbedding(ch, rngs=rngs)
        # [ASSUMPTION] 3x3 convolutions with padding 1, the usual U-Net choice
        self.stem = nnx.Conv(cfg.in_channels, ch, (3, 3), padding=1, rngs=rngs)

        def block(c_in: int, c_out: int, level: int) -> ResidualBlock:
            attention = cfg.image_size // 2**level in cfg.attn_resolutions
            return ResidualBlock(
                c_in, c_out, t_dim, cfg.dropout, cfg.norm_groups, attention, rngs=rngs
            )

        last = len(cfg.channel_mults) - 1
        skips, c = [ch], ch  # channel counts of the activations the up path will concatenate
        down_blocks, downsamplers = [], []
        for level, mult in enumerate(cfg.channel_mults):
            blocks = []
            for _ in range(cfg.num_res_blocks):
                blocks.append(block(c, ch * mult, level))
                c = ch * mult
                skips.append(c)
            down_blocks.append(nnx.List(blocks))
            if level < last:
                # [ASSUMPTION] a strided 3x3 convolution halves H and W
                downsamplers.append(nnx.Conv(c, c, (3, 3), strides=2, padding=1, rngs=rngs))
                skips.append(c)
            else:
                downsamplers.append(None)
        self.down_blocks, self.downsamplers = nnx.List(down_blocks), nnx.List(downsamplers)
        groups, attend, rate = cfg.norm_groups, bool(cfg.attn_resolutions), cfg.dropout
        self.middle = nnx.List(
            [
                ResidualBlock(c, c, t_dim, rate, groups, attention=attend, rngs=rngs),
                ResidualBlock(c, c, t_dim, rate, groups, attention=False, rngs=rngs),
            ]
        )
        up_blocks, self.upsample_levels = [], []
        for level, mult in reversed(list(enumerate(cfg.channel_mults))):
            blocks = []
            for _ in range(cfg.num_res_blocks + 1):
                blocks.append(block(c + skips.pop(), ch * mult, level))
                c = ch * mult
            up_blocks.append(nnx.List(blocks))
            self.upsample_levels.append(level > 0)  # every level but the last upsamples
        self.up_blocks = nnx.List(up_blocks)
        self.out_norm = group_norm(cfg.norm_groups, c, rngs)
        # [ASSUMPTION] a 3x3 output convolution
        self.out_conv = nnx.Conv(c, cfg.in_channels, (3, 3), padding=1, rngs=rngs)

    def __call__(self, x: jax.Array, t: jax.Array) -> jax.Array:
        t_emb = self.time_embedding(t)  # (B, 4 base_channels)
        h = self.stem(x)  # (B, H, W, base_channels)
        hs = [h]
        for blocks, downsample in zip(self.down_blocks, self.downsamplers, strict=True):
            for block in blocks:
                h = block(h, t_emb)
                hs.append(h)
            if downsample is not None:
                h = downsample(h)
                hs.append(h)
        for block in self.middle:
            h = block(h, t_emb)
        for blocks, up in zip(self.up_blocks, self.upsample_levels, strict=True):
            for block in blocks:
                h = block(jnp.concatenate([h, hs.pop()], axis=-1), t_emb)  # skip connection
            h = upsample(h) if up else h
        return self.out_conv(jax.nn.silu(self.out_norm(h)))  # eps_theta(x_t, t): (B, H, W, C)


class GaussianDiffusion(nnx.Module):
    r"""The forward process q and the learned reverse process p_theta around eps_theta.

    <<eq_forward>>
    """

    def __init__(
        self, eps_model: UNet, betas: np.ndarray, sampling_variance: str, *, rngs: nnx.Rngs
    ) -> None:
        if sampling_variance not in ("beta", "beta_tilde"):
            raise ValueError(f"sampling_variance {sampling_variance!r}: beta or beta_tilde")
        self.eps_model = eps_model
        self.T = int(betas.size)
        alphas = 1.0 - betas  # alpha_t = 1 - beta_t
        alpha_bar = np.cumprod(alphas)  # alpha_bar_t = prod_{s<=t} alpha_s
        alpha_bar_prev = np.concatenate([[1.0], alpha_bar[:-1]])
        if sampling_variance == "beta":
            sigma2 = betas  # sigma_t^2 = beta_t
        else:
            sigma2 = betas * (1 - alpha_bar_prev) / (1 - alpha_bar)  # beta_tilde_t
        self.betas = Buffer(jnp.asarray(betas, dtype=jnp.float32))
        self.alphas = Buffer(jnp.asarray(alphas, dtype=jnp.float32))
        self.alpha_bar = Buffer(jnp.asarray(alpha_bar, dtype=jnp.float32))
        self.sigma = Buffer(jnp.asarray(np.sqrt(sigma2), dtype=jnp.float32))
        self.rngs = rngs  # the draws of t and of the noise

    def q_sample(self, x0: jax.Array, t: jax.Array, eps: jax.Array) -> jax.Array:
        r"""<<c_forward>>

        x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) eps, in one step from x_0.
        """
        # slot: x_forward
        ab = self.alpha_bar[...][t][:, None, None, None]  # (B, 1, 1, 1)
        # <<l_forward>>
        return jnp.sqrt(ab) * x0 + jnp.sqrt(1 - ab) * eps

    def training_loss(self, x0: jax.Array) -> jax.Array:
        r"""<<c_loss>>

        <<eq_loss>>
        """
        # slot: x_loss
        t = jax.random.randint(self.rngs(), (x0.shape[0],), 0, self.T)  # t ~ Uniform
        eps = jax.random.normal(self.rngs(), x0.shape)  # eps ~ N(0, I)
        eps_theta = self.eps_model(self.q_sample(x0, t, eps), t)
        # <<l_loss>>
        return epsilon_prediction_loss(eps, eps_theta)

    def p_sample(self, x_t: jax.Array, t: int) -> jax.Array:
        r"""<<c_sampling>>

        <<eq_sampling>>
        """
        eps_theta = self.eps_model(x_t, jnp.full((x_t.shape[0],), t))
        beta_t, alpha_t, ab_t = self.betas[t], self.alphas[t], self.alpha_bar[t]
        # <<l_sampling>>
        mean = (x_t - beta_t / jnp.sqrt(1 - ab_t) * eps_theta) / jnp.sqrt(alpha_t)
        if t == 0:
            return mean  # the last step adds no noise
        z = jax.random.normal(self.rngs(), x_t.shape)  # z ~ N(0, I)
        return mean + self.sigma[t] * z  # + sigma_t z

    def sample(self, shape: tuple[int, ...]) -> jax.Array:
        """x_T ~ N(0, I), then T reverse steps down to x_0."""
        x = jax.random.normal(self.rngs(), shape)
        for t in reversed(range(self.T)):
            x = self.p_sample(x, t)
        return x


def build_model(model_values: dict, diffusion_values: dict, seed: int = 0) -> GaussianDiffusion:
    """The diffusion model from the `model:` and `diffusion:` values of configs/base.yaml, its
    weights, dropout and noise drawn from `nnx.Rngs(seed)`."""
    betas = beta_schedule(
        diffusion_values["beta_schedule"],
        diffusion_values["diffusion_steps"],
        diffusion_values["beta_start"],
        diffusion_values["beta_end"],
    )
    rngs = nnx.Rngs(seed)
    unet = UNet(ModelConfig.from_dict(model_values), rngs=rngs)
    return GaussianDiffusion(unet, betas, diffusion_values["sampling_variance"], rngs=rngs)
