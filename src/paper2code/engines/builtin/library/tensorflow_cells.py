"""The walkthrough notebook's code cells in TensorFlow, by section, for the Transformer
(`transformer_numpy`'s assembly) and the diffusion family: the notebook's setup cell (the
backend's) defines `tf`, `np`, `rng`, `model_py` and `cfg`. Example inputs are NumPy draws of
`rng` (Keras layers take NumPy arrays as they are)."""

from __future__ import annotations

_ABSOLUTE = """pe = model_py.absolute_positions(cfg_small)
x0 = tf.zeros((1, 5, values["d_model"]))
assert pe(x0).shape == x0.shape
pe(x0)[0, :, :4]  # first features of the first positions"""

TRANSFORMER = {
    "sdpa": """B, h, T, d_k = 2, 2, 5, 8  # [ASSUMPTION] tiny shapes for a CPU check
q, k, v = rng.standard_normal((3, B, h, T, d_k), np.float32)
out = model_py.scaled_dot_product_attention(q, k, v)
assert out.shape == (B, h, T, d_k)
out.shape""",
    "mha": """cfg_small = model_py.ModelConfig.from_dict(values)
mha = model_py.MultiHeadAttention(cfg_small)
x = rng.standard_normal((2, 5, values["d_model"]), np.float32)
assert mha(x, x).shape == x.shape
mha(x, x).shape""",
    "ffn": """ffn = model_py.PositionwiseFeedForward(cfg_small)  # `ffn` in configs/base.yaml
assert ffn(x).shape == x.shape
ffn(x).shape""",
    "positions": {
        "sinusoidal": _ABSOLUTE,
        "learned": _ABSOLUTE,
        "rope": """rope = mha.rope  # rotates queries and keys; a rotation keeps their length
q = rng.standard_normal((1, 1, 5, mha.d_k), np.float32)
# [ASSUMPTION] atol 1e-5: float32 round-off
assert np.allclose(tf.norm(rope(q), axis=-1), tf.norm(q, axis=-1), atol=1e-5)
rope(q)[0, 0, :, :4]  # first features of the rotated queries""",
        "alibi": """bias = model_py.alibi_bias(values["num_heads"], 5, 5)  # (h, T, S)
assert bias.shape == (values["num_heads"], 5, 5)
bias[0]  # the first head's distance penalty""",
        "none": """pe = model_py.absolute_positions(cfg_small)  # nothing is added
x0 = tf.zeros((1, 5, values["d_model"]))
assert np.array_equal(pe(x0), x0)
pe(x0).shape""",
    },
    "causal": "tf.cast(model_py.causal_mask(4)[0, 0], tf.int32)  # [ASSUMPTION] 4 positions",
    "whole_intro": "Built from the smoke-size values of `configs/base.yaml`, its weights freshly "
    "initialised (`python -m src.train` trains them); one forward pass and the loss.",
    "whole": {
        "vision_encoder": """model = model_py.build_model(values)
S = values["image_size"]
images = rng.standard_normal((2, S, S, values["in_channels"]), np.float32)  # channels last
patches = model.patches(images)
assert patches.shape == (2, values["max_seq_len"] - 1, values["d_model"])
logits = model(images)
assert logits.shape == (2, values["num_classes"])
target = rng.integers(0, values["num_classes"], 2)""",
        "encoder_decoder": """model = model_py.build_model(values)
src = rng.integers(0, values["vocab_size"], (2, 7))
tgt = rng.integers(0, values["vocab_size"], (2, 5))
logits = model(src, tgt)
assert logits.shape == (2, 5, values["vocab_size"])
target = tgt""",
        "decoder_only": """model = model_py.build_model(values)
tokens = rng.integers(0, values["vocab_size"], (2, 7))
logits = model(tokens)
assert logits.shape == (2, 7, values["vocab_size"])
target = tokens""",
        "encoder_only": """model = model_py.build_model(values)
tokens = rng.integers(0, values["vocab_size"], (2, 7))
logits = model(tokens)
assert logits.shape == (2, 7, values["vocab_size"])
target = tokens""",
    },
    "educational": """# Why divide by sqrt(d_k)? A dot product of random unit-variance vectors
# has variance d_k; dividing by sqrt(d_k) brings it back to 1.
for d in (4, 64, 1024):  # [ASSUMPTION] three widths to compare
    a, b = rng.standard_normal((2, 10000, d), np.float32)
    raw = tf.reduce_sum(a * b, axis=-1)
    raw_var, scaled_var = tf.math.reduce_variance(raw), tf.math.reduce_variance(raw / d**0.5)
    print(f"d_k={d}: variance {float(raw_var):.1f}, scaled {float(scaled_var):.2f}")""",
}

_WEIGHTS = (  # the educational cell's first line
    "# Weights of x_0 and of the noise in x_t: sqrt(alpha_bar_t) falls as t grows.\n"
)
DIFFUSION = {
    "build": """values = utils.model_values(cfg, smoke=True)
diffusion = utils.diffusion_values(cfg, smoke=True)
model = model_py.build_model(values, diffusion)
B, C, S = 2, values["in_channels"], values["image_size"]  # [ASSUMPTION] batch of 2 for a CPU check
x0 = tf.random.uniform((B, S, S, C)) * 2 - 1  # channels last, as Keras's layers""",
    "schedule": "model.betas[:3], model.alpha_bar[-1]  # alpha_bar_T should be near 0",
    "forward": """t = tf.constant([0, model.T - 1])
x_t = model.q_sample(x0, t, tf.random.normal(x0.shape))
assert x_t.shape == x0.shape
tf.math.reduce_std(x_t, axis=(1, 2, 3))  # little noise at t=1, almost pure noise at t=T""",
    "unet": """eps_theta = model.eps_model(x_t, t)
assert eps_theta.shape == x0.shape
eps_theta.shape""",
    "loss": "model.training_loss(x0)",
    "sampling": """samples = model.sample((B, S, S, C))
assert samples.shape == x0.shape
samples.shape""",
    "educational": _WEIGHTS
    + """for t in (0, model.T // 2, model.T - 1):  # [ASSUMPTION] first, middle and last step
    ab = model.alpha_bar[t]
    signal, noise = float(tf.sqrt(ab)), float(tf.sqrt(1 - ab))
    print(f"t={t + 1}: signal {signal:.3f}, noise {noise:.3f}")""",
}
