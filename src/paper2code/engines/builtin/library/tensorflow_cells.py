"""The diffusion walkthrough notebook's code cells in TensorFlow, by section (the Transformer's
are templates/transformer/tensorflow/notebook.py): the notebook's setup cell (the backend's)
defines `tf`, `np`, `rng`, `model_py` and `cfg`."""

from __future__ import annotations

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
