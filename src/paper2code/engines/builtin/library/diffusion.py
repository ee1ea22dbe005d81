"""The DDPM family: forward process, beta schedule, epsilon-prediction loss, ancestral sampling,
and a small U-Net with a sinusoidal time embedding. Its parts, the config values its code reads,
and the assembly; the code itself is in template files, templates/diffusion/<framework>/."""

from __future__ import annotations

from paper2code import layout
from paper2code.engines.base import Component, Framework, Mode, NotebookCell, Options
from paper2code.engines.builtin import template_files
from paper2code.engines.builtin.library import tensorflow_cells
from paper2code.engines.builtin.library.common import (
    LOAD_PAPER_DATA,
    Generated,
    explain,
    knowledge_default,
    mixed_precision,
    model_config,
    section_cell,
    steps,
    train_main,
)
from paper2code.engines.builtin.recognise import Recognised
from paper2code.engines.builtin.template import Citer, Code, Part
from paper2code.engines.builtin.values import Default, Values, choices
from paper2code.escape import quoted
from paper2code.paper.numbers import find_squares

FORWARD = Part(
    "forward_process",
    "Forward (noising) process",
    "q(x_t | x_0) = N(x_t; sqrt(alpha_bar_t) x_0, (1 - alpha_bar_t) I)",
    r"q(\mathbf{x}_t|\mathbf{x}_0) = \mathcal{N}(\mathbf{x}_t; \sqrt{\bar\alpha_t}\mathbf{x}_0, "
    r"(1-\bar\alpha_t)\mathbf{I})",
)
SCHEDULE = Part(
    "beta_schedule",
    "Variance schedule",
    "beta_1 ... beta_T, with alpha_t = 1 - beta_t and alpha_bar_t = prod_{s<=t} alpha_s",
)
LOSS_PART = Part(
    "epsilon_prediction_loss",
    "Noise-prediction loss",
    "L_simple = E_{t, x_0, eps} || eps - eps_theta(sqrt(alpha_bar_t) x_0"
    " + sqrt(1 - alpha_bar_t) eps, t) ||^2",
    r"L_{simple} = \mathbb{E}_{t,\mathbf{x}_0,\epsilon}\left[\|\epsilon - \epsilon_\theta("
    r"\sqrt{\bar\alpha_t}\mathbf{x}_0 + \sqrt{1-\bar\alpha_t}\epsilon, t)\|^2\right]",
)
SAMPLING = Part(
    "ancestral_sampling",
    "Ancestral sampling",
    "x_{t-1} = 1/sqrt(alpha_t) (x_t - beta_t / sqrt(1 - alpha_bar_t) eps_theta(x_t, t))"
    " + sigma_t z",
    r"\mathbf{x}_{t-1} = \frac{1}{\sqrt{\alpha_t}}\left(\mathbf{x}_t - \frac{1-\alpha_t}"
    r"{\sqrt{1-\bar\alpha_t}}\epsilon_\theta(\mathbf{x}_t, t)\right) + \sigma_t\mathbf{z}",
)
UNET = Part("unet", "U-Net noise predictor", "eps_theta(x_t, t): a U-Net over the image")
ATTENTION = Part(
    "unet_attention",
    "Self-attention in the U-Net",
    "self-attention over the positions of a U-Net feature map",
)
TIME = Part(
    "time_embedding",
    "Time embedding",
    "sinusoidal embedding of t, as the Transformer's positional encoding, then an MLP",
)
EMA = Part("ema", "Exponential moving average of weights", "EMA of the parameters for sampling")


def _family(key: str, convert=None) -> Default:
    """The knowledge base's default for `key` as the diffusion family has it."""
    return knowledge_default(key, convert, family="diffusion")


SCHEDULES = choices((r"linear", "linear"), (r"cosine", "cosine"))
OPTIMIZERS = choices((r"adamw", "adamw"), (r"^adam", "adam"))  # what train.py builds
SAMPLING_VARIANCE = choices((r"tilde", "beta_tilde"), (r"beta", "beta"))
# Every default the knowledge base holds comes from it (the audit reports the same one); the
# U-Net's layout and channels, which only this library has, are written here.
MODEL_VALUES = [
    (("model", "image_size"), _family("image_size")),
    (("model", "in_channels"), Default(3, "Image channels", "RGB images", ("1",))),
    (("model", "base_channels"), _family("base_channels")),
    (
        ("model", "channel_mults"),
        Default(
            [1, 2, 2, 2],
            "U-Net channel multipliers per resolution",
            "a common 32x32 layout",
            ("[1, 2, 4, 8]",),
        ),
    ),
    (("model", "num_res_blocks"), _family("num_res_blocks")),
    (("model", "norm_groups"), _family("num_groups")),
    (("model", "dropout"), _family("dropout")),
]
PROCESS_VALUES = [
    (("diffusion", "diffusion_steps"), _family("diffusion_steps")),
    (("diffusion", "beta_start"), _family("beta_start")),
    (("diffusion", "beta_end"), _family("beta_end")),
    (("diffusion", "sampling_variance"), _family("sampler_variance", SAMPLING_VARIANCE)),
    (("training", "learning_rate"), _family("learning_rate")),
    (("training", "weight_decay"), _family("weight_decay")),
    (("training", "warmup_steps"), _family("warmup_steps", steps)),
    (("training", "batch_size"), _family("batch_size")),
    (("training", "train_steps"), _family("train_steps", steps)),
    (("training", "ema_decay"), _family("ema_decay")),
    (("training", "grad_clip"), _family("grad_clip")),
]
AUDIT_KEYS = {"norm_groups": "num_groups", "sampling_variance": "sampler_variance"}
CONVERT = {
    "sampling_variance": SAMPLING_VARIANCE,
    "warmup_steps": steps,
    "train_steps": steps,
}
SMOKE_SIZES = {
    ("model", "image_size"): 8,
    ("model", "base_channels"): 8,
    ("model", "channel_mults"): [1, 2],
    ("model", "num_res_blocks"): 1,
    ("model", "norm_groups"): 4,
    ("model", "attn_resolutions"): [4],  # the 4x4 maps of an 8x8 image: attention runs
    ("diffusion", "diffusion_steps"): 10,
    ("batch_size",): 2,
    ("train_steps",): 2,
}


_ATTENTION_DEFAULT = Default(
    [16],
    "Resolutions with self-attention",
    "DDPM's choice at 32x32: attention at the 16x16 feature maps",
    ("[] (no attention)", "[16, 8]"),
)


def _attention(v: Values, found: dict[str, Recognised]) -> None:
    rec = found.get(ATTENTION.key)
    # the side of the square feature map the sentence puts attention at
    sides = find_squares(rec.evidence) if rec else []
    if rec is None:
        v.resolve(("model", "attn_resolutions"), _ATTENTION_DEFAULT)
    elif sides:
        cite = f"{rec.anchor} — {quoted(rec.evidence)}"
        v.add(("model", "attn_resolutions"), [sides[0].value], cite)
    else:
        v.add(
            ("model", "attn_resolutions"),
            _ATTENTION_DEFAULT.value,
            f"[PARTIALLY_SPECIFIED] {rec.anchor} — {quoted(rec.evidence)}: at which resolutions is "
            f"not stated; {_ATTENTION_DEFAULT.rationale}. "
            f"Alternatives: {', '.join(_ATTENTION_DEFAULT.alternatives)}.",
        )


def _optimizer(v: Values, found: dict[str, Recognised]) -> None:
    """Adam or AdamW (what train.py builds): stated, else the sentence that names it ("we
    train with Adam"), else the audit's or the knowledge base's."""
    named = found.get("adam")
    if named is not None and not v.stated("optimizer"):
        adamw = "adamw" in named.evidence.lower()
        cite = f"{named.anchor} — {quoted(named.evidence)}"
        v.add(("training", "optimizer"), "adamw" if adamw else "adam", cite)
        return
    v.resolve(
        ("training", "optimizer"),
        _family("optimizer_type", OPTIMIZERS),
        name="optimizer",
        audit_key="optimizer_type",
        convert=OPTIMIZERS,
    )


def _config(v: Values, found: dict[str, Recognised]) -> None:
    v.resolve_all(MODEL_VALUES, AUDIT_KEYS, CONVERT)
    _attention(v, found)
    shape = found.get("cosine_beta_schedule") or found.get("linear_beta_schedule")
    if shape is not None and not v.stated("beta_schedule"):
        name = "cosine" if shape.key == "cosine_beta_schedule" else "linear"
        v.add(("diffusion", "beta_schedule"), name, f"{shape.anchor} — {quoted(shape.evidence)}")
    else:
        v.resolve(
            ("diffusion", "beta_schedule"),
            _family("beta_schedule", SCHEDULES),
            convert=SCHEDULES,
        )
    _optimizer(v, found)
    v.resolve_all(PROCESS_VALUES, AUDIT_KEYS, CONVERT)
    v.add_smoke(SMOKE_SIZES)


def generate(
    title: str, found: dict[str, Recognised], values: Values, options: Options
) -> Generated:
    citer = Citer(found)
    _config(values, found)
    mode = options.mode
    framework = options.framework.value
    trains = template_files.exists("diffusion", framework, "train")  # NumPy: forward passes only

    def template(name: str) -> template_files.TemplateFile:
        return template_files.load("diffusion", framework, name)

    model = template("model").fill(
        title=title,
        model_config=model_config(values.entries, trains=trains),
        c_schedule=citer.doc(SCHEDULE),
        l_schedule=citer.short(SCHEDULE, "beta_1 ... beta_T"),
        c_time=citer.doc(TIME),
        c_unet=citer.doc(UNET),
        c_attention=citer.doc(ATTENTION),
        eq_forward=citer.equation(FORWARD),
        c_forward=citer.doc(FORWARD, indent="        "),
        l_forward=citer.short(FORWARD, "x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) eps"),
        x_forward=explain(
            mode,
            "Because each step adds independent Gaussian noise, t steps compose into one "
            "Gaussian: x_t can be drawn from x_0 directly, so training never simulates the chain.",
            "        ",
        ),
        c_loss=citer.doc(LOSS_PART, indent="        "),
        l_loss=citer.short(LOSS_PART, "|| eps - eps_theta(x_t, t) ||^2"),
        eq_loss=citer.equation(LOSS_PART),
        x_loss=explain(
            mode,
            "Predicting the added noise eps (instead of the mean of x_{t-1}) turns the "
            "variational bound into a weighted denoising objective; dropping the weights gives "
            "L_simple.",
            "        ",
        ),
        c_sampling=citer.doc(SAMPLING, indent="        "),
        l_sampling=citer.short(SAMPLING, "mean of p_theta(x_{t-1} | x_t) from eps_theta"),
        eq_sampling=citer.equation(SAMPLING),
    )
    files = {
        layout.MODEL: model,
        layout.LOSS: template("loss").fill(title=title, c_loss=citer.doc(LOSS_PART, indent="")),
    }
    data_rec = found.get("data")
    if trains:
        files[layout.TRAIN] = template("train").fill(
            title=title, c_ema=citer.doc(EMA), train_main=train_main(framework)
        )
    files[layout.DATA] = template("data").fill(
        title=title,
        data_where=f"(the paper describes it in {data_rec.anchor})" if data_rec else "",
        load_paper_data=Code(LOAD_PAPER_DATA),
    )
    files[layout.EVALUATE] = template("evaluate").fill(title=title)
    parts = [
        (SCHEDULE, "src/model.py: beta_schedule"),
        (FORWARD, "src/model.py: GaussianDiffusion.q_sample"),
        (LOSS_PART, "src/loss.py: epsilon_prediction_loss"),
        (SAMPLING, "src/model.py: GaussianDiffusion.p_sample"),
        (UNET, "src/model.py: UNet"),
        (ATTENTION, "src/model.py: SelfAttention"),
        (TIME, "src/model.py: TimeEmbedding"),
        (EMA, "src/train.py: update_ema"),
    ]
    components = []
    for part, note in parts:
        anchor = citer.anchor(part)
        if not anchor:
            note += " — [ASSUMPTION] standard form; the paper does not define it"
        components.append(Component(part.name, anchor, True, note))
    deviations = [
        (
            layout.MODEL,
            "The U-Net is the library's: residual blocks with a time embedding and single-head "
            "self-attention at `attn_resolutions`; its widths and depths come from "
            "configs/base.yaml, not from a layer-by-layer copy of the paper's network.",
        ),
        (layout.DATA, "src/data.py serves random images; the paper's dataset is not downloaded."),
        (layout.EVALUATE, "src/evaluate.py draws samples only; FID / IS / NLL are not computed."),
    ]
    if trains and not mixed_precision(framework):
        deviations.append(
            (layout.TRAIN, "src/train.py trains in float32: it has no mixed-precision option.")
        )
    if not trains:
        deviations.append(
            (
                "src/model.py",
                "NumPy code computes forward passes, the loss and sampling only: nothing trains "
                "(no src/train.py, no EMA; the `training:` values are recorded, not used), the "
                "U-Net's weights are random draws, and dropout is the identity.",
            )
        )
    return Generated(
        files=files,
        smoke_imports=template_files.local_imports("diffusion", framework, "smoke"),
        smoke_body=template_files.body("diffusion", framework, "smoke", "smoke_test"),
        # plain Python, the same for every framework: templates/diffusion/shared/
        utils_extra=template_files.definitions(
            template_files.source("diffusion", template_files.SHARED, "utils_extra")
        ),
        notebook=_notebook(citer, mode, _CELLS[options.framework]),
        components=components,
        deviations=deviations,
    )


def _notebook(citer: Citer, mode: Mode, code: dict[str, str]) -> list[NotebookCell]:
    """The walkthrough, its code cells (`code`, by section) in the project's framework."""
    cells = [
        NotebookCell("code", code["build"]),
        section_cell(citer, SCHEDULE),
        NotebookCell("code", code["schedule"]),
        section_cell(citer, FORWARD),
        NotebookCell("code", code["forward"]),
        section_cell(citer, UNET),
        NotebookCell("code", code["unet"]),
        section_cell(citer, LOSS_PART),
        NotebookCell("code", code["loss"]),
        section_cell(citer, SAMPLING),
        NotebookCell("code", code["sampling"]),
    ]
    if mode is Mode.EDUCATIONAL:
        cells.insert(3, NotebookCell("code", code["educational"]))
    return cells


_WEIGHTS = (  # the educational cell's first line
    "# Weights of x_0 and of the noise in x_t: sqrt(alpha_bar_t) falls as t grows.\n"
)
_CELLS = {
    Framework.TENSORFLOW: tensorflow_cells.DIFFUSION,
    Framework.PYTORCH: {
        "build": """values = utils.model_values(cfg, smoke=True)
diffusion = utils.diffusion_values(cfg, smoke=True)
model = model_py.build_model(values, diffusion).eval()
B, C, S = 2, values["in_channels"], values["image_size"]  # [ASSUMPTION] batch of 2 for a CPU check
x0 = torch.rand(B, C, S, S) * 2 - 1""",
        "schedule": "model.betas[:3], model.alpha_bar[-1]  # alpha_bar_T should be near 0",
        "forward": """t = torch.tensor([0, model.T - 1])
x_t = model.q_sample(x0, t, torch.randn_like(x0))
assert x_t.shape == x0.shape
x_t.std(dim=(1, 2, 3))  # little noise at t=1, almost pure noise at t=T""",
        "unet": """eps_theta = model.eps_model(x_t, t)
assert eps_theta.shape == x0.shape
eps_theta.shape""",
        "loss": "model.training_loss(x0)",
        "sampling": """samples = model.sample((B, C, S, S))
assert samples.shape == x0.shape
samples.shape""",
        "educational": _WEIGHTS
        + """for t in (0, model.T // 2, model.T - 1):  # [ASSUMPTION] first, middle and last step
    ab = model.alpha_bar[t]
    signal, noise = ab.sqrt().item(), (1 - ab).sqrt().item()
    print(f"t={t + 1}: signal {signal:.3f}, noise {noise:.3f}")""",
    },
    Framework.JAX: {
        "build": """values = utils.model_values(cfg, smoke=True)
diffusion = utils.diffusion_values(cfg, smoke=True)
model = model_py.build_model(values, diffusion)
model.eval()  # dropout off
B, C, S = 2, values["in_channels"], values["image_size"]  # [ASSUMPTION] batch of 2 for a CPU check
x0 = rng.random((B, S, S, C), dtype=np.float32) * 2 - 1  # channels last""",
        "schedule": "model.betas[:3], model.alpha_bar[-1]  # alpha_bar_T should be near 0",
        "forward": """t = np.array([0, model.T - 1])
x_t = model.q_sample(x0, t, rng.standard_normal(x0.shape, dtype=np.float32))
assert x_t.shape == x0.shape
x_t.std(axis=(1, 2, 3))  # little noise at t=1, almost pure noise at t=T""",
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
    signal, noise = jnp.sqrt(ab), jnp.sqrt(1 - ab)
    print(f"t={t + 1}: signal {signal:.3f}, noise {noise:.3f}")""",
    },
    Framework.NUMPY: {
        "build": """values = utils.model_values(cfg, smoke=True)
diffusion = utils.diffusion_values(cfg, smoke=True)
model = model_py.build_model(values, diffusion)
B, C, S = 2, values["in_channels"], values["image_size"]  # [ASSUMPTION] batch of 2 for a CPU check
x0 = rng.random((B, C, S, S)) * 2 - 1""",
        "schedule": "model.betas[:3], model.alpha_bar[-1]  # alpha_bar_T should be near 0",
        "forward": """t = np.array([0, model.T - 1])
x_t = model.q_sample(x0, t, rng.standard_normal(x0.shape))
assert x_t.shape == x0.shape
x_t.std(axis=(1, 2, 3))  # little noise at t=1, almost pure noise at t=T""",
        "unet": """eps_theta = model.eps_model(x_t, t)
assert eps_theta.shape == x0.shape
eps_theta.shape""",
        "loss": "model.training_loss(x0, rng)",
        "sampling": """samples = model.sample((B, C, S, S), rng)
assert samples.shape == x0.shape
samples.shape""",
        "educational": _WEIGHTS
        + """for t in (0, model.T // 2, model.T - 1):  # [ASSUMPTION] first, middle and last step
    ab = model.alpha_bar[t]
    signal, noise = np.sqrt(ab), np.sqrt(1 - ab)
    print(f"t={t + 1}: signal {signal:.3f}, noise {noise:.3f}")""",
    },
}
