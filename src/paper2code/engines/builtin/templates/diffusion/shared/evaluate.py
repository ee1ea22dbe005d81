# pieces: evaluate_pieces.py
"""<<title>>

Evaluation of a trained checkpoint: samples drawn with the reverse process from its EMA weights
(the weights the paper samples from), and the training loss on held-out data.

    python -m src.evaluate --checkpoint checkpoints/<<last>>
    python -m src.evaluate --smoke      # an untrained tiny model: checks the code, not the paper

Sample-quality metrics the paper reports (FID, Inception Score, NLL in bits/dim) are not
implemented here; compute them on the saved samples with a standard tool.
"""

from __future__ import annotations

import argparse

# slot: imports


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Sample from a checkpoint of src.train.")
    parser.add_argument("--checkpoint", help="a checkpoint of src.train: checkpoints/<<last>>")
    parser.add_argument("--smoke", action="store_true", help="an untrained tiny model instead")
    parser.add_argument("--config", default=str(CONFIG), help="the config of --smoke")
    # [ASSUMPTION] a handful of samples by default; any number works
    parser.add_argument("--num", type=int, default=4, help="number of samples")
    parser.add_argument("--out", default="<<samples>>", help="where to save the samples")
    # slot: device_option
    parser.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    # end slot: device_option
    args = parser.parse_args(argv)
    if args.checkpoint is None and not args.smoke:
        parser.error(
            "no checkpoint: pass --checkpoint checkpoints/<<last>> (python -m src.train "
            "writes it), or --smoke to sample from an untrained tiny model"
        )
    # slot: run


if __name__ == "__main__":
    main()
