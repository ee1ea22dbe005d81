r"""<<title>>

The diffusion model: noise predictor eps_theta and the Gaussian process.

Every class cites where the paper defines it. Values come from configs/base.yaml (`model:` and
`diffusion:`), where each one is cited or flagged.
Shapes: B batch, C channels, H = W = image_size, t in {0, ..., T-1} (paper's t = index + 1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn as nn

from .loss import epsilon_prediction_loss


# slot: model_config


def beta_schedule(name: str, T: int, beta_start: float, beta_end: float) -> torch.Tensor:
    r"""<<c_schedule>>

    linear: beta_t evenly spaced from beta_1 = beta_start to beta_T = beta_end.
    cosine: alpha_bar_t = cos^2(((t/T + s) / (1 + s)) pi/2), s = 0.008, betas clipped to 0.999.
    """
    if name == "linear":
        # <<l_schedule>>
        return torch.linspace(beta_start, beta_end, T, dtype=torch.float64)  # (T,)
    if name == "cosine":
        s = 0.008  # [ASSUMPTION] the offset of the common cosine schedule; the paper gives none
        steps = torch.arange(T + 1, dtype=torch.float64) / T
        alpha_bar = torch.cos((steps + s) / (1 + s) * math.pi / 2) ** 2
        # [ASSUMPTION] betas clipped at 0.999, as usual, to avoid a singular last step
        return (1 - alpha_bar[1:] / alpha_bar[:-1]).clamp(max=0.999)  # (T,)
    raise ValueError(f"unknown beta_schedule {name!r} (linear or cosine)")


class TimeEmbedding(nn.Module):
    r"""<<c_time>>"""

    def __init__(self, dim: int) -> None:
        super().__init__()
        self.dim = dim
        # [ASSUMPTION] a two-layer MLP widening to 4 x dim, as common DDPM U-Nets do
        self.mlp = nn.Sequential(nn.Linear(dim, 4 * dim), nn.SiLU(), nn.Linear(4 * dim, 4 * dim))

    def forward(self, t: torch.Tensor) -> torch.Tensor:
        half = self.dim // 2
        # [ASSUMPTION] base 10000, as in the Transformer's sinusoidal positional encoding
        freqs = torch.exp(-math.log(10000.0) * torch.arange(half, device=t.device) / half)
        angles = t.float()[:, None] * freqs[None]  # (B, dim/2)
        emb = torch.cat([angles.sin(), angles.cos()], dim=-1)  # (B, dim)
        return self.mlp(emb)  # (B, 4 dim)


class SelfAttention(nn.Module):
    r"""<<c_attention>>

    Every position of the (H, W) feature map attends to every other: GroupNorm, 1x1 projections
    to queries, keys and values, softmax(q k^T / sqrt(C)) v, a 1x1 output projection, residual.
    """

    def __init__(self, c: int, groups: int) -> None:
        super().__init__()
        self.norm = nn.GroupNorm(min(groups, c), c)
        self.qkv = nn.Conv2d(c, 3 * c, 1)  # [ASSUMPTION] one head, 1x1 projections, as DDPM's
        self.proj = nn.Conv2d(c, c, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B, C, H, W = x.shape
        q, k, v = self.qkv(self.norm(x)).reshape(B, 3, C, H * W).unbind(1)  # each (B, C, HW)
        weights = torch.softmax(q.transpose(1, 2) @ k / math.sqrt(C), dim=-1)  # (B, HW, HW)
        h = (v @ weights.transpose(1, 2)).reshape(B, C, H, W)  # position i: sum_j w_ij v_j
        return x + self.proj(h)


class ResidualBlock(nn.Module):
    """Two 3x3 convolutions with GroupNorm and SiLU; the time embedding is added in between.
    With `attention`, self-attention over the block's output follows (at the resolutions of
    `attn_resolutions`)."""

    def __init__(
        self, c_in: int, c_out: int, t_dim: int, dropout: float, groups: int, attention: bool
    ) -> None:
        super().__init__()
        self.norm1 = nn.GroupNorm(min(groups, c_in), c_in)
        # [ASSUMPTION] 3x3 convolutions with padding 1, the usual U-Net choice
        self.conv1 = nn.Conv2d(c_in, c_out, 3, padding=1)
        self.time = nn.Linear(t_dim, c_out)
        self.norm2 = nn.GroupNorm(min(groups, c_out), c_out)
        self.dropout = nn.Dropout(dropout)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, padding=1)  # [ASSUMPTION] 3x3, as conv1
        self.skip = nn.Conv2d(c_in, c_out, 1) if c_in != c_out else nn.Identity()
        self.act = nn.SiLU()
        self.attention = SelfAttention(c_out, groups) if attention else nn.Identity()

    def forward(self, x: torch.Tensor, t_emb: torch.Tensor) -> torch.Tensor:
        h = self.conv1(self.act(self.norm1(x)))  # (B, c_out, H, W)
        h = h + self.time(self.act(t_emb))[:, :, None, None]  # condition on t
        h = self.conv2(self.dropout(self.act(self.norm2(h))))
        return self.attention(h + self.skip(x))


class UNet(nn.Module):
    r"""<<c_unet>>

    Downsampling path (one level per entry of `channel_mults`, each halving H and W), a middle
    block, and an upsampling path that concatenates the matching skip connection; blocks whose
    feature maps are as wide as an entry of `attn_resolutions` end in self-attention, as does
    the first middle block when there is any. Output has the input's shape.
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        # [ASSUMPTION] the time embedding is 4 x base_channels wide, as in TimeEmbedding
        ch, t_dim = cfg.base_channels, 4 * cfg.base_channels
        self.time_embedding = TimeEmbedding(ch)
        # [ASSUMPTION] 3x3 convolutions with padding 1, the usual U-Net choice
        self.stem = nn.Conv2d(cfg.in_channels, ch, 3, padding=1)

        def block(c_in: int, c_out: int, level: int) -> ResidualBlock:
            attention = cfg.image_size // 2**level in cfg.attn_resolutions
            return ResidualBlock(c_in, c_out, t_dim, cfg.dropout, cfg.norm_groups, attention)

        last = len(cfg.channel_mults) - 1
        skips, c = [ch], ch  # channel counts of the activations the up path will concatenate
        self.down_blocks, self.downsamplers = nn.ModuleList(), nn.ModuleList()
        for level, mult in enumerate(cfg.channel_mults):
            blocks = nn.ModuleList()
            for _ in range(cfg.num_res_blocks):
                blocks.append(block(c, ch * mult, level))
                c = ch * mult
                skips.append(c)
            self.down_blocks.append(blocks)
            if level < last:
                # [ASSUMPTION] a strided 3x3 convolution halves H and W
                self.downsamplers.append(nn.Conv2d(c, c, 3, stride=2, padding=1))
                skips.append(c)
            else:
                self.downsamplers.append(nn.Identity())
        groups, attend = cfg.norm_groups, bool(cfg.attn_resolutions)
        self.middle = nn.ModuleList(
            [
                ResidualBlock(c, c, t_dim, cfg.dropout, groups, attention=attend),
                ResidualBlock(c, c, t_dim, cfg.dropout, groups, attention=False),
            ]
        )
        self.up_blocks, self.upsamplers = nn.ModuleList(), nn.ModuleList()
        for level, mult in reversed(list(enumerate(cfg.channel_mults))):
            blocks = nn.ModuleList()
            for _ in range(cfg.num_res_blocks + 1):
                blocks.append(block(c + skips.pop(), ch * mult, level))
                c = ch * mult
            self.up_blocks.append(blocks)
            self.upsamplers.append(
                # [ASSUMPTION] nearest-neighbour upsampling doubles H and W
                nn.Upsample(scale_factor=2, mode="nearest") if level > 0 else nn.Identity()
            )
        self.out = nn.Sequential(
            nn.GroupNorm(min(cfg.norm_groups, c), c),
            nn.SiLU(),
            nn.Conv2d(c, cfg.in_channels, 3, padding=1),  # [ASSUMPTION] 3x3 output conv
        )

    def forward(self, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        t_emb = self.time_embedding(t)  # (B, 4 base_channels)
        h = self.stem(x)  # (B, base_channels, H, W)
        hs = [h]
        for blocks, downsample in zip(self.down_blocks, self.downsamplers, strict=True):
            for block in blocks:
                h = block(h, t_emb)
                hs.append(h)
            if not isinstance(downsample, nn.Identity):
                h = downsample(h)
                hs.append(h)
        for block in self.middle:
            h = block(h, t_emb)
        for blocks, upsample in zip(self.up_blocks, self.upsamplers, strict=True):
            for block in blocks:
                h = block(torch.cat([h, hs.pop()], dim=1), t_emb)  # skip connection
            h = upsample(h)
        return self.out(h)  # eps_theta(x_t, t): (B, C, H, W)


class GaussianDiffusion(nn.Module):
    r"""The forward process q and the learned reverse process p_theta around eps_theta.

    <<eq_forward>>
    """

    def __init__(
        self, eps_model: nn.Module, betas: torch.Tensor, sampling_variance: str = "beta"
    ) -> None:
        super().__init__()
        self.eps_model = eps_model
        self.T = betas.numel()
        alphas = 1.0 - betas  # alpha_t = 1 - beta_t
        alpha_bar = torch.cumprod(alphas, dim=0)  # alpha_bar_t = prod_{s<=t} alpha_s
        alpha_bar_prev = torch.cat([torch.ones(1, dtype=betas.dtype), alpha_bar[:-1]])
        if sampling_variance == "beta":
            sigma2 = betas  # sigma_t^2 = beta_t
        else:
            sigma2 = betas * (1 - alpha_bar_prev) / (1 - alpha_bar)  # beta_tilde_t
        for name, value in {
            "betas": betas,
            "alphas": alphas,
            "alpha_bar": alpha_bar,
            "sigma": sigma2.sqrt(),
        }.items():
            self.register_buffer(name, value.float())

    def q_sample(self, x0: torch.Tensor, t: torch.Tensor, eps: torch.Tensor) -> torch.Tensor:
        r"""<<c_forward>>

        x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) eps, in one step from x_0.
        """
        # slot: x_forward
        ab = self.alpha_bar[t][:, None, None, None]  # (B, 1, 1, 1)
        # <<l_forward>>
        return ab.sqrt() * x0 + (1 - ab).sqrt() * eps

    def training_loss(self, x0: torch.Tensor) -> torch.Tensor:
        r"""<<c_loss>>

        <<eq_loss>>
        """
        # slot: x_loss
        t = torch.randint(0, self.T, (x0.size(0),), device=x0.device)  # t ~ Uniform
        eps = torch.randn_like(x0)  # eps ~ N(0, I)
        eps_theta = self.eps_model(self.q_sample(x0, t, eps), t)
        # <<l_loss>>
        return epsilon_prediction_loss(eps, eps_theta)

    @torch.no_grad()
    def p_sample(self, x_t: torch.Tensor, t: int) -> torch.Tensor:
        r"""<<c_sampling>>

        <<eq_sampling>>
        """
        tt = torch.full((x_t.size(0),), t, device=x_t.device, dtype=torch.long)
        eps_theta = self.eps_model(x_t, tt)
        beta_t, alpha_t, ab_t = self.betas[t], self.alphas[t], self.alpha_bar[t]
        # <<l_sampling>>
        mean = (x_t - beta_t / (1 - ab_t).sqrt() * eps_theta) / alpha_t.sqrt()
        if t == 0:
            return mean  # the last step adds no noise
        return mean + self.sigma[t] * torch.randn_like(x_t)  # + sigma_t z, z ~ N(0, I)

    @torch.no_grad()
    def sample(self, shape: tuple[int, ...]) -> torch.Tensor:
        """x_T ~ N(0, I), then T reverse steps down to x_0."""
        x = torch.randn(shape, device=self.betas.device)
        for t in reversed(range(self.T)):
            x = self.p_sample(x, t)
        return x


def build_model(model_values: dict, diffusion_values: dict) -> GaussianDiffusion:
    """The diffusion model from the `model:` and `diffusion:` values of configs/base.yaml."""
    betas = beta_schedule(
        diffusion_values["beta_schedule"],
        diffusion_values["diffusion_steps"],
        diffusion_values["beta_start"],
        diffusion_values["beta_end"],
    )
    unet = UNet(ModelConfig.from_dict(model_values))
    return GaussianDiffusion(unet, betas, diffusion_values["sampling_variance"])
