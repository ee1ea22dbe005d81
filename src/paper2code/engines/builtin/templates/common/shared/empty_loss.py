# pieces: empty_loss_pieces.py
r"""<<title>>

The training objective.

NOT IMPLEMENTED: paper2code's built-in library has no loss for this paper; write it next to
`CoreContribution` in src/model.py, from the equations its docstring quotes.
"""

from __future__ import annotations

# slot: imports


# slot: loss
