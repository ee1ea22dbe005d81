"""The paper's equations (macros already expanded) read into expression trees, and evaluated."""

from paper2code.equations.parse import UnsupportedConstruct, parse_equation

__all__ = ["UnsupportedConstruct", "parse_equation"]
