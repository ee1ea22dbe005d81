# pieces: data_pieces.py
"""<<title>>

The paper's data, generated as it states it (<<anchor>>):

    "<<quote>>"

`make_loader` yields batches of fresh random digit strings; the evaluation split draws them with
another seed, so evaluation strings are held out from the ones a training run would see.
"""

from __future__ import annotations

import string
# slot: imports

BOS = 0  # [ASSUMPTION] the decoder's start token; the paper does not name its special tokens
DIGITS = len(string.digits)  # <<anchor>>: strings of digits, as tokens 1..DIGITS
SEEDS = {"train": 0, "eval": 1}  # [ASSUMPTION] any two seeds: held-out strings for evaluation


def task_batches(vocab_size: int, batch_size: int, max_length: int, seed: int) -> Iterator[dict]:
    r"""<<anchor>>: "<<quote>>"

    [ASSUMPTION] one length per batch, uniform in 1..max_length, so that no padding is needed.
    """
    if vocab_size < DIGITS + 1:
        raise ValueError(f"vocab_size {vocab_size}: the {DIGITS} digits and BOS need {DIGITS + 1}")
    # slot: draw_strings
    rng = np.random.default_rng(seed)
    while True:
        length = int(rng.integers(1, max_length + 1))
        src = rng.integers(1, DIGITS + 1, (batch_size, length))  # (B, L)
        # slot: target
        bos = np.full((batch_size, 1), BOS)
        yield {"src": src, "tgt": np.concatenate([bos, target], axis=1)}  # tgt: (B, L + 1)
    # end slot: draw_strings


def make_loader(cfg: dict, smoke: bool = False, split: str = "train") -> Iterator[dict]:
    # split: "train" or "eval" (held-out batches)
    if smoke:
        s = cfg["smoke"]
        return task_batches(s["model"]["vocab_size"], s["batch_size"], s["seq_len"], SEEDS[split])
    vocab, batch = cfg["model"]["vocab_size"], cfg["training"]["batch_size"]
    return task_batches(vocab, batch, cfg["data"]["max_length"], SEEDS[split])


# slot: forward_batch
