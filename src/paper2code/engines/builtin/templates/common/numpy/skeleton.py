# ==============================================================================================
# Core contribution — NOT IMPLEMENTED. paper2code's built-in library has no reference version of
# it; everything above this line is library code, this class is a skeleton to fill in.
# ==============================================================================================


class CoreContribution:
    r"""NOT IMPLEMENTED: <<summary>>

    Where the paper defines it:

    <<definitions>>

    Fill in `__init__` and `__call__` from these equations. REPRODUCTION_NOTES.md lists the
    hyperparameters the paper states; configs/base.yaml holds them with their citations.
    """

    def __init__(self, **hyperparameters) -> None:
        self.hyperparameters = hyperparameters

    def __call__(self, *inputs: np.ndarray) -> np.ndarray:
        raise NotImplementedError(
            # slot: message
        )
