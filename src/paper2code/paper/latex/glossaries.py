"""The glossaries package's entries, printed as the paper prints them: `\\gls{ml}` is
"machine learning (ML)" the first time and "ML" after (`\\newacronym{ml}{ML}{machine
learning}`); `\\newglossaryentry{x}{name=…, first=…, plural=…}` prints its name or its
`first`. First use follows the document order, reset by `\\glsreset`/`\\glsresetall` and set by
`\\glsunset`/`\\glsunsetall`.

The expander owns the reading of the source; this module only keeps the entries and says
what a command prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paper2code.paper.latex.texscan import key_values

# Commands that print an entry, and what they print: the entry's text as at first use or
# after ("gls"), the short or long form ("short", "long"), or the full "long (short)" form.
PRINTERS = {
    "gls": "gls",
    "Gls": "gls",
    "GLS": "gls",
    "glspl": "gls",
    "Glspl": "gls",
    "GLSpl": "gls",
    "glstext": "text",
    "Glstext": "text",
    "acrshort": "short",
    "Acrshort": "short",
    "acrshortpl": "short",
    "acrlong": "long",
    "Acrlong": "long",
    "acrlongpl": "long",
    "acrfull": "full",
    "Acrfull": "full",
    "acrfullpl": "full",
    "glsentryshort": "short",
    "glsentrylong": "long",
    "glsentrytext": "text",
    "glsentryname": "text",
}
DEFINERS = ("newacronym", "newglossaryentry")
STATE = ("glsreset", "glsunset", "glsresetall", "glsunsetall")
COMMANDS = frozenset(PRINTERS) | frozenset(DEFINERS) | frozenset(STATE)


@dataclass(frozen=True)
class Entry:
    text: str  # what \\gls prints after the first use
    plural: str
    first: str  # what it prints the first time (an acronym's: "long (short)")
    first_plural: str
    short: str
    long: str
    short_plural: str
    long_plural: str
    acronym: bool


class Glossary:
    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self.used: set[str] = set()

    def acronym(self, label: str, short: str, long: str, options: str = "") -> None:
        given = key_values(options)
        short_pl = given.get("shortplural", short + "s")
        long_pl = given.get("longplural", long + "s")
        self.entries[label] = Entry(
            short, short_pl, "", "", short, long, short_pl, long_pl, acronym=True
        )

    def entry(self, label: str, options: str) -> None:
        given = key_values(options)
        text = given.get("text", given.get("name", label))
        plural = given.get("plural", text + "s")
        first = given.get("first", text)
        first_plural = given.get("firstplural", plural)
        self.entries[label] = Entry(
            text, plural, first, first_plural, text, text, plural, plural, acronym=False
        )

    def state(self, command: str, label: str = "") -> None:
        if command == "glsresetall":
            self.used.clear()
        elif command == "glsunsetall":
            self.used.update(self.entries)
        elif command == "glsunset":
            self.used.add(label)
        else:
            self.used.discard(label)

    def prints(self, command: str, label: str, insert: str = "") -> str | None:
        """What `\\command{label}[insert]` prints (None for an entry never defined: left as
        written). An acronym's full form puts the insert after its long form, as glossaries
        does: "support vector machine's (SVM)"."""
        entry = self.entries.get(label)
        if entry is None:
            return None
        plural = command.lower().endswith("pl")
        form = PRINTERS[command]
        if form == "gls":
            form = "text" if label in self.used else "full"
            self.used.add(label)
        short = entry.short_plural if plural else entry.short
        long = entry.long_plural if plural else entry.long
        if form == "full" and entry.acronym:
            text = f"{long}{insert} ({short})"
        elif form == "full":
            text = (entry.first_plural if plural else entry.first) + insert
        elif form == "text":
            text = (entry.plural if plural else entry.text) + insert
        else:
            text = (short if form == "short" else long) + insert
        if command.isupper():  # control words keep their case: \\emph is no \\EMPH
            return _WORDS.sub(lambda m: m.group(1) or m.group(2).upper(), text)
        if command[0].isupper():
            return _capitalised(text)
        return text


def _capitalised(text: str) -> str:
    """The first letter made upper case, past any leading markup (`\\emph{multi-task}`)."""
    start = _MARKUP.match(text).end()  # type: ignore[union-attr]
    return text[:start] + text[start : start + 1].upper() + text[start + 1 :]


_WORDS = re.compile(r"(\\[A-Za-z]+)|([^\\]+)")
_MARKUP = re.compile(r"(?:\\[A-Za-z]+\s*|[{\s])*")
