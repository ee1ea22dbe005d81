"""What LaTeX's math commands mean to the reader: relations, operators, fonts, names.

The grammar (`parse.py`) asks these tables what a token is; a command a paper uses that the
reader should know goes here.
"""

from __future__ import annotations

import re

# Binding powers: relations < additive < products < unary minus < powers.
RELATIONS = {
    "=", ":=", "\\triangleq", "\\equiv", "<", ">", "\\leq", "\\geq", "\\le", "\\ge", "\\approx",
    "\\neq", "\\propto", "\\in", "\\notin", "\\sim", "\\subset", "\\subseteq", "\\to",
    "\\rightarrow", "\\mapsto", "\\Rightarrow", "\\Leftrightarrow", "\\iff", "\\lesssim",
    "\\gtrsim", "\\simeq", "\\ll", "\\gg", "\\eqqcolon", "\\doteq", "\\gets", "\\leftarrow",
}  # fmt: skip
# The relations whose left side is defined by the right: the one set the parser, the symbol
# table, the compiler, numpy_eval and the checker all ask. `G \\gets \\mathrm{SoftPlus}(G)`: an
# update in an algorithm's step assigns, as `:=` does; `\\equiv` and `\\doteq` are how papers
# write "is defined as"; `b \\eqqcolon a` (b =: a) is read as a := b by the parser.
# (`\\coloneqq` and `:` `=` arrive here as `:=`, tokens.py.)
DEFINITIONS = {
    "=", ":=", "\\triangleq", "\\equiv", "\\eqqcolon", "\\doteq", "\\gets", "\\leftarrow",
}  # fmt: skip
# Relations after a definition that bound or approximate its value: `a = b \\leq c`.
BOUNDS = {
    "<", ">", "\\leq", "\\le", "\\geq", "\\ge", "\\approx", "\\simeq", "\\sim", "\\propto",
}  # fmt: skip
INFIX = {"+": ("+", 20), "-": ("-", 20), "\\cdot": ("dot", 30), "*": ("*", 30),
         "\\odot": ("*", 30), "\\times": ("dot", 30), "/": ("/", 30), "\\circ": ("circ", 30),
         "\\setminus": ("setminus", 20), "\\cup": ("cup", 20), "\\cap": ("cap", 30)}  # fmt: skip
FUNCTIONS = {
    "\\tanh", "\\exp", "\\log", "\\ln", "\\sin", "\\cos", "\\sinh", "\\cosh", "\\max", "\\min",
    "\\det", "\\arg", "\\argmax", "\\argmin", "\\sup", "\\inf", "\\lim", "\\limsup", "\\liminf",
    "\\arcsin", "\\arccos", "\\arctan",
}  # fmt: skip
# Operators that search over their subscript: `\\max_{x \\in S} f(x)`, `\\lim_{m \\to \\infty}`.
BOUNDED = {"max", "min", "argmax", "argmin", "sup", "inf", "lim", "limsup", "liminf"}
# Functions papers spell in plain letters (`max(0, m - D)`), read as their commands when a `(`
# follows.
ROMAN = ("softmax", "tanh", "max", "min", "exp", "log", "cos", "sin")
# Names papers apply like functions when written `name(x)`.
APPLIED = {"softmax", "sigma", "tanh", "relu", "ReLU", "exp", "log", "sigmoid", "GELU", "gelu",
           "SiLU", "silu", "LayerNorm", "Softmax", "diag", "sign", "abs", "erf", "arcsin",
           "arccos", "arctan", "arcsinh", "arccosh", "arctanh"}  # fmt: skip
# Words that name a learned network when a paper applies one it does not define by an equation
# (`\\mathrm{MLP}(x)`, `\\mathrm{Attention}(Q, K, V)`, `\\mathrm{Enc}_\\phi(x)`): the compiled
# function takes the network from its caller.
NETWORK = re.compile(
    r"(?i:[A-Za-z]*(?:mlp|ffn|attention|attn|net|encoder|decoder|conv|cnn|rnn|lstm|gru|gnn|"
    r"transformer|layer|block|embed\w*|proj\w*|norm)|enc|dec|nn|linear|fc|mha|msa)"
)
GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
    "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau",
    "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda",
    "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega", "ell", "varrho", "varsigma", "Upsilon",
}  # fmt: skip
FONTS = {"\\mathbf", "\\mathrm", "\\mathit", "\\boldsymbol", "\\bm", "\\mathcal", "\\text",
         "\\textrm", "\\mathsf", "\\operatorname", "\\mathtt", "\\bar", "\\hat", "\\tilde",
         "\\textbf", "\\textit", "\\mathbb", "\\vec", "\\textnormal", "\\textsf", "\\dot",
         "\\ddot", "\\mathbbm", "\\mathfrak", "\\widehat", "\\widetilde",
         "\\overline", "\\underline", "\\texttt", "\\mathscr", "\\operatorname*",
         "\\textsc", "\\check", "\\widecheck", "\\breve", "\\acute", "\\grave",
         "\\mathring"}  # fmt: skip
ACCENTS = {
    "\\bar": "bar",
    "\\hat": "hat",
    "\\tilde": "tilde",
    "\\vec": "vec",
    "\\dot": "dot",
    "\\ddot": "ddot",
    "\\widehat": "hat",
    "\\widetilde": "tilde",
    "\\overline": "bar",
    "\\underline": "underline",
    # `\\widecheck{\\mu}`, `\\breve{x}`: another quantity of the same letter, as a hat makes one
    "\\check": "check",
    "\\widecheck": "check",
    "\\breve": "breve",
    "\\acute": "acute",
    "\\grave": "grave",
    "\\mathring": "ring",
}
# Commands that wrap a term with a note (`\\underbrace{x}_{\\text{latent}}`): the term counts.
DECORATIONS = {"\\underbrace": "_", "\\overbrace": "^", "\\boxed": "", "\\smash": "",
               "\\cancel": "", "\\phantom": ""}  # fmt: skip
# Commands inside a name that only set its font: `\\text{init}` is `init`, `\\Sigma` is `Sigma`.
NAMELESS = FONTS | {"\\rm", "\\bf", "\\it"}
TRANSPOSE = {
    "T",
    "\\top",
    "\\intercal",
    "\\mathsf{T}",
    "\\mathrm{T}",
    "\\mathsf{\\scriptscriptstyle T}",
}
MATRICES = {"pmatrix", "bmatrix", "matrix", "Bmatrix", "vmatrix", "smallmatrix", "array"}
DOTS = {"\\ldots", "\\vdots", "\\ddots"}
BARS = {"|", "\\|"}
CLOSE = {")", "]", "}", "\\}", "\\rangle"}
STOP = CLOSE | RELATIONS | set(INFIX) | {"^", "_", ",", "\\end", "\\\\", "&", ";", "\\mid",
                                         ":", "\\forall", "."}  # fmt: skip


# What follows a top-level comma when the rest of the row is a side clause, not math.
SIDE_CLAUSE = [["\\text"], ["\\textnormal"], ["\\textrm"], ["\\mathrm"], ["\\forall"], []]
ALIGNED = {"aligned", "split", "gathered", "aligned*", "alignedat", "gather", "align"}


def clean(text: str) -> str:
    """A name's raw text without font commands and braces: `\\text{init}` is `init`."""
    named = re.sub(r"\\([a-zA-Z]+)", lambda m: "" if "\\" + m[1] in NAMELESS else m[1], text)
    return re.sub(r"[{}\\ ]", "", named)


def is_label(superscript: str) -> bool:
    """Whether a superscript names rather than raises: `W^Q`, `W^{\\text{out}}`, `\\Sigma^\\prime`,
    `x^*`, `h^{(l)}`, `x^{\\ell-1}` (a layer), `x^{num}`; `t^{k_j}`, `x^2`, `e^{-x}` are powers."""
    if superscript.startswith(("\\text", "\\rm", "\\mathrm", "\\operatorname", "{\\rm", "(")):
        return True
    if "\\ell" in superscript:
        return True
    word = re.sub(r"[{}]", "", superscript)
    if len(word) >= 3 and word.isalpha():
        return True  # `^{{\\rm cat}}`, `^{num}`: a word names
    return superscript in {"\\prime", "*", "\\ast", "\\star", "\\dagger", "+", "-", "'"} or (
        len(superscript) == 1 and superscript.isupper()
    )
