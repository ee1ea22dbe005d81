"""Numbers as papers write them."""

import pytest

from paper2code.paper.numbers import find_numbers, find_squares, parse_number, same_value


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("0.1", 0.1),
        ("3e-4", 3e-4),
        ("10^{-9}", 1e-9),
        ("10^-9", 1e-9),
        (r"3 \times 10^{-4}", 3e-4),
        ("3×10^-4", 3e-4),
        (r"2.5 \cdot 10^{5}", 250000),
        ("100K", 100_000),
        ("1M", 1_000_000),
        ("25{,}000", 25_000),
        ("25,000", 25_000),
        ("2^{10}", 1024),
        ("40%", 0.4),
        (r"40\%", 0.4),
        ("512", 512),
        ("$0.98$", 0.98),
    ],
)
def test_parse_number(raw, value):
    parsed = parse_number(raw)
    assert parsed is not None and same_value(parsed, value)


def test_integers_stay_integers():
    assert isinstance(parse_number("512"), int)
    assert isinstance(parse_number("100K"), int)
    assert isinstance(parse_number("0.1"), float)


@pytest.mark.parametrize("raw", ["abc", "", "0.1 and 0.2", "β"])
def test_parse_number_rejects_non_numbers(raw):
    assert parse_number(raw) is None


def test_find_numbers_skips_subscripts_and_keeps_order():
    text = r"$\beta_1=0.9$, $\beta_2=0.98$ and $\epsilon=10^{-9}$ for 100K steps"
    assert [m.value for m in find_numbers(text)] == [0.9, 0.98, 1e-9, 100_000]
    assert [m.raw for m in find_numbers(text)] == ["0.9", "0.98", "10^{-9}", "100K"]


def test_squares():
    text = r"Images $32 \times 32$, cropped to 256$\times$256 from 224 x 160; 3 \times 10^{-4}."
    assert [(s.raw, s.value) for s in find_squares(text)] == [
        (r"32 \times 32", 32),
        (r"256$\times$256", 256),
    ]


def test_a_power_past_any_float_is_infinite_not_a_crash():
    # catastrophic-goodhart: "the more than $10^{2000}$ possible token sequences"
    assert [m.value for m in find_numbers("more than $10^{2000}$ sequences")] == [float("inf")]
