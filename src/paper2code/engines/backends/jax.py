"""JAX: flax.nnx Modules (`nnx.Linear`, `nnx.Param`), optax optimisers and a jitted train step
(`nnx.jit`, `nnx.value_and_grad`); weights drawn from `nnx.Rngs`, input batches from NumPy's
generator (JAX's data pipelines yield NumPy arrays); the device is JAX's default."""

from __future__ import annotations

from paper2code.engines.backends import Backend
from paper2code.engines.base import Framework, Runtime
from paper2code.equations.codegen import JAX

BACKEND = Backend(
    framework=Framework.JAX,
    label="JAX",
    requirements=(
        "jax==0.10.2",
        "flax==0.12.8",
        "optax==0.2.8",
        "numpy==2.4.6",
        "pyyaml==6.0.3",
    ),
    runtime=Runtime(
        needs={"jax": "jax", "flax": "flax", "optax": "optax", "numpy": "numpy", "yaml": "pyyaml"}
    ),
    families=frozenset({"transformer", "diffusion", "none"}),
    imports="import jax\nimport jax.numpy as jnp\nimport numpy as np\nfrom flax import nnx",
    seed="rng = np.random.default_rng(0)  # the inputs; the models' weights come from nnx.Rngs\n"
    "rngs = nnx.Rngs(0)",
    skeleton_method="__call__",
    skeleton_call="CoreContribution(rngs=nnx.Rngs(0))(jnp.zeros(1))",
    ops=JAX,
)
