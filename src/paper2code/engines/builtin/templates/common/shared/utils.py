# pieces: utils_pieces.py
"""Shared helpers: <<helpers>>.

Run the smoke check from the project root:

    python -m src.utils --smoke

It builds the model at the CPU-sized `smoke:` values of configs/base.yaml, runs one forward pass
<<smoke_check>>
"""

from __future__ import annotations

# slot: imports

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "configs" / "base.yaml"


# slot: config_loading
# slot: functions
# slot: extra
def smoke_test() -> None:
    """Build the model at smoke size, run <<smoke_steps>>, assert the shapes."""
    # slot: smoke_imports
    # slot: smoke_seed
    rng = set_seed(0)  # [ASSUMPTION] a fixed seed only so the smoke check is repeatable
    # end slot: smoke_seed
    cfg = load_config()
    # slot: smoke_body


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="run the CPU smoke check")
    args = parser.parse_args(argv)
    if args.smoke:
        smoke_test()
        print("smoke check passed")
    else:
        parser.print_help()


if __name__ == "__main__":
    main()
