"""paper2code: a machine-learning paper in, a runnable citation-anchored implementation out."""

__version__ = "0.1.0"
