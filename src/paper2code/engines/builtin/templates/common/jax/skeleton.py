# ==============================================================================================
# Core contribution — NOT IMPLEMENTED. paper2code's built-in library has no reference version of
# it; everything above this line is library code, this class is a skeleton to fill in.
# ==============================================================================================


class CoreContribution(nnx.Module):
    r"""NOT IMPLEMENTED: <<summary>>

    Where the paper defines it:

    <<definitions>>

    Fill in `__init__` (its learnable arrays as `nnx.Param`, drawn from `rngs`) and `__call__`
    from these equations. REPRODUCTION_NOTES.md lists the hyperparameters the paper states;
    configs/base.yaml holds them with their citations.
    """

    def __init__(self, *, rngs: nnx.Rngs, **hyperparameters) -> None:
        self.hyperparameters = hyperparameters

    def __call__(self, *inputs: jax.Array) -> jax.Array:
        raise NotImplementedError(
            # slot: message
        )
