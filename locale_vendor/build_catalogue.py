"""Build the Khmer catalogue of the third-party strings our pages show.

Run it with the project's interpreter whenever a package is upgraded:

    .venv/bin/python locale_vendor/build_catalogue.py            # add new msgids, keep every translation
    .venv/bin/python locale_vendor/build_catalogue.py --prune    # also drop msgids no package needs any more
    .venv/bin/python locale_vendor/build_catalogue.py --import batch.json   # fill msgstrs from {msgid: msgstr}

The msgids come from the installed packages' own catalogues and sources:

* django-allauth: every msgid of its English catalogue whose source reference lies in a part we use
  (account, mfa without WebAuthn, core, and their templates and e-mails);
* Django: the msgids of the parts our pages show (forms, validators, auth, model field validation,
  dates, humanize, ...) that Django's own km catalogue leaves empty or fuzzy, plus the few that it
  translates wrongly (DJANGO_OVERRIDES);
* django-countries: every string the package marks for translation (official and common names).

locale_vendor/km/LC_MESSAGES/django.po is the source of truth for the translations: the script keeps
every msgstr already there and adds new msgids with an empty msgstr, which the completeness test
(tests/test_catalogues.py) then refuses until someone translates them.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import allauth
import django
import django_countries

HERE = Path(__file__).resolve().parent
CATALOGUE = HERE / "km" / "LC_MESSAGES" / "django.po"
ALLAUTH = Path(allauth.__file__).resolve().parent
DJANGO = Path(django.__file__).resolve().parent
COUNTRIES = Path(django_countries.__file__).resolve().parent

HEADER = """\
# Khmer translations of the third-party strings the site shows (Django, django-allauth,
# django-countries). Built by locale_vendor/build_catalogue.py; makemessages never rewrites it.
msgid ""
msgstr ""
"Project-Id-Version: atf-cop vendor strings\\n"
"Report-Msgid-Bugs-To: \\n"
"Language-Team: Khmer\\n"
"Language: km\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"
"""

# --- allauth: the parts of the package we use (by source reference in its catalogue).
ALLAUTH_PREFIXES = (
    "account/",
    "mfa/",
    "core/",
    "app_settings",
    "utils",
    "templates/account/",
    "templates/mfa/",
    "templates/allauth/",
)
ALLAUTH_EXCLUDED = ("webauthn", "passkey")

# --- Django: (catalogue, reference prefixes) of the parts our pages show.
DJANGO_SOURCES = {
    "conf": (
        "forms/",
        "core/validators.py",
        "core/paginator.py",
        "db/models/",
        "utils/dates.py",
        "utils/dateformat.py",
        "utils/timesince.py",
        "utils/text.py",
        "utils/ipv6.py",
        "views/csrf.py",
        "views/generic/",
        "template/defaultfilters.py",
        "shortcuts.py",
    ),
    "contrib/auth": ("",),
    "contrib/humanize": ("",),
}
# msgids that Django's km catalogue translates, but wrongly (or misspelt); we replace them.
DJANGO_OVERRIDES = {
    "Enter a whole number.",  # "fill in all numbers"
    "Integer",  # "real number"
    "Comma-separated integers",
    "The submitted file is empty.",  # "there is no file"
    "No file was submitted. Check the encoding type on the form.",  # "check the file type"
    "Upload a valid image. The file you uploaded was either not an image or a corrupted image.",  # "downloaded"
    "Delete",  # misspelt
    "Yes",  # "agree"
    "No",  # "disagree"
    "yes,no,maybe",
    "feb",  # misspelt
    "March",  # misspelt (មិនា); also "mar", "abbrev. month" and "alt. month" March
    "mar",
    "Unknown",  # "don't know"
    "password",  # old spelling; ours is ពាក្យសម្ងាត់ everywhere
    "last login",
    "superuser status",  # misspelt
    "username",
    "users",
}


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=lambda: [""])
    flags: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # "#." extracted comments

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


# --- A tiny .po reader and writer (polib is not a dependency).


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), text
    body = text[1:-1]
    return re.sub(r'\\(["\\ntr])', lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), body)


def read_po(path: Path) -> list[Entry]:
    """Entries of a .po file (the header entry and obsolete "#~" entries are left out)."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None
    values: dict = {}

    def finish():
        nonlocal current, values
        if current is not None and "msgid" in values:
            current.msgid = values["msgid"]
            current.msgctxt = values.get("msgctxt")
            current.msgid_plural = values.get("msgid_plural")
            if current.msgid_plural is not None:
                n = max((k[1] for k in values if isinstance(k, tuple)), default=0) + 1
                current.msgstr = [values.get(("msgstr", i), "") for i in range(n)]
            else:
                current.msgstr = [values.get("msgstr", "")]
            if current.msgid:
                entries.append(current)
        current, values = None, {}

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            target = None
            continue
        if line.startswith("#~"):
            continue
        if current is None:
            current = Entry(msgid="")
        if line.startswith("#,"):
            current.flags += [f.strip() for f in line[2:].split(",") if f.strip()]
        elif line.startswith("#:"):
            current.references += line[2:].split()
        elif line.startswith("#."):
            current.comments.append(line[2:].strip())
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if target is not None:
                key = target if target[1] >= 0 else target[0]
                values[key] = values.get(key, "") + _unquote(line)
        else:
            keyword, _, rest = line.partition(" ")
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if match:
                target = ("msgstr", int(match.group(1)))
                values[target] = _unquote(rest)
            elif keyword in ("msgid", "msgid_plural", "msgstr", "msgctxt"):
                if keyword in ("msgid", "msgctxt") and "msgid" in values:  # no blank line between entries
                    finish()
                    current = Entry(msgid="")
                target = (keyword, -1)
                values[keyword] = _unquote(rest)
    finish()
    return entries


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    if "\n" not in text.rstrip("\n") and len(escaped) < 70:
        return '"' + escaped.replace("\n", "\\n") + '"'
    parts = [p + "\\n" for p in escaped.split("\n")]
    parts[-1] = parts[-1][:-2]
    return '""\n' + "\n".join(f'"{p}"' for p in parts if p)


def write_po(path: Path, entries: list[Entry]) -> None:
    out = [HEADER]
    for entry in entries:
        lines = [f"#. {c}" for c in entry.comments]
        if entry.references:
            lines.append("#: " + " ".join(entry.references))
        flags = [f for f in entry.flags if f != "fuzzy"]
        if flags:
            lines.append("#, " + ", ".join(flags))
        if entry.msgctxt is not None:
            lines.append("msgctxt " + _quote(entry.msgctxt))
        lines.append("msgid " + _quote(entry.msgid))
        if entry.msgid_plural is not None:
            lines.append("msgid_plural " + _quote(entry.msgid_plural))
            for i, text in enumerate(entry.msgstr):
                lines.append(f"msgstr[{i}] " + _quote(text))
        else:
            lines.append("msgstr " + _quote(entry.msgstr[0]))
        out.append("\n".join(lines) + "\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out), encoding="utf-8")


# --- Collecting the msgids.


def _source_entry(entry: Entry, origin: str, references: list[str]) -> Entry:
    return Entry(
        msgid=entry.msgid,
        msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural,
        msgstr=[""],
        flags=[f for f in entry.flags if f.endswith("-format") and not f.startswith("no-")],
        references=[f"{origin}/{r}" for r in references],
    )


def allauth_entries() -> list[Entry]:
    found = []
    for entry in read_po(ALLAUTH / "locale" / "en" / "LC_MESSAGES" / "django.po"):
        refs = [
            r for r in entry.references if r.startswith(ALLAUTH_PREFIXES) and not any(x in r for x in ALLAUTH_EXCLUDED)
        ]
        if refs:
            found.append(_source_entry(entry, "allauth", refs))
    return found


def django_entries() -> list[Entry]:
    found = []
    for catalogue, prefixes in DJANGO_SOURCES.items():
        base = DJANGO / catalogue / "locale"
        translated = {
            e.key
            for e in read_po(base / "km" / "LC_MESSAGES" / "django.po")
            if all(e.msgstr) and "fuzzy" not in e.flags
        }
        for entry in read_po(base / "en" / "LC_MESSAGES" / "django.po"):
            refs = [r for r in entry.references if r.startswith(prefixes)]
            if not refs:
                continue
            if entry.key in translated and entry.msgid not in DJANGO_OVERRIDES:
                continue
            origin = "django" if catalogue == "conf" else f"django/{catalogue}"
            found.append(_source_entry(entry, origin, refs))
    return found


GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext", "ngettext_lazy"}


def countries_entries() -> list[Entry]:
    """Every string django-countries marks for translation in its modules (its tests aside)."""
    found: dict[tuple[str | None, str], Entry] = {}
    for path in sorted(COUNTRIES.rglob("*.py")):
        relative = path.relative_to(COUNTRIES.parent).as_posix()
        if "/tests/" in relative:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id not in GETTEXT_NAMES or not node.args:
                continue
            strings = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if not strings:
                continue
            if node.func.id.startswith("pgettext"):
                msgctxt, msgid = strings[0], strings[1]
            else:
                msgctxt, msgid = None, strings[0]
            key = (msgctxt, msgid)
            if key not in found:
                flags = ["python-format"] if re.search(r"%(\(\w+\))?[sd]", msgid) else []
                found[key] = Entry(msgid=msgid, msgctxt=msgctxt, flags=flags)
            found[key].references.append(f"{relative}:{node.lineno}")
    return list(found.values())


def wanted_entries() -> tuple[dict[tuple[str | None, str], Entry], dict[str, int]]:
    """The entries the packages need, by (msgctxt, msgid), and how many each package brings."""
    wanted: dict[tuple[str | None, str], Entry] = {}
    counts: dict[str, int] = {}
    for origin, collect in (("allauth", allauth_entries), ("django", django_entries), ("countries", countries_entries)):
        n = 0
        for entry in collect():
            if entry.key in wanted:  # the same msgid from two packages: one entry, both references
                wanted[entry.key].references += entry.references
                continue
            wanted[entry.key] = entry
            n += 1
        counts[origin] = n
    return wanted, counts


def missing_msgids() -> list[tuple[str | None, str]]:
    """Keys the packages need that the catalogue lacks (after a package upgrade: run this script)."""
    present = {e.key for e in read_po(CATALOGUE)} if CATALOGUE.exists() else set()
    return [key for key in wanted_entries()[0] if key not in present]


def build(prune: bool = False, imports: list[Path] | None = None) -> dict[str, int]:
    existing = {e.key: e for e in read_po(CATALOGUE)} if CATALOGUE.exists() else {}
    wanted, counts = wanted_entries()
    translations: dict[str, object] = {}
    for path in imports or []:
        translations.update(json.loads(path.read_text(encoding="utf-8")))
    entries = []
    for key, entry in wanted.items():
        old = existing.get(key)
        if old is not None and any(old.msgstr):
            entry.msgstr = old.msgstr
        imported = translations.get(entry.msgid if key[0] is None else f"{key[0]}\x04{key[1]}")
        if imported:
            entry.msgstr = imported if isinstance(imported, list) else [imported]
        entries.append(entry)
    stale = [e for k, e in existing.items() if k not in wanted]
    if stale and not prune:
        entries += stale
        print(f"kept {len(stale)} msgids no package asks for now (--prune drops them)", file=sys.stderr)
    write_po(CATALOGUE, entries)
    counts["empty"] = sum(1 for e in entries if not all(e.msgstr))
    counts["total"] = len(entries)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prune", action="store_true", help="drop msgids that no package asks for any more")
    parser.add_argument(
        "--import",
        dest="imports",
        type=Path,
        action="append",
        help='a JSON file {msgid: msgstr or [msgstr]} (msgctxt + "\\x04" + msgid for a context) to fill in',
    )
    parser.add_argument("--check", action="store_true", help="only report msgids the catalogue lacks (exit 1 if any)")
    args = parser.parse_args()
    if args.check:
        missing = missing_msgids()
        for msgctxt, msgid in missing:
            print(f"missing: {msgid!r}" + (f" (context {msgctxt!r})" if msgctxt else ""))
        sys.exit(1 if missing else 0)
    counts = build(prune=args.prune, imports=args.imports)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
