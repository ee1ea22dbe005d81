"""The built-in offline engine: reference components assembled from what the paper describes."""
