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
        (r"85\,320", 85_320),  # a thin space between the thousands
        ("2^{10}", 1024),
        ("40%", 0.4),
        (r"40\%", 0.4),
        ("512", 512),
        ("$0.98$", 0.98),
        ("2. 10^3", 2000),  # a dot before the power of ten multiplies, as some papers write it
        ("1.10^4", 10_000),
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


@pytest.mark.parametrize(
    ("text", "values"),
    [
        (r"which contains $\sim50,000$ images", [50_000]),
        (r"about $\approx3$ steps", [3]),
        (r"$3\times10^{-4}$", [3e-4]),  # the product with a power is one number
    ],
)
def test_a_command_written_against_a_number_does_not_hide_it(text, values):
    assert [n.value for n in find_numbers(text)] == values


def test_a_panel_letter_after_a_reference_is_no_scale():
    text = "as Figure 7b and Tables 2a and 3b show, the 7B model sees 5M images (Fig.~4m)"
    assert [(m.raw, m.value) for m in find_numbers(text)] == [
        ("7", 7),
        ("2", 2),
        ("3", 3),
        ("7B", 7_000_000_000),
        ("5M", 5_000_000),
        ("4", 4),
    ]


def test_a_lowercase_m_apart_from_its_number_is_a_metre_not_a_million():
    text = (
        "a maximum distance of 1 m, gravity of 9.807 m/s, 20m steps, 3 M images, 0.3 k + 1, 1400 k"
    )
    assert [(m.raw, m.value) for m in find_numbers(text)] == [
        ("1", 1),
        ("9.807", 9.807),
        ("20m", 20_000_000),
        ("3 M", 3_000_000),
        ("0.3", 0.3),
        ("1", 1),
        ("1400 k", 1_400_000),
    ]


def test_squares():
    text = r"Images $32 \times 32$, cropped to 256$\times$256 from 224 x 160; 3 \times 10^{-4}."
    assert [(s.raw, s.value) for s in find_squares(text)] == [
        (r"32 \times 32", 32),
        (r"256$\times$256", 256),
    ]


@pytest.mark.parametrize("raw", ["10^{400}", "2^{5000}", r"3 \times 10^{999}", "1e999"])
def test_numbers_beyond_a_float_read_as_infinity(raw):
    # a paper's 10^{400} (a bound, a count of states) must not end the analysis
    assert parse_number(raw) == float("inf")
