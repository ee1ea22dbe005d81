"""The built-in offline engine: reference components assembled from what the paper describes."""

from paper2code.engines.builtin.engine import BuiltinEngine

__all__ = ["BuiltinEngine"]
