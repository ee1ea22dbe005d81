# ==============================================================================================
# Core contribution — NOT IMPLEMENTED. paper2code's built-in library has no reference version of
# it; everything above this line is library code, this class is a skeleton to fill in.
# ==============================================================================================


class CoreContribution(keras.layers.Layer):
    r"""NOT IMPLEMENTED: <<summary>>

    Where the paper defines it:

    <<definitions>>

    Fill in `build` (its weights, from `add_weight`) and `call` from these equations.
    REPRODUCTION_NOTES.md lists the hyperparameters the paper states; configs/base.yaml holds
    them with their citations.
    """

    def __init__(self, **hyperparameters) -> None:
        super().__init__()
        self.hyperparameters = hyperparameters

    def call(self, *inputs: tf.Tensor) -> tf.Tensor:
        raise NotImplementedError(
            # slot: message
        )
