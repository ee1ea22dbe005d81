"""Verify: check that every citation, quote and value in an implementation holds in the paper.

`check_directory(dir, paper)` and `check_files({path: content}, paper)` judge any
implementation the same way, whoever wrote it; nothing here knows about engines.
"""

from paper2code.verify.check import check_directory, check_files
from paper2code.verify.report import RULES, SCHEMA, Coverage, CoverageCount, Finding, Report, Rule

__all__ = [
    "RULES",
    "SCHEMA",
    "Coverage",
    "CoverageCount",
    "Finding",
    "Report",
    "Rule",
    "check_directory",
    "check_files",
]
