"""What one batch of each stack holds and what the model predicts from it: plain indexing, the
same code in every framework, so every framework's data.py reads this file (as diffusion's
utils_extra.py). data.py's `# slot: batch` takes the body of `<stack>_batch` (the synthetic
batch `synthetic_batches` yields), its `# slot: forward` the body of `<stack>`."""

from __future__ import annotations


def encoder_decoder_batch(tokens):
    yield {"src": tokens, "tgt": tokens}


def decoder_only_batch(tokens):
    yield {"tokens": tokens}


def encoder_only_batch(tokens):
    yield {"tokens": tokens}


def vision_encoder(model, batch: dict):
    # image classification: one label per image
    return model(batch["images"]), batch["labels"]  # (B, num_classes), (B,)


def encoder_decoder(model, batch: dict):
    # teacher forcing: the decoder reads tgt[:-1] and predicts tgt[1:]
    logits = model(batch["src"], batch["tgt"][:, :-1])  # (B, T-1, vocab_size)
    return logits, batch["tgt"][:, 1:]


def decoder_only(model, batch: dict):
    # next-token prediction: position t predicts token t+1
    logits = model(batch["tokens"][:, :-1])  # (B, T-1, vocab_size)
    return logits, batch["tokens"][:, 1:]


def encoder_only(model, batch: dict):
    # each position predicts its own token (the stand-in data has no masking)
    return model(batch["tokens"]), batch["tokens"]  # (B, T, vocab_size), (B, T)
