"""Tokens, requests, wall time and cost per stage, kept in the engine-neutral `Usage` record."""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path

from paper2code.engines.base import StageUsage
from paper2code.engines.llm.settings import Settings

Price = tuple[float, float]  # dollars per million tokens: input, output


def load_prices() -> dict:
    override = os.environ.get("PAPER2CODE_PRICES", "").strip()
    if override:
        return json.loads(Path(override).read_text(encoding="utf-8"))
    text = resources.files("paper2code.engines.llm").joinpath("prices.json").read_text("utf-8")
    return json.loads(text)


def price_of(settings: Settings, table: dict | None = None) -> Price | None:
    """The model's price, (0, 0) on a local server, None when the table does not know it."""
    if not settings.official:
        return (0.0, 0.0)
    table = load_prices() if table is None else table
    prices = table.get(settings.provider, {})
    matches = [k for k in prices if settings.model.startswith(k)]
    if not matches:
        return None
    cost_in, cost_out = prices[max(matches, key=len)]
    return float(cost_in), float(cost_out)


def charge(stage: StageUsage, tokens_in: int, tokens_out: int, price: Price | None) -> None:
    stage.requests += 1
    stage.tokens_in += tokens_in
    stage.tokens_out += tokens_out
    if price is None:
        stage.cost_usd = None
    else:
        added = (tokens_in * price[0] + tokens_out * price[1]) / 1_000_000
        stage.cost_usd = round((stage.cost_usd or 0.0) + added, 6)
