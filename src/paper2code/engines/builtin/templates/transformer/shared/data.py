# pieces: data_pieces.py
"""<<title>>

Data pipeline skeleton.

paper2code does not download datasets. `make_loader` serves a synthetic copy task so that
`python -m <<smoke_run>> --smoke` runs end to end; replace `load_paper_data` with the paper's data
<<data_where>>. Steps:

  1. Download the corpus the paper trains on and tokenise it (the paper's tokenizer and
     vocabulary size are listed in REPRODUCTION_NOTES.md when the paper states them).
  2. Return an iterable of batches with the same keys as `synthetic_batches` below.
  3. Set `training.batch_size` in configs/base.yaml to the paper's batch size.
"""

from __future__ import annotations

# slot: imports

SEEDS = {"train": 0, "eval": 1}  # [ASSUMPTION] any two seeds: held-out batches for evaluation


def synthetic_batches(vocab_size: int, batch_size: int, seq_len: int, seed: int) -> Iterator[dict]:
    """A stand-in task (copy the input) with the real batch layout; not the paper's data.
    [ASSUMPTION] a fixed seed per split, for repeatable smoke runs."""
    # slot: draw_tokens
    rng = np.random.default_rng(seed)
    while True:
        tokens = rng.integers(1, vocab_size, (batch_size, seq_len))  # (B, T)
        # slot: batch
    # end slot: draw_tokens


# slot: load_paper_data


def make_loader(cfg: dict, smoke: bool = False, split: str = "train") -> Iterator[dict]:
    # split: "train" or "eval" (held-out batches)
    if smoke:
        s = cfg["smoke"]
        seed = SEEDS[split]
        return synthetic_batches(s["model"]["vocab_size"], s["batch_size"], s["seq_len"], seed)
    return load_paper_data(cfg, split)


# slot: forward_batch
