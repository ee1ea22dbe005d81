"""TensorFlow: Keras 3 layers and models (`build`/`call`, weights from `add_weight`), trained
with `tf.GradientTape` and a `keras.optimizers` optimizer; seeded with
`keras.utils.set_random_seed`; the CPU or a GPU (src/utils.py picks the device)."""

from __future__ import annotations

from paper2code.engines.backends import Backend
from paper2code.engines.base import Framework, Runtime
from paper2code.equations.codegen import TENSORFLOW

BACKEND = Backend(
    framework=Framework.TENSORFLOW,
    label="TensorFlow",
    # the generated code imports keras and numpy itself, not only through tensorflow
    requirements=("tensorflow==2.21.0", "keras==3.15.1", "numpy==2.4.6", "pyyaml==6.0.3"),
    runtime=Runtime(
        needs={"tensorflow": "tensorflow", "keras": "keras", "numpy": "numpy", "yaml": "pyyaml"}
    ),
    families=frozenset({"transformer", "diffusion", "none"}),
    imports="import keras\nimport numpy as np\nimport tensorflow as tf",
    # Python's, NumPy's and TensorFlow's generators; `rng` draws the notebook's example inputs
    seed="keras.utils.set_random_seed(0)\nrng = np.random.default_rng(0)",
    skeleton_method="call",
    skeleton_call="CoreContribution()(tf.zeros(1))",
    ops=TENSORFLOW,
)
