"""NumPy's pieces of ../shared/data.py (its draws are NumPy's own)."""

smoke_run = "src.evaluate"  # what `--smoke` runs end to end: NumPy does not train
image_datasets = ""
batches = "arrays of shape (batch_size, in_channels, image_size, image_size)"
