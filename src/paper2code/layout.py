"""The output contract: where each file of a generated implementation goes, relative to its
directory (README: "The main job").

Engines fill these paths, the renderer writes them, the runner executes them and the checker
reads them: every one of them takes the path from here, so the contract is stated once. Nothing
is imported: any stage may depend on this module.
"""

README = "README.md"  # what is implemented, quick start
NOTES = "REPRODUCTION_NOTES.md"  # stated values, the ambiguity audit, known deviations
REQUIREMENTS = "requirements.txt"
PAPER_GUIDE = "PAPER_GUIDE.md"  # educational mode
CONFIG = "configs/base.yaml"  # every value with the comment that cites or flags it
NOTEBOOK = "notebooks/walkthrough.ipynb"  # where render/ writes `Project.notebook`

# The code: a package `src` run from the directory's root.
PACKAGE_INIT = "src/__init__.py"
MODEL = "src/model.py"
LOSS = "src/loss.py"
DATA = "src/data.py"
EVALUATE = "src/evaluate.py"
TRAIN = "src/train.py"  # full mode, or a paper whose contribution is a training method
EQUATIONS = "src/equations.py"  # the compiled equations' functions
UTILS = "src/utils.py"  # `python -m src.utils --smoke` is every project's smoke check

# paper2code's own records, hidden: the checker and the README's listing skip them.
RUN_RECORD = ".paper2code/run.json"  # requests, tokens, time and cost of the engine run
EQUATIONS_INDEX = ".paper2code/equations.json"  # the compiled equations (README: "Compiled ...")


def setting_config(slug: str) -> str:
    """Another setting of the paper's method: only what differs from CONFIG (README: Settings)."""
    return f"configs/{slug}.yaml"
