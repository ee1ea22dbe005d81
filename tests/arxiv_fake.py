"""Test helpers: Atom answers, e-print archives (honest and hostile) and a tiny PDF writer.

Imported by the acquisition and PDF tests; everything is built in memory so no test depends on
the network or on a LaTeX installation.
"""

from __future__ import annotations

import gzip
import io
import tarfile
from xml.sax.saxutils import escape

ATOM_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<feed xmlns="http://www.w3.org/2005/Atom" '
    'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
    'xmlns:arxiv="http://arxiv.org/schemas/atom">\n'
    "<title>arXiv Query</title>\n<id>http://arxiv.org/api/query</id>\n"
)


def atom_entry(
    arxiv_id: str,
    version: int,
    *,
    title: str = "Attention Is All\n      You Need",
    authors: tuple[str, ...] = ("Ashish Vaswani", "Noam Shazeer"),
    abstract: str = "The dominant sequence transduction models are based on recurrent networks.",
    comment: str = "15 pages, 5 figures",
    journal_ref: str = "",
    categories: tuple[str, ...] = ("cs.CL", "cs.LG"),
) -> str:
    """One `id_list` answer, shaped like the real API's (wrapped title, version in the id)."""
    extra = f"<arxiv:comment>{escape(comment)}</arxiv:comment>\n" if comment else ""
    if journal_ref:
        extra += f"<arxiv:journal_ref>{escape(journal_ref)}</arxiv:journal_ref>\n"
    cats = "".join(
        f'<category term="{c}" scheme="http://arxiv.org/schemas/atom"/>\n' for c in categories
    )
    people = "".join(f"<author><name>{escape(a)}</name></author>\n" for a in authors)
    return (
        ATOM_HEAD + "<opensearch:totalResults>1</opensearch:totalResults>\n<entry>\n"
        f"<id>http://arxiv.org/abs/{arxiv_id}v{version}</id>\n"
        "<updated>2023-08-02T00:41:18Z</updated>\n<published>2017-06-12T17:57:34Z</published>\n"
        f"<title>{escape(title)}</title>\n<summary>  {escape(abstract)}\n</summary>\n{people}"
        f'<link href="http://arxiv.org/abs/{arxiv_id}v{version}" rel="alternate" '
        'type="text/html"/>\n'
        f'<link title="pdf" href="http://arxiv.org/pdf/{arxiv_id}v{version}" rel="related" '
        'type="application/pdf"/>\n'
        f'{extra}<arxiv:primary_category term="{categories[0]}" '
        'scheme="http://arxiv.org/schemas/atom"/>\n'
        f"{cats}</entry>\n</feed>\n"
    )


def atom_empty() -> str:
    return ATOM_HEAD + "<opensearch:totalResults>0</opensearch:totalResults>\n</feed>\n"


def atom_error(message: str = "incorrect id format for 2312.99999") -> str:
    return (
        ATOM_HEAD + "<opensearch:totalResults>1</opensearch:totalResults>\n<entry>\n"
        "<id>http://arxiv.org/api/errors#incorrect_id_format_for_2312.99999</id>\n"
        f"<title>Error</title>\n<summary>{escape(message)}</summary>\n"
        "<author><name>arXiv api core</name></author>\n</entry>\n</feed>\n"
    )


MAIN_TEX = r"""\documentclass{article}
\begin{document}
\section{Introduction}
Our code is available at \url{https://github.com/example/tiny\_model}.
We compare with the baseline of \url{https://github.com/other/baseline}.
\section{Method}
\begin{equation}
y = W x + b \label{eq:lin}
\end{equation}
\input{sections/extra}
\end{document}
"""


def tarball(files: dict[str, bytes], *, gz: bool = True) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz" if gz else "w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def source_tarball() -> bytes:
    return tarball(
        {
            "main.tex": MAIN_TEX.encode(),
            "sections/extra.tex": b"\\subsection{Details}\nMore text.\n",
            "figs/plot.png": b"\x89PNG\r\n\x1a\n",
        }
    )


def hostile_tarball(kind: str) -> bytes:
    """An archive that tries to escape its folder or explode; `kind` names the trick."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        ok = tarfile.TarInfo("main.tex")
        ok.size = 5
        tar.addfile(ok, io.BytesIO(b"hello"))
        if kind == "absolute":
            info = tarfile.TarInfo("/tmp/paper2code-evil.tex")
            info.size = 4
            tar.addfile(info, io.BytesIO(b"evil"))
        elif kind == "dotdot":
            info = tarfile.TarInfo("../../evil.tex")
            info.size = 4
            tar.addfile(info, io.BytesIO(b"evil"))
        elif kind == "symlink":
            link = tarfile.TarInfo("escape")
            link.type = tarfile.SYMTYPE
            link.linkname = "../../../../etc"
            tar.addfile(link)
        elif kind == "bomb":
            # The header claims 4 GiB; the cap must refuse it before reading any data.
            info = tarfile.TarInfo("huge.tex")
            info.size = 4 << 30
            tar.addfile(info)
        else:
            raise ValueError(kind)
    return buf.getvalue()


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data)


# ---- a minimal PDF writer ------------------------------------------------------------------


def make_pdf(pages: list[list[str]]) -> bytes:
    """A valid PDF whose pages hold the given lines of text (Helvetica, top to bottom).

    An empty page list entry gives a page with only a drawn rectangle: no text, like a scan.
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pages_id = len(objects) + 1 + 2 * len(pages)  # allocated after the page objects
    kids = []
    for lines in pages:
        if lines:
            ops = [b"BT /F1 10 Tf 12 TL 56 780 Td"]
            for line in lines:
                ops.append(b"(" + _pdf_escape(line) + b") Tj T*")
            ops.append(b"ET")
        else:
            ops = [b"0.5 g 56 300 400 300 re f"]
        stream = b"\n".join(ops)
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 842] " % pages_id
                + b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font, content)
            )
        )
    refs = b" ".join(b"%d 0 R" % k for k in kids)
    assert add(b"<< /Type /Pages /Kids [" + refs + b"] /Count %d >>" % len(kids)) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)

    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, catalog, xref)
    )
    return out.getvalue()


def _pdf_escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
