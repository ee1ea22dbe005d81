r"""<<title>>

The diffusion model in NumPy: noise predictor eps_theta and the Gaussian process, as forward
passes to read next to the paper's equations and to run on small arrays. NumPy has no automatic
differentiation, so nothing here trains: the weights are random draws (`build_model`'s seed),
and dropout, a training-time operation, is the identity. `--framework pytorch` writes the
trainable version.

Every class cites where the paper defines it. Values come from configs/base.yaml (`model:` and
`diffusion:`), where each one is cited or flagged.
Shapes: B batch, C channels, H = W = image_size, t in {0, ..., T-1} (paper's t = index + 1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .loss import epsilon_prediction_loss

# slot: model_config


def beta_schedule(name: str, T: int, beta_start: float, beta_end: float) -> np.ndarray:
    r"""<<c_schedule>>

    linear: beta_t evenly spaced from beta_1 = beta_start to beta_T = beta_end.
    cosine: alpha_bar_t = cos^2(((t/T + s) / (1 + s)) pi/2), s = 0.008, betas clipped to 0.999.
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


def silu(x: np.ndarray) -> np.ndarray:
    return x / (1.0 + np.exp(-x))


def softmax(x: np.ndarray) -> np.ndarray:
    """softmax over the last axis, shifted by the maximum so that exp cannot overflow."""
    shifted = np.exp(x - x.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


class Linear:
    """x W + b, with W: (d_in, d_out) and b: (d_out,)."""

    def __init__(self, rng: np.random.Generator, d_in: int, d_out: int) -> None:
        # [ASSUMPTION] W ~ N(0, 1/d_in), b = 0: untrained weights of a well-scaled output
        self.W = rng.normal(0.0, 1.0 / math.sqrt(d_in), (d_in, d_out))
        self.b = np.zeros(d_out)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return x @ self.W + self.b  # (..., d_in) -> (..., d_out)


class Conv2d:
    """A 2-D convolution with zero padding: (B, C_in, H, W) -> (B, C_out, H', W')."""

    def __init__(
        self, rng: np.random.Generator, c_in: int, c_out: int, k: int, stride: int, padding: int
    ) -> None:
        # [ASSUMPTION] W ~ N(0, 1/(c_in k^2)), b = 0: untrained weights of a well-scaled output
        self.W = rng.normal(0.0, 1.0 / math.sqrt(c_in * k * k), (c_out, c_in, k, k))
        self.b = np.zeros(c_out)
        self.stride, self.padding = stride, padding

    def __call__(self, x: np.ndarray) -> np.ndarray:
        p, k, s = self.padding, self.W.shape[-1], self.stride
        x = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
        windows = sliding_window_view(x, (k, k), axis=(2, 3))[
            :, :, ::s, ::s
        ]  # (B, C, H', W', k, k)
        return np.einsum("bchwij,ocij->bohw", windows, self.W) + self.b[:, None, None]


class GroupNorm:
    """Normalise each of `groups` channel groups over its channels and positions."""

    def __init__(self, groups: int, c: int) -> None:
        self.groups = groups
        self.gamma, self.beta = np.ones(c), np.zeros(c)  # gain and bias at their initial values
        self.eps = 1e-5  # [ASSUMPTION] PyTorch's GroupNorm default; the paper states none

    def __call__(self, x: np.ndarray) -> np.ndarray:
        B, C, H, W = x.shape
        g = x.reshape(B, self.groups, C // self.groups, H, W)
        mean = g.mean(axis=(2, 3, 4), keepdims=True)
        var = g.var(axis=(2, 3, 4), keepdims=True)
        g = ((g - mean) / np.sqrt(var + self.eps)).reshape(B, C, H, W)
        return g * self.gamma[:, None, None] + self.beta[:, None, None]


def identity(x: np.ndarray) -> np.ndarray:
    return x


def upsample(x: np.ndarray) -> np.ndarray:
    # [ASSUMPTION] nearest-neighbour upsampling doubles H and W
    return x.repeat(2, axis=2).repeat(2, axis=3)


class TimeEmbedding:
    r"""<<c_time>>"""

    def __init__(self, rng: np.random.Generator, dim: int) -> None:
        self.dim = dim
        # [ASSUMPTION] a two-layer MLP widening to 4 x dim, as common DDPM U-Nets do
        self.mlp_in, self.mlp_out = Linear(rng, dim, 4 * dim), Linear(rng, 4 * dim, 4 * dim)

    def __call__(self, t: np.ndarray) -> np.ndarray:
        half = self.dim // 2
        # [ASSUMPTION] base 10000, as in the Transformer's sinusoidal positional encoding
        freqs = np.exp(-math.log(10000.0) * np.arange(half) / half)
        angles = t[:, None] * freqs[None]  # (B, dim/2)
        emb = np.concatenate([np.sin(angles), np.cos(angles)], axis=-1)  # (B, dim)
        return self.mlp_out(silu(self.mlp_in(emb)))  # (B, 4 dim)


class SelfAttention:
    r"""<<c_attention>>

    Every position of the (H, W) feature map attends to every other: GroupNorm, 1x1 projections
    to queries, keys and values, softmax(q k^T / sqrt(C)) v, a 1x1 output projection, residual.
    """

    def __init__(self, rng: np.random.Generator, c: int, groups: int) -> None:
        self.norm = GroupNorm(min(groups, c), c)
        self.qkv = Conv2d(rng, c, 3 * c, 1, 1, 0)  # [ASSUMPTION] one head, 1x1, as DDPM's
        self.proj = Conv2d(rng, c, c, 1, 1, 0)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        B, C, H, W = x.shape
        qkv = self.qkv(self.norm(x)).reshape(B, 3, C, H * W)
        q, k, v = qkv[:, 0], qkv[:, 1], qkv[:, 2]  # each (B, C, HW)
        weights = softmax(q.transpose(0, 2, 1) @ k / math.sqrt(C))  # (B, HW, HW)
        h = (v @ weights.transpose(0, 2, 1)).reshape(B, C, H, W)  # position i: sum_j w_ij v_j
        return x + self.proj(h)


class ResidualBlock:
    """Two 3x3 convolutions with GroupNorm and SiLU; the time embedding is added in between.
    With `attention`, self-attention over the block's output follows (at the resolutions of
    `attn_resolutions`). The dropout between the convolutions is the identity here."""

    def __init__(
        self,
        rng: np.random.Generator,
        c_in: int,
        c_out: int,
        t_dim: int,
        groups: int,
        attention: bool,
    ) -> None:
        self.norm1 = GroupNorm(min(groups, c_in), c_in)
        # [ASSUMPTION] 3x3 convolutions with padding 1, the usual U-Net choice
        self.conv1 = Conv2d(rng, c_in, c_out, 3, 1, 1)
        self.time = Linear(rng, t_dim, c_out)
        self.norm2 = GroupNorm(min(groups, c_out), c_out)
        self.conv2 = Conv2d(rng, c_out, c_out, 3, 1, 1)  # [ASSUMPTION] 3x3, as conv1
        self.skip = Conv2d(rng, c_in, c_out, 1, 1, 0) if c_in != c_out else identity
        self.attention = SelfAttention(rng, c_out, groups) if attention else identity

    def __call__(self, x: np.ndarray, t_emb: np.ndarray) -> np.ndarray:
        h = self.conv1(silu(self.norm1(x)))  # (B, c_out, H, W)
        h = h + self.time(silu(t_emb))[:, :, None, None]  # condition on t
        h = self.conv2(silu(self.norm2(h)))
        return self.attention(h + self.skip(x))


class UNet:
    r"""<<c_unet>>

    Downsampling path (one level per entry of `channel_mults`, each halving H and W), a middle
    block, and an upsampling path that concatenates the matching skip connection; blocks whose
    feature maps are as wide as an entry of `attn_resolutions` end in self-attention, as does
    the first middle block when there is any. Output has the input's shape.
    """

    def __init__(self, rng: np.random.Generator, cfg: ModelConfig) -> None:
        # [ASSUMPTION] the time embedding is 4 x base_channels wide, as in TimeEmbedding
        ch, t_dim = cfg.base_channels, 4 * cfg.base_channels
        self.time_embedding = TimeEmbedding(rng, ch)
        # [ASSUMPTION] 3x3 convolutions with padding 1, the usual U-Net choice
        self.stem = Conv2d(rng, cfg.in_channels, ch, 3, 1, 1)

        def block(c_in: int, c_out: int, level: int) -> ResidualBlock:
            attention = cfg.image_size // 2**level in cfg.attn_resolutions
            return ResidualBlock(rng, c_in, c_out, t_dim, cfg.norm_groups, attention)

        last = len(cfg.channel_mults) - 1
        skips, c = [ch], ch  # channel counts of the activations the up path will concatenate
        self.down_blocks, self.downsamplers = [], []
        for level, mult in enumerate(cfg.channel_mults):
            blocks = []
            for _ in range(cfg.num_res_blocks):
                blocks.append(block(c, ch * mult, level))
                c = ch * mult
                skips.append(c)
            self.down_blocks.append(blocks)
            if level < last:
                # [ASSUMPTION] a strided 3x3 convolution halves H and W
                self.downsamplers.append(Conv2d(rng, c, c, 3, 2, 1))
                skips.append(c)
            else:
                self.downsamplers.append(None)
        groups, attend = cfg.norm_groups, bool(cfg.attn_resolutions)
        self.middle = [
            ResidualBlock(rng, c, c, t_dim, groups, attention=attend),
            ResidualBlock(rng, c, c, t_dim, groups, attention=False),
        ]
        self.up_blocks, self.upsamplers = [], []
        for level, mult in reversed(list(enumerate(cfg.channel_mults))):
            blocks = []
            for _ in range(cfg.num_res_blocks + 1):
                blocks.append(block(c + skips.pop(), ch * mult, level))
                c = ch * mult
            self.up_blocks.append(blocks)
            self.upsamplers.append(upsample if level > 0 else identity)
        self.out_norm = GroupNorm(min(cfg.norm_groups, c), c)
        self.out_conv = Conv2d(rng, c, cfg.in_channels, 3, 1, 1)  # [ASSUMPTION] 3x3 output conv

    def __call__(self, x: np.ndarray, t: np.ndarray) -> np.ndarray:
        t_emb = self.time_embedding(t)  # (B, 4 base_channels)
        h = self.stem(x)  # (B, base_channels, H, W)
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
        for blocks, up in zip(self.up_blocks, self.upsamplers, strict=True):
            for block in blocks:
                h = block(np.concatenate([h, hs.pop()], axis=1), t_emb)  # skip connection
            h = up(h)
        return self.out_conv(silu(self.out_norm(h)))  # eps_theta(x_t, t): (B, C, H, W)


class GaussianDiffusion:
    r"""The forward process q and the reverse process p_theta around eps_theta.

    <<eq_forward>>
    """

    def __init__(self, eps_model: UNet, betas: np.ndarray, sampling_variance: str) -> None:
        if sampling_variance not in ("beta", "beta_tilde"):
            raise ValueError(f"sampling_variance {sampling_variance!r}: beta or beta_tilde")
        self.eps_model = eps_model
        self.T = betas.size
        self.betas = betas
        self.alphas = 1.0 - betas  # alpha_t = 1 - beta_t
        self.alpha_bar = np.cumprod(self.alphas)  # alpha_bar_t = prod_{s<=t} alpha_s
        alpha_bar_prev = np.concatenate([[1.0], self.alpha_bar[:-1]])
        if sampling_variance == "beta":
            sigma2 = betas  # sigma_t^2 = beta_t
        else:
            sigma2 = betas * (1 - alpha_bar_prev) / (1 - self.alpha_bar)  # beta_tilde_t
        self.sigma = np.sqrt(sigma2)

    def q_sample(self, x0: np.ndarray, t: np.ndarray, eps: np.ndarray) -> np.ndarray:
        r"""<<c_forward>>

        x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) eps, in one step from x_0.
        """
        # slot: x_forward
        ab = self.alpha_bar[t][:, None, None, None]  # (B, 1, 1, 1)
        # <<l_forward>>
        return np.sqrt(ab) * x0 + np.sqrt(1 - ab) * eps

    def training_loss(self, x0: np.ndarray, rng: np.random.Generator) -> float:
        r"""<<c_loss>>

        <<eq_loss>>
        """
        # slot: x_loss
        t = rng.integers(0, self.T, x0.shape[0])  # t ~ Uniform
        eps = rng.standard_normal(x0.shape)  # eps ~ N(0, I)
        eps_theta = self.eps_model(self.q_sample(x0, t, eps), t)
        # <<l_loss>>
        return epsilon_prediction_loss(eps, eps_theta)

    def p_sample(self, x_t: np.ndarray, t: int, rng: np.random.Generator) -> np.ndarray:
        r"""<<c_sampling>>

        <<eq_sampling>>
        """
        eps_theta = self.eps_model(x_t, np.full(x_t.shape[0], t))
        beta_t, alpha_t, ab_t = self.betas[t], self.alphas[t], self.alpha_bar[t]
        # <<l_sampling>>
        mean = (x_t - beta_t / np.sqrt(1 - ab_t) * eps_theta) / np.sqrt(alpha_t)
        if t == 0:
            return mean  # the last step adds no noise
        return mean + self.sigma[t] * rng.standard_normal(x_t.shape)  # + sigma_t z, z ~ N(0, I)

    def sample(self, shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
        """x_T ~ N(0, I), then T reverse steps down to x_0."""
        x = rng.standard_normal(shape)
        for t in reversed(range(self.T)):
            x = self.p_sample(x, t, rng)
        return x


def build_model(model_values: dict, diffusion_values: dict, seed: int = 0) -> GaussianDiffusion:
    """The diffusion model from the `model:` and `diffusion:` values of configs/base.yaml, the
    U-Net's weights drawn with `seed`."""
    betas = beta_schedule(
        diffusion_values["beta_schedule"],
        diffusion_values["diffusion_steps"],
        diffusion_values["beta_start"],
        diffusion_values["beta_end"],
    )
    unet = UNet(np.random.default_rng(seed), ModelConfig.from_dict(model_values))
    return GaussianDiffusion(unet, betas, diffusion_values["sampling_variance"])
