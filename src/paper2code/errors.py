"""Errors a user can cause or fix, each with the exit code scripts rely on.

Every stage raises a subclass of `Paper2CodeError` for anything that is the user's input or
environment (a bad path, an unknown arXiv ID, no network); `cli.py` prints its one-line message
and exits with its code. Anything else is a bug in paper2code and keeps its traceback.

Exit codes (documented in README):
    0  success
    1  the result did not verify (findings from `check`, a failed smoke run)
    2  bad input: usage, unreadable or unparsable paper, malformed source
    3  the paper does not exist (unknown arXiv ID, HTTP 404)
    4  network failure (no connection, timeout, server error after retries)
    5  rate limited by the server after retries
    6  unsafe or corrupt archive
    7  offline and not in the cache
    8  output directory exists (use --force)
    9  LLM provider error (missing key, unknown model, context too long)
   10  `run` wrote and checked a skeleton: the paper's contribution is not implemented
"""

from __future__ import annotations

from paper2code.redact import redact


class Paper2CodeError(Exception):
    """A failure with a human message and an exit code; never shown as a traceback."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        # messages quote servers, which may echo an API key: never carry one further
        message = redact(message)
        super().__init__(message)
        self.message = message
        self.hint = redact(hint) if hint is not None else None

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} ({self.hint})"


class VerificationFailed(Paper2CodeError):
    exit_code = 1


class InputError(Paper2CodeError):
    """The input cannot be used: wrong form, missing file, unreadable content."""

    exit_code = 2


class ParseError(InputError):
    """The LaTeX source is malformed; names the file and line."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        where = f"{file}:{line}: " if file and line else (f"{file}: " if file else "")
        super().__init__(f"{where}{message}", hint=hint)
        self.file = file
        self.line = line


class NotFoundError(Paper2CodeError):
    exit_code = 3


class NetworkError(Paper2CodeError):
    exit_code = 4


class RateLimitedError(Paper2CodeError):
    exit_code = 5


class ArchiveError(Paper2CodeError):
    exit_code = 6


class OfflineMissError(Paper2CodeError):
    exit_code = 7


class OutputExistsError(Paper2CodeError):
    exit_code = 8


class ProviderError(Paper2CodeError):
    exit_code = 9


class SkeletonOnly(Paper2CodeError):
    """`run` passed its checks, but the contribution raises NotImplementedError."""

    exit_code = 10
