"""requirements.txt: pins are the versions installed here, the engine's where not installed."""

from __future__ import annotations

from importlib import metadata

from paper2code.render.requirements import render_requirements


def installed(name: str) -> str:
    return metadata.version(name).split("+", 1)[0]  # torch's CPU wheel says 2.13.0+cpu


def test_installed_packages_are_pinned_to_their_version() -> None:
    text = render_requirements(["torch==1.0", "PyYAML>=5"])
    assert text.splitlines() == [
        f"torch=={installed('torch')}",
        f"PyYAML=={installed('pyyaml')}",
        f"numpy=={installed('numpy')}",  # torch warns on every import without it
    ]


def test_what_is_not_installed_keeps_the_engines_pin() -> None:
    lines = ["no-such-package-p2c==1.2.3", "other-missing-p2c[extra]>=2,<3", ""]
    assert (
        render_requirements(lines) == "no-such-package-p2c==1.2.3\nother-missing-p2c[extra]>=2,<3\n"
    )


def test_numpy_is_added_once_and_only_beside_torch() -> None:
    assert "numpy" not in render_requirements(["pyyaml==6.0.3"])
    text = render_requirements(["numpy<3", "torch"])
    assert text.count("numpy") == 1 and text.startswith(f"numpy=={installed('numpy')}\n")


def test_lines_pip_reads_otherwise_stay_as_written() -> None:
    lines = [
        "pkg-p2c @ https://example.org/pkg.whl",
        "torch==2.13.0; python_version < '3.9'",
        "git+https://example.org/repo.git",
    ]
    assert render_requirements(lines).splitlines() == lines
