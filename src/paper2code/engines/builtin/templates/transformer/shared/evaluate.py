# pieces: evaluate_pieces.py
"""<<title>>

Evaluation of a trained checkpoint on the evaluation split: per-token loss, perplexity, accuracy.

    python -m src.evaluate --checkpoint checkpoints/<<last>>
    python -m src.evaluate --smoke      # an untrained tiny model: checks the code, not the paper

Task metrics the paper reports (e.g. BLEU for translation) are not implemented here; compute them
on decoded outputs with a standard tool and compare against the paper's tables.
"""

from __future__ import annotations

import argparse
import math

# slot: imports


# slot: evaluate


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Evaluate a checkpoint of src.train.")
    parser.add_argument("--checkpoint", help="a checkpoint of src.train: checkpoints/<<last>>")
    parser.add_argument("--smoke", action="store_true", help="an untrained tiny model instead")
    parser.add_argument("--config", default=str(CONFIG), help="the config of --smoke")
    # [ASSUMPTION] ten batches by default; raise it for a tighter estimate
    parser.add_argument("--batches", type=int, default=10, help="evaluation batches")
    # slot: device_option
    parser.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    # end slot: device_option
    args = parser.parse_args(argv)
    if args.checkpoint is None and not args.smoke:
        parser.error(
            "no checkpoint: pass --checkpoint checkpoints/<<last>> (python -m src.train "
            "writes it), or --smoke to evaluate an untrained tiny model"
        )
    # slot: run


if __name__ == "__main__":
    main()
