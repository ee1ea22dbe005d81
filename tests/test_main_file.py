"""The main file of a folder is chosen from evidence (templates, `\\subfile` children, what a
file reads, its `.bbl`, its prose), never from its name alone, and `parse` says why."""

from __future__ import annotations

import json

import pytest
from corpus import ABSENT, CORPUS

from paper2code.cli import main
from paper2code.paper.latex.mainfile import choose_main

# Checked by hand, file by file: the venue templates (CVPR's "Author Guidelines", ICLR's and
# ICML's "Formatting Instructions", one with the paper's own title over the template's body),
# the `\subfile` child and the real paper called example_paper.tex.
ANSWERS = {
    "adv-eval-robustness": "paper.tex",
    "apg-samplers": "icml-2020-apg-samplers.tex",
    "bfw-face-bias": "cvprworkshop.tex",  # beside egreview.tex, CVPR's author guidelines
    "blocks-fuel": "vanmerrienboer14a.tex",
    "catastrophic-goodhart": "paper/main.tex",  # supplementary/theorem5.tex is its \subfile
    "cheblienet": "neurips_2021.tex",
    "dd3d-pretraining": "main.tex",  # egpaper_final.tex: the paper's title, the template's text
    "decipherment-embeddings": "index.tex",
    "dqn-generalization": "paper/main.tex",
    "enkf-matheron": "main.tex",
    "fractalgen": "paper.tex",
    "gmflow": "paper.tex",
    "graphics-programs": "nips_2018.tex",
    "grid-cell-conformal-isometry": "paper.tex",
    "hyla": "paper.tex",
    "hyperbolic-nf": "main.tex",
    "hypergrad": "paper/hypergrad_paper.tex",  # beside icml2015stylefiles/example_paper.tex
    "hypernet-hyperopt": "paper/main.tex",
    "imageqa": "imageqa_icml2015.tex",
    "infilling-lm": "acl2020.tex",
    "len": "paper.tex",
    "llm-sci-use": "paper.tex",
    "mcwnnm-denoising": "MCWNNM.tex",
    "meta-ot": "paper/meta-ot.tex",
    "mh-gan": "mhgan.tex",
    "mh-minibatch-test": "uai2017/paper.tex",
    "mixture-of-tastes": "paper/paper.tex",
    "motor-dynamics-aaai20": "AAAI-VermaS.4719.tex",
    "optimalsteps": "paper.tex",
    "optimistic-policy-mis": "paper/paper.tex",  # beside ICML 2019's example_paper.tex
    "overparam-rnn-extrapolation": "main.tex",  # beside iclr2023_conference.tex
    "parallel-linear-rnns": "paper/main.tex",
    "physics-next-token": "agi.tex",
    "pretrain-offline-rl": "main.tex",
    "repa-e": "paper.tex",
    "rnn-gsn": "rnngsn_main.tex",
    "robust-control-beyond-quadratic": "paper/main.tex",
    "semantic-loss-re": "emnlp2018.tex",
    "semanticist": "paper.tex",
    "siss": "paper.tex",
    "tabdiff": "paper.tex",
    "tanh-init": "paper.tex",
    "transform-and-tell": "paper/main.tex",  # beside two copies of CVPR's author guidelines
    "viewpoint-detection": "2349.tex",
    "weighted-q-learning": "example_paper.tex",  # a real paper with its example_paper.bbl
}
LIMIT = 4 << 20


@pytest.mark.skipif(CORPUS is None, reason=ABSENT)
def test_every_corpus_paper_has_an_answer():
    assert sorted(p.name for p in CORPUS.iterdir() if p.is_dir()) == sorted(ANSWERS)


@pytest.mark.skipif(CORPUS is None, reason=ABSENT)
@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_corpus_main_file(name):
    choice = choose_main(CORPUS / name, LIMIT)
    assert choice.decision.file == ANSWERS[name], choice.decision.reasons
    assert choice.main == (CORPUS / name / ANSWERS[name]).resolve()


def doc(title: str, body: str = "", *, preamble: str = "\\documentclass{article}") -> str:
    head = f"{preamble}\n\\title{{{title}}}\n"
    return f"{head}\\begin{{document}}\n\\maketitle\n{body}\n\\end{{document}}\n"


PROSE = "We study attention over long sequences and report what we measured. " * 40


def test_parse_names_the_template_it_set_aside(tmp_path, capsys):
    (tmp_path / "cvpr.tex").write_text(doc("\\LaTeX\\ Author Guidelines for CVPR", PROSE * 3))
    (tmp_path / "mine.tex").write_text(doc("Sparse Attention", "\\section{Method}\n" + PROSE))
    assert main(["parse", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "Method" in captured.out
    assert "main file: mine.tex (of 2)" in captured.err
    assert "not cvpr.tex: a venue's template, titled '\\LaTeX\\ Author Guidelines" in captured.err
    assert main(["parse", "--json", str(tmp_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["main_file"]["file"] == "mine.tex"
    assert data["main_file"]["candidates"] == ["cvpr.tex", "mine.tex"]
    assert data["main_file"]["reasons"][0].startswith("chose mine.tex: ")


def test_a_real_paper_named_like_a_template_wins_by_its_bbl_and_title(tmp_path):
    (tmp_path / "iclr2024_conference.tex").write_text(
        doc("Formatting Instructions for ICLR 2024 Conference Submissions", PROSE * 2)
    )
    (tmp_path / "example_paper.tex").write_text(doc("Gaussian Estimates of the Maximum", PROSE))
    (tmp_path / "example_paper.bbl").write_text("\\begin{thebibliography}{1}\n")
    (tmp_path / "draft.tex").write_text(doc("Gaussian Estimates, early draft", PROSE * 2))
    choice = choose_main(tmp_path, LIMIT).decision
    assert choice.file == "example_paper.tex"
    assert choice.reasons == [
        "chose example_paper.tex: 448 words, compiled to example_paper.bbl",
        "not draft.tex: no .bbl of its name (example_paper.bbl is example_paper.tex's)",
        "not iclr2024_conference.tex: a venue's template, titled 'Formatting Instructions "
        "for ICLR 2024 Conference Submissions'",
    ]


def test_template_text_under_the_papers_own_title_is_still_a_template(tmp_path):
    boilerplate = (
        "Please follow the steps outlined below when submitting your manuscript. "
        "See the author guidelines about dual submission and the page limit. "
    )
    (tmp_path / "egpaper_final.tex").write_text(doc("Depth Pretraining", boilerplate + PROSE * 3))
    (tmp_path / "main.tex").write_text(doc("Depth Pretraining", PROSE))
    choice = choose_main(tmp_path, LIMIT).decision
    assert choice.file == "main.tex"
    assert choice.reasons[1].startswith(
        "not egpaper_final.tex: a venue's template: it says 'please follow the steps"
    )


def test_a_subfile_child_is_not_the_main_file_even_when_longer(tmp_path):
    (tmp_path / "proofs").mkdir()
    (tmp_path / "main.tex").write_text(doc("Catastrophic Goodhart", PROSE))
    child = doc("", PROSE * 5, preamble="\\documentclass[../main.tex]{subfiles}")
    (tmp_path / "proofs" / "theorem.tex").write_text(child)
    choice = choose_main(tmp_path, LIMIT).decision
    assert choice.file == "main.tex"
    assert choice.reasons[1] == "not proofs/theorem.tex: a \\subfile of main.tex"


def test_what_a_file_reads_counts_and_a_file_read_by_another_is_not_main(tmp_path):
    (tmp_path / "sections").mkdir()
    (tmp_path / "sections" / "method.tex").write_text(PROSE * 4)
    (tmp_path / "paper.tex").write_text(doc("Long Paper", "\\input{sections/method}"))
    (tmp_path / "old.tex").write_text(doc("Old Version", PROSE * 2))
    (tmp_path / "response.tex").write_text(doc("Reply to reviewers", PROSE * 9))
    standalone = doc("Figure", "\\input{old}")  # reads old.tex: its words count for it
    (tmp_path / "figure.tex").write_text(standalone)
    choice = choose_main(tmp_path, LIMIT).decision
    assert choice.file == "paper.tex"
    assert choice.reasons[0] == "chose paper.tex: reads 1 file, 1,767 words"
    assert "not old.tex: read by figure.tex" in choice.reasons
    assert "not response.tex: named like a supplement, a reply or slides" in choice.reasons
    assert "not figure.tex: less prose (890 words)" in choice.reasons


def test_one_candidate_is_no_choice(tmp_path, capsys):
    (tmp_path / "main.tex").write_text(doc("Only", PROSE))
    (tmp_path / "macros.tex").write_text("\\newcommand{\\R}{\\mathbb{R}}\n")
    choice = choose_main(tmp_path, LIMIT).decision
    assert (choice.file, choice.candidates, choice.reasons) == ("main.tex", ["main.tex"], [])
    assert main(["parse", str(tmp_path)]) == 0
    assert "main file" not in capsys.readouterr().err


def test_an_input_too_long_to_be_a_file_name_is_no_crash(tmp_path):
    # ENAMETOOLONG from the system is "no such file" to the main-file choice, as to `\input`.
    (tmp_path / "paper.tex").write_text(doc("Paper", PROSE + "\\input{" + "x" * 300 + "}"))
    (tmp_path / "notes.tex").write_text(doc("Notes", PROSE))
    assert choose_main(tmp_path, LIMIT).decision.file in {"paper.tex", "notes.tex"}
