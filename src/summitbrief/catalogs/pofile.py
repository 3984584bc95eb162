"""Read and write the project's .po and .pot files, one way for every step.

Reading is strict, as GNU gettext's ``msgfmt -c`` is: an unterminated string,
an unknown escape, a duplicate message or a wrong number of plural forms is a
problem at its line, and every problem of a file is reported, not the first.
Babel's ``read_po`` cuts an unterminated string silently and stops at the
first plural-count error, and its ``write_po`` wraps the previous msgid
(``#|``) through its comment wrapper, which breaks files with long sources;
so both directions are ours, on Babel's ``Catalog`` and ``Message``.

Writing never wraps, keeps the previous msgids, keeps the headers a PO editor
added (Poedit's ``X-Generator``, ``X-Poedit-*``) in their place and the file's
line endings, and writes only when the bytes change: re-running a step on
unchanged sources leaves the tree as it was. A byte-order mark is accepted on
reading and not written back (``msgfmt`` refuses one).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from babel import Locale
from babel.messages.catalog import Catalog, Message

from summitbrief.errors import DataError, Problem, display_name
from summitbrief.files import write_atomically
from summitbrief.paths import DOMAIN

TEMPLATE = f"{DOMAIN}.pot"
BOM = b"\xef\xbb\xbf"

# The headers Babel's Catalog reads and writes itself; any other (Poedit's
# X-*) is kept as the file has it.
KNOWN_HEADERS = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language",
    "Language-Team",
    "Plural-Forms",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
)
# Babel's defaults for a new catalog: placeholders, never written (issue 14).
PLACEHOLDERS = ("EMAIL@ADDRESS", "FULL NAME", "<LL@li.org>", "YEAR-MO-DA")

KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(.*)")
# What msgfmt accepts after a backslash (gettext's po-lex.c).
ESCAPE = re.compile(r'\\(?:([ntbrfva\\"?])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.?))')
SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "b": "\b",
    "r": "\r",
    "f": "\f",
    "v": "\v",
    "a": "\a",
    "\\": "\\",
    '"': '"',
    "?": "?",
}


@dataclass(frozen=True)
class Layout:
    """What a rewrite keeps of the file it replaces: line endings and header order."""

    newline: str = "\n"
    # every header of the file, in its order, with the value as written
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PoFile:
    """A catalog as read, how it was laid out, and what is wrong with its syntax."""

    catalog: Catalog
    layout: Layout = field(default_factory=Layout)
    problems: tuple[Problem, ...] = ()
    # a header Babel cannot read (a Plural-Forms with nplurals=x): no message is safe
    header_problems: tuple[Problem, ...] = ()


def template_path(locales: Path) -> Path:
    """The message template (POT) of a locales directory."""
    return locales / TEMPLATE


def locale_name(tag: str) -> str:
    """The locale Babel reads for a language tag: ``zh-Hans`` → ``zh_Hans``."""
    return tag.replace("-", "_")


def english_name(tag: str, locale: str) -> str:
    """The English name of a language for a catalog's header; its tag where CLDR has none."""
    # CLDR names some languages only in themselves (lld, skr, apc): english_name is None.
    return Locale.parse(locale).english_name or tag


def read(path: Path, tag: str | None = None) -> PoFile:
    """A catalog file; a DataError with every problem when it is not valid PO."""
    parsed = parse_file(path, tag)
    if parsed.problems:
        raise DataError(parsed.problems)
    return parsed


def parse_file(path: Path, tag: str | None = None) -> PoFile:
    """A catalog file with its syntax problems (a DataError only when it cannot be read)."""
    name = display_name(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DataError([Problem(name, 1, 1, "", f"cannot read: {error.strerror}")]) from None
    return parse(data, name, tag)


def parse(data: bytes, name: str, tag: str | None = None) -> PoFile:
    """The catalog in ``data``, read as strictly as ``msgfmt -c`` reads it."""
    data = data.removeprefix(BOM)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problem = Problem(name, line, 1, "", "not UTF-8: save the file as UTF-8")
        return PoFile(Catalog(locale=None), problems=(problem,))
    newline = "\r\n" if "\r\n" in text.split("\n", 1)[0] + "\n" else "\n"
    reader = _Reader(name)
    entries = reader.entries(text.splitlines())
    return reader.catalog(entries, tag, newline)


@dataclass
class _Entry:
    """One message as the lines of a file give it."""

    line: int = 0
    obsolete: bool = False
    user: list[str] = field(default_factory=list)
    auto: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    plurals: dict[int, str] = field(default_factory=dict)
    # the line of each field, for problems
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def started(self) -> bool:
        return bool(self.fields or self.plurals)


class _Reader:
    """A PO lexer that notes every problem and goes on."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str, column: int = 1) -> None:
        self.problems.append(Problem(self.name, line, column, "", message))

    def entries(self, lines: list[str]) -> list[_Entry]:
        entries: list[_Entry] = []
        entry = _Entry()
        # where the last string went, for continuation lines: (kind, key)
        target: tuple[str, str | int] | None = None
        for number, raw in enumerate(lines, start=1):
            line = raw.strip()
            if not line:
                continue
            obsolete = line.startswith("#~")
            if obsolete:
                # "#~| msgid" is the previous msgid of an obsolete message.
                line = line[2:].strip()
                line = f"#{line}" if line.startswith("|") else line
            comment = line.startswith("#") and not line.startswith("#|")
            # Any "#" line after a message starts the next one: a previous msgid
            # ("#|", "#~|") too, which the next message may carry without a flag.
            if (line.startswith("#") or KEYWORD.match(line)) and self._ends(entry, line, target):
                entries.append(entry)
                entry, target = _Entry(), None
            if line.startswith("#|"):
                target = self._previous(entry, line[2:].strip(), number, target)
                continue
            if comment:
                self._comment(entry, line, number)
                target = None
                continue
            entry.obsolete = entry.obsolete or obsolete
            target = self._string_line(entry, line, number, target)
        if entry.started or entry.user or entry.auto:
            entries.append(entry)
        return entries

    @staticmethod
    def _ends(entry: _Entry, line: str, target: tuple[str, str | int] | None) -> bool:
        """Whether ``line`` starts a new entry after ``entry``."""
        if not entry.started:
            return False
        if line.startswith("#"):
            return True
        keyword = KEYWORD.match(line)
        assert keyword is not None
        kind = keyword.group(1)
        return kind in ("msgctxt", "msgid") and ("msgid" in entry.fields or kind == "msgctxt")

    def _comment(self, entry: _Entry, line: str, number: int) -> None:
        kind, body = line[1:2], line[2:].strip() if len(line) > 1 else ""
        if kind == ".":
            entry.auto.append(body)
        elif kind == ":":
            entry.locations += body.split()
        elif kind == ",":
            entry.flags += [flag.strip() for flag in body.split(",") if flag.strip()]
        else:
            entry.user.append(line[2:] if line.startswith("# ") else line[1:])
        if not entry.line:
            entry.line = number

    def _previous(
        self, entry: _Entry, line: str, number: int, target: tuple[str, str | int] | None
    ) -> tuple[str, str | int] | None:
        keyword = KEYWORD.match(line)
        if keyword:
            key = keyword.group(1)
            entry.previous[key] = self.string(keyword.group(3), number)
            return ("previous", key)
        if line.startswith('"') and target and target[0] == "previous":
            entry.previous[str(target[1])] += self.string(line, number)
            return target
        self.problem(number, f"not a PO line: {line[:40]!r}")
        return None

    def _string_line(
        self, entry: _Entry, line: str, number: int, target: tuple[str, str | int] | None
    ) -> tuple[str, str | int] | None:
        keyword = KEYWORD.match(line)
        if keyword:
            kind, index, value = keyword.groups()
            string = self.string(value, number)
            entry.line = entry.line or number
            if index is not None:
                plural = int(index)
                if plural in entry.plurals:
                    self.problem(number, f"msgstr[{plural}] given twice")
                entry.plurals[plural] = string
                entry.lines.setdefault("msgstr", number)
                return ("plural", plural)
            if kind in entry.fields:
                self.problem(number, f"{kind} given twice in one entry")
            entry.fields[kind] = string
            entry.lines[kind] = number
            return ("field", kind)
        if line.startswith('"') and target is not None and target[0] != "previous":
            kind, key = target
            if kind == "plural":
                entry.plurals[int(key)] += self.string(line, number)
            else:
                entry.fields[str(key)] += self.string(line, number)
            return target
        self.problem(number, f"not a PO line: {line[:40]!r}")
        return None

    def string(self, token: str, number: int) -> str:
        """The value of one quoted string token; a problem if it is not one."""
        if not token.startswith('"'):
            self.problem(number, f"expected a quoted string, got {token[:20]!r}")
            return ""
        body = token[1:]
        end = _closing_quote(body)
        if end is None:
            self.problem(number, 'unterminated string: it needs a closing "')
            return self._unescape(body, number)
        if body[end + 1 :].strip():
            self.problem(number, f"text after the closing quote: {body[end + 1 :][:20]!r}")
        return self._unescape(body[:end], number)

    def _unescape(self, body: str, number: int) -> str:
        def replace(match: re.Match[str]) -> str:
            simple, octal, hexa, other = match.groups()
            if simple:
                return SIMPLE_ESCAPES[simple]
            if octal:
                return chr(int(octal, 8))
            if hexa:
                return chr(int(hexa, 16))
            self.problem(number, f"invalid escape \\{other}: write \\\\ for a backslash")
            return other or ""

        return ESCAPE.sub(replace, body)

    def catalog(self, entries: list[_Entry], tag: str | None, newline: str) -> PoFile:
        header = next((e for e in entries if _is_header(e)), None)
        headers = _headers(header.fields.get("msgstr", "")) if header else []
        catalog = Catalog(locale=locale_name(tag) if tag else None, fuzzy=False)
        header_problems = []
        for name, value in headers:
            if not value or (name == "Language" and tag):
                continue
            try:
                catalog.mime_headers = [(name, value)]
            except ValueError:
                self.problem(header.line if header else 1, f"header {name}: {value!r} is not valid")
                header_problems.append(self.problems[-1])
        if header is not None:
            catalog.header_comment = "\n".join(f"#{c}" if c else "#" for c in _raw(header))
            catalog.fuzzy = "fuzzy" in header.flags
        seen: dict[tuple[str, str | None], int] = {}
        for entry in entries:
            if entry is header:
                continue
            message = self._message(entry, catalog.num_plurals)
            if message is None:
                continue
            key = (_first(message.id), message.context)
            if entry.obsolete:
                catalog.obsolete[obsolete_key(*key)] = message
                continue
            if key in seen:
                self.problem(
                    entry.lines.get("msgid", entry.line),
                    f"duplicate message definition (first defined at line {seen[key]})",
                )
                continue
            seen[key] = entry.lines.get("msgid", entry.line)
            catalog[message.id] = message
        layout = Layout(newline, tuple(headers))
        return PoFile(catalog, layout, tuple(self.problems), tuple(header_problems))

    def _message(self, entry: _Entry, nplurals: int) -> Message | None:
        if "msgid" not in entry.fields:
            if entry.started:
                self.problem(entry.line, "an entry without msgid")
            return None
        line = entry.lines["msgid"]
        msgid: str | tuple[str, ...] = entry.fields["msgid"]
        string: str | tuple[str, ...]
        if "msgid_plural" in entry.fields:
            msgid = (entry.fields["msgid"], entry.fields["msgid_plural"])
            if "msgstr" in entry.fields:
                self.problem(entry.lines["msgstr"], "a plural message needs msgstr[0], msgstr[1]…")
            indices = sorted(entry.plurals)
            if indices != list(range(len(indices))) or (
                not entry.obsolete and len(indices) != nplurals
            ):
                self.problem(
                    entry.lines.get("msgstr", line),
                    f"{len(indices)} plural forms (msgstr[…]) where the Plural-Forms header "
                    f"says nplurals={nplurals}",
                )
            string = tuple(entry.plurals.get(i, "") for i in range(max(nplurals, len(indices))))
        else:
            if entry.plurals:
                self.problem(entry.lines["msgstr"], "msgstr[…] in a message without msgid_plural")
            if "msgstr" not in entry.fields and not entry.plurals:
                self.problem(line, "msgid without msgstr")
            string = entry.fields.get("msgstr", "")
        previous = [entry.previous[k] for k in ("msgid", "msgid_plural") if k in entry.previous]
        message = Message(
            msgid,
            string,
            locations=babel_locations(_location(text) for text in entry.locations),
            auto_comments=entry.auto,
            user_comments=entry.user,
            previous_id=previous,
            lineno=line,
            context=entry.fields.get("msgctxt"),
        )
        # The file's flags, exactly: Babel guesses python-format from the text,
        # and a summit text such as "50% of" is not a format string.
        message.flags = set(entry.flags)
        return message


def _closing_quote(body: str) -> int | None:
    escaped = False
    for index, char in enumerate(body):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            return index
    return None


def _is_header(entry: _Entry) -> bool:
    return entry.fields.get("msgid") == "" and "msgctxt" not in entry.fields and not entry.obsolete


def _raw(entry: _Entry) -> list[str]:
    """The header entry's translator comments as lines after ``#``."""
    return [f" {c}" if c else "" for c in entry.user]


def _headers(value: str) -> list[tuple[str, str]]:
    headers = []
    for line in value.split("\n"):
        name, colon, rest = line.partition(":")
        if colon and name.strip():
            headers.append((name.strip(), rest.strip()))
    return headers


def _location(text: str) -> tuple[str, int | None]:
    filename, colon, number = text.rpartition(":")
    if colon and number.isdigit():
        return filename, int(number)
    return text, None


def _first(msgid: str | tuple[str, ...] | list[str]) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def first_id(message: Message) -> str:
    """The msgid of a message, the singular of a plural one."""
    return _first(message.id)


def strings(message: Message) -> list[str]:
    """The msgstr of a message as a list: one item, or one per plural form."""
    string = message.string
    # None (Babel's Catalog.add default) is written as msgstr "", as render does.
    return list(string) if isinstance(string, (list, tuple)) else [string or ""]


def obsolete_key(msgid: str, context: str | None) -> str | tuple[str, str]:
    """The key of a message in ``Catalog.obsolete``, as Babel makes it."""
    return msgid if context is None else (msgid, context)


def babel_locations(locations: Iterable[tuple[str, int | None]]) -> list[tuple[str, int]]:
    """``#:`` locations for ``Message``, some without a line number."""
    # Babel's read_po stores a location without a line number as (file, None),
    # but its annotations say Message.locations holds ints only.
    return cast(list[tuple[str, int]], list(locations))


# --- writing ---------------------------------------------------------------------------


def render(catalog: Catalog, layout: Layout | None = None, *, line_numbers: bool = False) -> bytes:
    """The bytes of a catalog as every step writes it."""
    layout = layout or Layout()
    lines = [*catalog.header_comment.splitlines()]
    if catalog.fuzzy:
        lines.append("#, fuzzy")
    lines += ['msgid ""', 'msgstr ""']
    lines += [_quote(f"{name}: {value}\n") for name, value in _header_lines(catalog, layout)]
    lines.append("")
    nplurals = catalog.num_plurals
    for message in catalog:
        if message.id:
            lines += _entry(message, nplurals, line_numbers)
            lines.append("")
    for message in catalog.obsolete.values():
        lines += [f"# {c}" if c else "#" for c in message.user_comments]
        # msgmerge's form: "#~| msgid", the previous source of an obsolete message
        lines += [f"#~{line[1:]}" for line in _previous_lines(message)]
        lines += [f"#~ {line}" for line in _fields(message, nplurals)]
        lines.append("")
    # Each entry ends with an empty line, the last one too, as xgettext writes.
    return (layout.newline.join(lines) + layout.newline).encode("utf-8")


def _header_lines(catalog: Catalog, layout: Layout) -> list[tuple[str, str]]:
    """The headers: the file's own order and X-* headers, Babel's current values."""
    current = {
        name: _no_placeholder(value.strip())
        for name, value in catalog.mime_headers
        if name in KNOWN_HEADERS
    }
    if not current.get("PO-Revision-Date"):
        # Never revised: Babel's read_po cannot parse an empty date.
        current["PO-Revision-Date"] = current["POT-Creation-Date"]
    if catalog.locale is None:
        # A template has no language yet; msgfmt expects the field, empty.
        current.pop("Plural-Forms", None)
        current["Language"] = ""
    headers = []
    for name, value in layout.headers:
        if name in KNOWN_HEADERS:
            if name in current:
                headers.append((name, current.pop(name)))
        elif name != "Generated-By":
            headers.append((name, value))
    order = [name for name in KNOWN_HEADERS if name in current]
    return headers + [(name, current[name]) for name in order]


def _no_placeholder(value: str) -> str:
    return "" if any(p in value for p in PLACEHOLDERS) else value


def _entry(message: Message, nplurals: int, line_numbers: bool) -> Iterator[str]:
    yield from (f"# {c}" if c else "#" for c in message.user_comments)
    yield from (f"#. {c}" for c in message.auto_comments)
    locations = list(
        dict.fromkeys(
            f"{name}:{number}" if number and line_numbers else name
            for name, number in message.locations
        )
    )
    yield from _wrapped_locations(locations)
    if message.flags:
        yield f"#, {', '.join(sorted(message.flags))}"
    yield from _previous_lines(message)
    yield from _fields(message, nplurals)


def _previous_lines(message: Message) -> Iterator[str]:
    """The ``#|`` lines of a message's previous msgid (and msgid_plural), unwrapped."""
    for keyword, value in zip(("msgid", "msgid_plural"), message.previous_id or (), strict=False):
        yield from _string(f"#| {keyword}", value, "#| ")


def _wrapped_locations(locations: list[str]) -> Iterator[str]:
    """``#:`` lines of file names, up to 76 columns, never splitting a name (as xgettext)."""
    line = ""
    for location in locations:
        if line and len(line) + 1 + len(location) > 73:
            yield f"#: {line}"
            line = ""
        line = f"{line} {location}" if line else location
    if line:
        yield f"#: {line}"


def _fields(message: Message, nplurals: int) -> Iterator[str]:
    if message.context is not None:
        yield from _string("msgctxt", message.context)
    if isinstance(message.id, (list, tuple)):
        yield from _string("msgid", message.id[0])
        yield from _string("msgid_plural", message.id[1])
        forms = list(message.string) if isinstance(message.string, (list, tuple)) else []
        for index in range(max(nplurals, len(forms))):
            yield from _string(f"msgstr[{index}]", forms[index] if index < len(forms) else "")
    else:
        yield from _string("msgid", message.id)
        yield from _string("msgstr", strings(message)[0])


def _string(keyword: str, value: str, prefix: str = "") -> Iterator[str]:
    """A keyword and its string, one line per line of the text (never wrapped)."""
    parts = value.splitlines(keepends=True)
    if len(parts) <= 1:
        yield f"{keyword} {_quote(value)}"
        return
    yield f'{keyword} ""'
    yield from (f"{prefix}{_quote(part)}" for part in parts)


def _quote(value: str) -> str:
    escaped = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\t", "\\t")
        .replace("\r", "\\r")
        .replace("\n", "\\n")
    )
    return f'"{escaped}"'


def write_dated(
    path: Path,
    catalog: Catalog,
    now: dt.datetime | None = None,
    *,
    layout: Layout | None = None,
    line_numbers: bool = False,
) -> bool:
    """Write ``catalog`` with a creation date that moves only when its messages do.

    An unchanged catalog is not rewritten, so re-running a step never churns
    the POT-Creation-Date line of a diff.
    """
    if path.exists():
        # A file that no longer parses is simply replaced below.
        with contextlib.suppress(DataError):
            _dated(catalog, read(path).catalog.creation_date)
        if path.read_bytes() == render(catalog, layout, line_numbers=line_numbers):
            return False
    _dated(catalog, (now or dt.datetime.now(dt.UTC)).replace(second=0, microsecond=0))
    return write(path, render(catalog, layout, line_numbers=line_numbers))


def _dated(catalog: Catalog, when: dt.datetime | str) -> None:
    catalog.creation_date = when
    if catalog.locale is None:
        # A template's revision date is its creation date, not a placeholder.
        catalog.revision_date = when


def write(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly that; True if written."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomically(path, data)
    return True
