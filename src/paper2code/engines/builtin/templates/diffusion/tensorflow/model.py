r"""<<title>>

The diffusion model as Keras 3 layers (TensorFlow backend): noise predictor eps_theta and the
Gaussian process. Images are channels-last, (B, H, W, C), Keras's layout.

Every class cites where the paper defines it. Values come from configs/base.yaml (`model:` and
`diffusion:`), where each one is cited or flagged.
Shapes: B batch, C channels, H = W = image_size, t in {0, ..., T-1} (paper's t = index + 1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf

from .loss import epsilon_prediction_loss

# slot: model_config


def beta_schedule(name: str, T: int, beta_start: float, beta_end: float) -> np.ndarray:
    r"""<<c_schedule>>

    linear: beta_t evenly spaced from beta_1 = beta_start to beta_T = beta_end.
    cosine: alpha_bar_t = cos^2(((t/T + s) / (1 + s)) pi/2), s = 0.008, betas clipped to 0.999.
    """
    if name == "linear":
        # <<l_schedule>>
        return np.linspace(beta_start, beta_end, T)  # (T,), float64 until the model keeps it
    if name == "cosine":
        s = 0.008  # [ASSUMPTION] the offset of the common cosine schedule; the paper gives none
        steps = np.arange(T + 1) / T
        alpha_bar = np.cos((steps + s) / (1 + s) * math.pi / 2) ** 2
        # [ASSUMPTION] betas clipped at 0.999, as usual, to avoid a singular last step
        return np.minimum(1 - alpha_bar[1:] / alpha_bar[:-1], 0.999)  # (T,)
    raise ValueError(f"unknown beta_schedule {name!r} (linear or cosine)")


class Identity(keras.layers.Layer):
    def call(self, x: tf.Tensor) -> tf.Tensor:
        return x


def group_norm(groups: int, c: int) -> keras.layers.GroupNormalization:
    # [ASSUMPTION] eps 1e-5, PyTorch's GroupNorm default (Keras's is 1e-3); the paper states none
    return keras.layers.GroupNormalization(min(groups, c), epsilon=1e-5)


class TimeEmbedding(keras.layers.Layer):
    r"""<<c_time>>"""

    def __init__(self, dim: int) -> None:
        super().__init__()
        self.dim = dim
        # [ASSUMPTION] a two-layer MLP widening to 4 x dim, as common DDPM U-Nets do
        self.width = 4 * dim
        self.mlp_in, self.mlp_out = keras.layers.Dense(self.width), keras.layers.Dense(self.width)

    def build(self, t_shape: tuple) -> None:
        self.mlp_in.build((None, self.dim))
        self.mlp_out.build((None, self.width))

    def call(self, t: tf.Tensor) -> tf.Tensor:
        half = self.dim // 2
        # [ASSUMPTION] base 10000, as in the Transformer's sinusoidal positional encoding
        freqs = tf.exp(-math.log(10000.0) * tf.range(half, dtype=tf.float32) / half)
        angles = tf.cast(t, tf.float32)[:, None] * freqs[None]  # (B, dim/2)
        emb = tf.concat([tf.sin(angles), tf.cos(angles)], axis=-1)  # (B, dim)
        return self.mlp_out(tf.nn.silu(self.mlp_in(emb)))  # (B, 4 dim)


class SelfAttention(keras.layers.Layer):
    r"""<<c_attention>>

    Every position of the (H, W) feature map attends to every other: GroupNorm, 1x1 projections
    to queries, keys and values, softmax(q k^T / sqrt(C)) v, a 1x1 output projection, residual.
    """

    def __init__(self, c: int, groups: int) -> None:
        super().__init__()
        self.norm = group_norm(groups, c)
        # [ASSUMPTION] one head, 1x1 projections, as DDPM's
        self.qkv = keras.layers.Conv2D(3 * c, 1)
        self.proj = keras.layers.Conv2D(c, 1)

    def build(self, x_shape: tuple) -> None:
        for layer in (self.norm, self.qkv, self.proj):
            layer.build(x_shape)

    def call(self, x: tf.Tensor) -> tf.Tensor:
        B, H, W, C = tf.shape(x)[0], tf.shape(x)[1], tf.shape(x)[2], x.shape[-1]
        qkv = tf.reshape(self.qkv(self.norm(x)), (B, H * W, 3 * C))
        q, k, v = tf.split(qkv, 3, axis=-1)  # each (B, HW, C)
        weights = tf.nn.softmax(tf.matmul(q, k, transpose_b=True) / math.sqrt(C))  # (B, HW, HW)
        h = tf.reshape(tf.matmul(weights, v), tf.shape(x))  # position i: sum_j w_ij v_j
        return x + self.proj(h)


class ResidualBlock(keras.layers.Layer):
    """Two 3x3 convolutions with GroupNorm and SiLU; the time embedding is added in between.
    With `attention`, self-attention over the block's output follows (at the resolutions of
    `attn_resolutions`)."""

    def __init__(self, c_in: int, c_out: int, dropout: float, groups: int, attention: bool) -> None:
        super().__init__()
        self.c_out = c_out
        self.norm1 = group_norm(groups, c_in)
        # [ASSUMPTION] 3x3 convolutions, zero-padded to keep H and W, the usual U-Net choice
        self.conv1 = keras.layers.Conv2D(c_out, 3, padding="same")
        self.time = keras.layers.Dense(c_out)
        self.norm2 = group_norm(groups, c_out)
        self.dropout = keras.layers.Dropout(dropout)
        self.conv2 = keras.layers.Conv2D(c_out, 3, padding="same")  # [ASSUMPTION] 3x3, as conv1
        self.skip = keras.layers.Conv2D(c_out, 1) if c_in != c_out else Identity()
        self.attention = SelfAttention(c_out, groups) if attention else Identity()

    def build(self, x_shape: tuple, t_emb_shape: tuple) -> None:
        out = (*x_shape[:-1], self.c_out)
        self.norm1.build(x_shape)
        self.conv1.build(x_shape)
        self.time.build(t_emb_shape)
        self.norm2.build(out)
        self.conv2.build(out)
        self.skip.build(x_shape)
        self.attention.build(out)

    def call(self, x: tf.Tensor, t_emb: tf.Tensor) -> tf.Tensor:
        h = self.conv1(tf.nn.silu(self.norm1(x)))  # (B, H, W, c_out)
        h = h + self.time(tf.nn.silu(t_emb))[:, None, None, :]  # condition on t
        h = self.conv2(self.dropout(tf.nn.silu(self.norm2(h))))
        return self.attention(h + self.skip(x))


class UNet(keras.Model):
    r"""<<c_unet>>

    Downsampling path (one level per entry of `channel_mults`, each halving H and W), a middle
    block, and an upsampling path that concatenates the matching skip connection; blocks whose
    feature maps are as wide as an entry of `attn_resolutions` end in self-attention, as does
    the first middle block when there is any. Output has the input's shape.
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        ch = cfg.base_channels
        self.time_embedding = TimeEmbedding(ch)  # 4 x base_channels wide
        # [ASSUMPTION] 3x3 convolutions, zero-padded to keep H and W, the usual U-Net choice
        self.stem = keras.layers.Conv2D(ch, 3, padding="same")

        def block(c_in: int, c_out: int, level: int) -> ResidualBlock:
            attention = cfg.image_size // 2**level in cfg.attn_resolutions
            return ResidualBlock(c_in, c_out, cfg.dropout, cfg.norm_groups, attention)

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
                self.downsamplers.append(keras.layers.Conv2D(c, 3, strides=2, padding="same"))
                skips.append(c)
            else:
                self.downsamplers.append(Identity())
        groups, attend = cfg.norm_groups, bool(cfg.attn_resolutions)
        self.middle = [
            ResidualBlock(c, c, cfg.dropout, groups, attention=attend),
            ResidualBlock(c, c, cfg.dropout, groups, attention=False),
        ]
        self.up_blocks, self.upsamplers = [], []
        for level, mult in reversed(list(enumerate(cfg.channel_mults))):
            blocks = []
            for _ in range(cfg.num_res_blocks + 1):
                blocks.append(block(c + skips.pop(), ch * mult, level))
                c = ch * mult
            self.up_blocks.append(blocks)
            # [ASSUMPTION] nearest-neighbour upsampling doubles H and W
            self.upsamplers.append(keras.layers.UpSampling2D(2) if level > 0 else Identity())
        self.out_norm = group_norm(cfg.norm_groups, c)
        # [ASSUMPTION] a 3x3 output convolution, as the U-Net's others
        self.out_conv = keras.layers.Conv2D(cfg.in_channels, 3, padding="same")

    def build(self, x_shape: tuple, t_shape: tuple) -> None:
        # every sub-layer builds on the shape it meets in a forward pass of one image
        self.call(tf.zeros((1, *x_shape[1:])), tf.zeros((1,), tf.int32))

    def call(self, x: tf.Tensor, t: tf.Tensor) -> tf.Tensor:
        t_emb = self.time_embedding(t)  # (B, 4 base_channels)
        h = self.stem(x)  # (B, H, W, base_channels)
        hs = [h]
        for blocks, downsample in zip(self.down_blocks, self.downsamplers, strict=True):
            for block in blocks:
                h = block(h, t_emb)
                hs.append(h)
            if not isinstance(downsample, Identity):
                h = downsample(h)
                hs.append(h)
        for block in self.middle:
            h = block(h, t_emb)
        for blocks, upsample in zip(self.up_blocks, self.upsamplers, strict=True):
            for block in blocks:
                h = block(tf.concat([h, hs.pop()], axis=-1), t_emb)  # skip connection
            h = upsample(h)
        return self.out_conv(tf.nn.silu(self.out_norm(h)))  # eps_theta(x_t, t): (B, H, W, C)


class GaussianDiffusion(keras.Model):
    r"""The forward process q and the learned reverse process p_theta around eps_theta.

    <<eq_forward>>

    Its random draws (t, eps, the sampler's noise) come from its own seed generator, whose state
    is one of the model's variables: a checkpoint resumes them where they stopped.
    """

    def __init__(self, eps_model: UNet, betas: np.ndarray, sampling_variance: str) -> None:
        super().__init__()
        if sampling_variance not in ("beta", "beta_tilde"):
            raise ValueError(f"sampling_variance {sampling_variance!r}: beta or beta_tilde")
        self.eps_model = eps_model
        self.seed_generator = keras.random.SeedGenerator()
        self.T = betas.size
        alphas = 1.0 - betas  # alpha_t = 1 - beta_t
        alpha_bar = np.cumprod(alphas)  # alpha_bar_t = prod_{s<=t} alpha_s
        alpha_bar_prev = np.concatenate([[1.0], alpha_bar[:-1]])
        if sampling_variance == "beta":
            sigma2 = betas  # sigma_t^2 = beta_t
        else:
            sigma2 = betas * (1 - alpha_bar_prev) / (1 - alpha_bar)  # beta_tilde_t
        # computed in float64, kept in float32: fixed, not weights
        self.betas, self.alphas = tf.constant(betas, tf.float32), tf.constant(alphas, tf.float32)
        self.alpha_bar = tf.constant(alpha_bar, tf.float32)
        self.sigma = tf.constant(np.sqrt(sigma2), tf.float32)

    def q_sample(self, x0: tf.Tensor, t: tf.Tensor, eps: tf.Tensor) -> tf.Tensor:
        r"""<<c_forward>>

        x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) eps, in one step from x_0.
        """
        # slot: x_forward
        ab = tf.gather(self.alpha_bar, t)[:, None, None, None]  # (B, 1, 1, 1)
        # <<l_forward>>
        return tf.sqrt(ab) * x0 + tf.sqrt(1 - ab) * eps

    def training_loss(self, x0: tf.Tensor, training: bool = False) -> tf.Tensor:
        r"""<<c_loss>>

        <<eq_loss>>

        `training` turns the U-Net's dropout on (src/train.py).
        """
        # slot: x_loss
        t = keras.random.randint((x0.shape[0],), 0, self.T, seed=self.seed_generator)  # t ~ U
        eps = keras.random.normal(x0.shape, seed=self.seed_generator)  # eps ~ N(0, I)
        eps_theta = self.eps_model(self.q_sample(x0, t, eps), t, training=training)
        # <<l_loss>>
        return epsilon_prediction_loss(eps, eps_theta)

    def p_sample(self, x_t: tf.Tensor, t: int) -> tf.Tensor:
        r"""<<c_sampling>>

        <<eq_sampling>>
        """
        eps_theta = self.eps_model(x_t, tf.fill((x_t.shape[0],), t))
        beta_t, alpha_t, ab_t = self.betas[t], self.alphas[t], self.alpha_bar[t]
        # <<l_sampling>>
        mean = (x_t - beta_t / tf.sqrt(1 - ab_t) * eps_theta) / tf.sqrt(alpha_t)
        if t == 0:
            return mean  # the last step adds no noise
        z = keras.random.normal(x_t.shape, seed=self.seed_generator)  # z ~ N(0, I)
        return mean + self.sigma[t] * z  # + sigma_t z

    def sample(self, shape: tuple[int, ...]) -> tf.Tensor:
        """x_T ~ N(0, I), then T reverse steps down to x_0."""
        x = keras.random.normal(shape, seed=self.seed_generator)
        for t in reversed(range(self.T)):
            x = self.p_sample(x, t)
        return x


def build_model(model_values: dict, diffusion_values: dict) -> GaussianDiffusion:
    """The diffusion model from the `model:` and `diffusion:` values of configs/base.yaml
    (the U-Net's weights are created on its first call)."""
    betas = beta_schedule(
        diffusion_values["beta_schedule"],
        diffusion_values["diffusion_steps"],
        diffusion_values["beta_start"],
        diffusion_values["beta_end"],
    )
    unet = UNet(ModelConfig.from_dict(model_values))
    return GaussianDiffusion(unet, betas, diffusion_values["sampling_variance"])
