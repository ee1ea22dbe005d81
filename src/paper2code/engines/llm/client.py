"""One typed question to the model: cache, retries, JSON validation, accounting.

`LLMClient.ask(stage, messages, AnswerModel)` returns a validated pydantic object or raises a
`ProviderError` with one clear line. What it absorbs on the way:
  - rate limits: waits as the server's Retry-After says (else backs off), then gives up with
    `RateLimitedError`;
  - server errors and dropped connections: two more tries, then `NetworkError`;
  - time: each request gets `settings.timeout` seconds for its whole answer, and all of them
    together `settings.deadline`; past either, `NetworkError` (exit 4), not retried;
  - an answer larger than `settings.max_answer_bytes`: refused as unusable;
  - a truncated answer: asks again with twice the output budget (up to the cap), then fails;
  - malformed or off-schema JSON: shows the model its error once, then fails.
Context too long is raised to the caller, which alone knows how to send less.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from typing import TypeVar

import tenacity
from pydantic import BaseModel, ValidationError

from paper2code import __version__
from paper2code.engines.base import StageUsage, Usage
from paper2code.engines.llm.accounting import charge, price_of
from paper2code.engines.llm.cache import ResponseCache, request_key
from paper2code.engines.llm.providers import Completion, Message, Provider
from paper2code.engines.llm.providers.base import (
    AnswerTooLarge,
    ContextTooLong,
    RateLimited,
    TimedOut,
    Transient,
)
from paper2code.engines.llm.settings import (
    ENV_DEADLINE,
    ENV_MAX_ANSWER,
    ENV_TIMEOUT,
    Settings,
)
from paper2code.errors import NetworkError, ProviderError, RateLimitedError

T = TypeVar("T", bound=BaseModel)


class UnusableAnswer(ProviderError):
    """The model answered, but nothing usable came of it (malformed JSON twice, cut off twice,
    no room left in its window). The engine falls back and says so; the run does not verify."""


_TRANSIENT_RETRIES = 2
_MAX_WAIT = 60.0
# Output budgets per stage: enough for a good answer, and a bound on what a model that rambles
# (small local models do, to the end of their window) can cost in time. Code gets the full budget.
STAGE_TOKENS = {"contribution": 1024, "audit": 2048, "plan": 1536, "notebook": 2048}
_MIN_ANSWER = 512  # output tokens an answer needs at the least; less room means a smaller prompt
_CHARS_PER_TOKEN = 3  # a cautious estimate for English mixed with LaTeX
# How servers state the window in their "too long" errors: llama.cpp ("exceed context window of
# 8192"), OpenAI and vLLM ("maximum context length is 4096 tokens"), Ollama, LM Studio.
_WINDOW = re.compile(r"context(?: window| length)?(?: of| is)?\D{0,24}?(\d{3,7})", re.IGNORECASE)


class LLMClient:
    def __init__(
        self,
        provider: Provider,
        settings: Settings,
        *,
        usage: Usage | None = None,
        sleep: Callable[[float], None] = time.sleep,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        self.provider = provider
        self.settings = settings
        self.cache = ResponseCache(settings.cache_dir, refresh=settings.refresh)
        self.usage = usage or Usage(
            "llm", settings.model, settings.provider, limits=settings.limits()
        )
        self.price = price_of(settings)
        self._sleep = sleep
        self._progress = progress or (lambda _msg: None)
        self._window: int | None = settings.context_tokens
        self._window_known = settings.context_tokens is not None
        self._started: float | None = None  # when the first request of this run was sent

    @property
    def window(self) -> int | None:
        """The model's context window in tokens: the setting, else what the server says."""
        if not self._window_known:
            ask = getattr(self.provider, "context_window", None)
            self._window = ask(timeout=self._request_timeout()) if ask else None
            self._window_known = True
        return self._window

    def paper_budget(self) -> int:
        """Characters of paper one prompt may carry: the setting, or at most half a small
        model's window (the rest is instructions, grammar and the answer)."""
        limit = self.settings.context_chars
        return min(limit, self.window * _CHARS_PER_TOKEN // 2) if self.window else limit

    def _fit(self, convo: list[Message], max_tokens: int) -> int:
        """The output budget that fits beside this prompt in the window."""
        if not self.window:
            return max_tokens
        prompt = sum(len(m.content) for m in convo) // _CHARS_PER_TOKEN + 8 * len(convo)
        room = self.window - prompt - 32
        if room < _MIN_ANSWER:
            raise ContextTooLong(
                f"a prompt of about {prompt} tokens leaves no room for the answer in "
                f"{self.settings.model}'s {self.window}-token context window"
            )
        return min(max_tokens, room)

    def ask(self, stage: str, messages: list[Message], answer: type[T]) -> T:
        schema = answer.model_json_schema()
        key = request_key(
            {
                "provider": self.settings.provider,
                "where": self.settings.where,
                "model": self.settings.model,
                "messages": [[m.role, m.content] for m in messages],
                "schema": schema,
            }
        )
        record = self._stage(stage)
        started = time.monotonic()
        try:
            return self._cached(
                key, record, answer, lambda: self._ask_fresh(record, messages, schema, answer)
            )
        finally:
            record.seconds = round(record.seconds + time.monotonic() - started, 3)

    def settled(self, stage: str, topic: object, answer: type[T], work: Callable[[], T]) -> T:
        """The stage's answer about `topic`: replayed from the cache, else what `work()` (any
        number of `ask`s) settles on, cached under the topic as well. The topic is what the
        stage is about, independent of the context window (whose value a run may learn midway
        and a re-run starts with), so a re-run replays every stage and sends nothing even when
        the window would now shape its prompts differently. A verdict of no usable answer is
        replayed the same way."""
        key = request_key(
            {
                "stage": stage,
                "engine": __version__,
                "provider": self.settings.provider,
                "where": self.settings.where,
                "model": self.settings.model,
                "schema": answer.model_json_schema(),
                "topic": topic,
            }
        )
        return self._cached(key, self._stage(stage), answer, work)

    def _cached(self, key: str, record: StageUsage, answer: type[T], work: Callable[[], T]) -> T:
        cached = self.cache.get(key)
        if cached is not None and "unusable" in cached:
            # The same question failed before: a re-run replays that, asking nothing.
            record.cached += 1
            raise UnusableAnswer(cached["unusable"], hint=cached.get("hint"))
        if cached is not None:
            try:
                result = answer.model_validate(cached)
                record.cached += 1
                return result
            except ValidationError:
                pass  # the schema changed since: ask again
        try:
            result = work()
        except UnusableAnswer as e:
            self.cache.put(key, {"unusable": e.message, "hint": e.hint})
            raise
        self.cache.put(key, result.model_dump(mode="json"))
        return result

    def _stage(self, name: str) -> StageUsage:
        record = self.usage.stage(name)
        if record.requests == 0 and record.cached == 0 and self.price is not None:
            record.cost_usd = 0.0
        return record

    def _ask_fresh(
        self, record: StageUsage, messages: list[Message], schema: dict, answer: type[T]
    ) -> T:
        convo = list(messages)
        max_tokens = min(self.settings.max_tokens, STAGE_TOKENS.get(record.stage, 1 << 30))
        reasked = more_room = False
        while True:
            completion = self._send(record, convo, schema, max_tokens)
            if completion.truncated:
                if more_room or max_tokens >= self.settings.max_tokens_cap:
                    raise UnusableAnswer(
                        f"{self.settings.model} cut its {record.stage} answer off at "
                        f"{max_tokens} output tokens",
                        hint="use a model with a larger output limit",
                    )
                more_room = True
                max_tokens = min(self.settings.max_tokens_cap, max_tokens * 2)
                self._progress(f"{record.stage}: answer truncated, asking for {max_tokens} tokens")
                continue
            try:
                return answer.model_validate_json(extract_json(completion.text))
            except (ValidationError, ValueError) as e:
                if reasked:
                    raise UnusableAnswer(
                        f"{self.settings.model} returned malformed JSON twice "
                        f"at the {record.stage} stage",
                        hint="try a stronger model",
                    ) from None
                reasked = True
                self._progress(f"{record.stage}: malformed answer, asking once more")
                convo = [
                    *convo,
                    Message("assistant", completion.text),
                    Message("user", reask_message(e)),
                ]

    def _send(
        self, record: StageUsage, convo: list[Message], schema: dict, max_tokens: int
    ) -> Completion:
        """One answer; rate limits and dropped connections are retried (tenacity), waiting as
        the server's Retry-After says, never past the run's deadline."""
        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type((RateLimited, Transient)),
            stop=self._stop,
            wait=self._wait,
            sleep=self._sleep,
            before_sleep=self._say_wait,
            reraise=True,
        )
        try:
            return retrying(self._complete, record, convo, schema, max_tokens)
        except RateLimited:
            raise RateLimitedError(
                f"{self.settings.where} kept rate-limiting after "
                f"{self.settings.rate_limit_retries} retries",
                hint="wait and re-run: answers so far are cached",
            ) from None
        except Transient as e:
            raise NetworkError(e.message, hint="is the server running?") from None

    def _stop(self, state: tenacity.RetryCallState) -> bool:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, RateLimited):
            return state.attempt_number > self.settings.rate_limit_retries
        return state.attempt_number > _TRANSIENT_RETRIES

    def _wait(self, state: tenacity.RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        wait = 2.0**state.attempt_number
        if isinstance(error, RateLimited) and error.retry_after is not None:
            wait = error.retry_after
        return max(0.0, min(wait, _MAX_WAIT, self._deadline_left()))

    def _say_wait(self, state: tenacity.RetryCallState) -> None:
        if state.outcome and isinstance(state.outcome.exception(), RateLimited):
            self._progress(f"rate limited; retrying in {state.upcoming_sleep:.0f}s")

    def _complete(
        self, record: StageUsage, convo: list[Message], schema: dict, max_tokens: int
    ) -> Completion:
        """One request (two when a "too long" error shows that less output would fit)."""
        for relearned in (False, True):
            fitted = self._fit(convo, max_tokens)
            timeout = self._request_timeout()
            try:
                completion = self.provider.complete(
                    convo, schema, max_tokens=fitted, timeout=timeout
                )
            except ContextTooLong as e:
                if not relearned and self._learn_window(e):
                    continue
                raise
            except TimedOut:
                raise self._timed_out(timeout) from None
            except AnswerTooLarge as e:
                raise UnusableAnswer(
                    f"{self.settings.where} sent a {record.stage} answer too large to use "
                    f"({e.message})",
                    hint=f"raise {ENV_MAX_ANSWER} if this server's answers are that large",
                ) from None
            charge(record, completion.usage_in, completion.usage_out, self.price)
            if completion.truncated and fitted < max_tokens:
                # Cut off by the window, not by the budget asked for: only a shorter prompt helps.
                raise ContextTooLong(
                    f"the answer ran out of room in {self.settings.model}'s "
                    f"{self.window}-token context window"
                )
            return completion
        raise AssertionError("unreachable: the second pass returns or raises")

    def _learn_window(self, e: ContextTooLong) -> bool:
        """The server's error names its window: learn it (later prompts are sized by it).
        True when the error also says the messages alone fit ("1308 in the messages, 8192 in
        the completion"), so asking for less output is enough; otherwise only a shorter
        prompt helps, which the caller makes."""
        m = _WINDOW.search(e.message)
        learned = int(m.group(1)) if m else None
        if not learned or learned == self.window:
            return False
        self._window, self._window_known = learned, True
        remember = getattr(self.provider, "learn_window", None)
        if remember:
            remember(learned)
        self._progress(f"{self.settings.model} has a {learned}-token context window")
        sent = re.search(r"(\d+) in the messages", e.message)
        return bool(sent) and int(sent.group(1)) + _MIN_ANSWER < learned

    def _deadline_left(self) -> float:
        """Seconds left of the run's deadline; the clock starts at the first request sent."""
        now = time.monotonic()
        if self._started is None:
            self._started = now
        return self.settings.deadline - (now - self._started)

    def _request_timeout(self) -> float:
        left = self._deadline_left()
        if left <= 0:
            raise self._timed_out(0.0)
        return min(self.settings.timeout, left)

    def _timed_out(self, timeout: float) -> NetworkError:
        s = self.settings
        if timeout >= s.timeout:
            return NetworkError(
                f"{s.where} sent no complete answer within {s.timeout:g} s",
                hint=f"for a slow model or server raise {ENV_TIMEOUT}",
            )
        return NetworkError(
            f"the LLM requests of this run took longer than {s.deadline:g} s in all",
            hint=f"raise {ENV_DEADLINE}; re-running replays the answers so far from the cache",
        )


def extract_json(text: str) -> str:
    """The JSON object in an answer, without the code fences or prose some models add."""
    fenced = re.search(r"```(?:json)?\s*(\{.*\})\s*```", text, re.DOTALL)
    if fenced:
        return fenced.group(1)
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        raise ValueError("the answer holds no JSON object")
    return text[start : end + 1]


def reask_message(error: Exception) -> str:
    detail = str(error)
    if isinstance(error, ValidationError):
        detail = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'answer'}: {err['msg']}"
            for err in error.errors()[:8]
        )
    return (
        "Your answer was not valid JSON for the required schema "
        f"({detail}). Reply again with only the corrected JSON object."
    )


def dump(value: object) -> str:
    """JSON for a prompt: compact, stable, readable."""
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False)
