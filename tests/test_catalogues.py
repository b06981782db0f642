"""The Khmer catalogues are complete: every msgid translated, none fuzzy, placeholders kept.

Two catalogues: locale/ (our own strings, from makemessages) and locale_vendor/ (the third-party
strings our pages show, built by locale_vendor/build_catalogue.py).
"""

import ast
import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

BASE = Path(settings.BASE_DIR)
OURS = BASE / "locale" / "km" / "LC_MESSAGES" / "django.po"
VENDOR = BASE / "locale_vendor" / "km" / "LC_MESSAGES" / "django.po"


# --- A tiny .po parser (polib is not a dependency).


def parse_po(path):
    """Entries of a .po file as dicts: msgctxt, msgid, msgid_plural, msgstr (list), flags, line.

    The header entry and obsolete "#~" entries are left out.
    """
    entries = []
    entry, key = None, None

    def close():
        nonlocal entry
        if entry is not None and entry.get("msgid"):
            forms = sorted(k for k in entry if isinstance(k, int))
            entry["msgstr"] = [entry.pop(k) for k in forms] if forms else [entry.get("msgstr", "")]
            entries.append(entry)
        entry = None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line:
                close()
            continue
        if entry is None:
            entry = {"flags": set(), "line": number}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            keyword, _, rest = line.partition(" ")
            plural = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            key = int(plural.group(1)) if plural else keyword
            if key in ("msgid", "msgctxt") and "msgid" in entry:  # entries without a blank line between
                close()
                entry = {"flags": set(), "line": number}
            entry[key] = ast.literal_eval(rest)
    close()
    return entries


def test_parser_reads_plurals_contexts_and_flags(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: km\\n"\n\n'
        '#, fuzzy, python-format\nmsgctxt "ctx"\nmsgid "a %s"\nmsgstr ""\n"b "\n"%s"\n\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "x"\n\n'
        '#~ msgid "old"\n#~ msgstr "gone"\n',
        encoding="utf-8",
    )
    first, second = parse_po(po)
    assert (first["msgctxt"], first["msgid"], first["msgstr"]) == ("ctx", "a %s", ["b %s"])
    assert first["flags"] == {"fuzzy", "python-format"}
    assert (second["msgid_plural"], second["msgstr"]) == ("many", ["x"])


# --- Completeness of both catalogues.

PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([sdrifeEgGxXoc%])")
BRACES = re.compile(r"(?<!\{)\{(\w*)(?:[:!][^{}]*)?\}(?!\})")


def placeholders(text, flags):
    """What a translation must carry over: %-conversions (in python-format) and {fields}."""
    found = Counter(f"{{{name}}}" for name in BRACES.findall(text))
    if "python-format" in flags:
        for name, conversion in PERCENT.findall(text):
            if conversion != "%":
                found[f"%({name}){conversion}" if name else f"%{conversion}"] += 1
    return found


def catalogue(path):
    if not path.exists():
        pytest.skip(f"{path.relative_to(BASE)} does not exist yet")
    entries = parse_po(path)
    assert entries, f"{path} has no entries"
    return entries


def where(path, entry):
    return f"{path.relative_to(BASE)}:{entry['line']} {entry['msgid'][:60]!r}"


@pytest.mark.parametrize("path", [OURS, VENDOR], ids=["locale", "locale_vendor"])
def test_every_entry_is_translated_and_not_fuzzy(path):
    entries = catalogue(path)
    empty = [where(path, e) for e in entries if not all(form.strip() for form in e["msgstr"])]
    fuzzy = [where(path, e) for e in entries if "fuzzy" in e["flags"]]
    assert not empty, "untranslated:\n" + "\n".join(empty)
    assert not fuzzy, "fuzzy:\n" + "\n".join(fuzzy)


@pytest.mark.parametrize("path", [OURS, VENDOR], ids=["locale", "locale_vendor"])
def test_translations_keep_the_placeholders(path):
    wrong = []
    for entry in catalogue(path):
        # Khmer has one plural form, which stands for every number: it carries the plural's placeholders.
        source = entry.get("msgid_plural", entry["msgid"])
        expected = placeholders(source, entry["flags"])
        for form in entry["msgstr"]:
            got = placeholders(form, entry["flags"])
            if got != expected:
                wrong.append(f"{where(path, entry)}: expected {dict(expected)}, got {dict(got)}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


@pytest.mark.parametrize("path", [OURS, VENDOR], ids=["locale", "locale_vendor"])
def test_no_duplicate_entries(path):
    keys = Counter((e.get("msgctxt"), e["msgid"]) for e in catalogue(path))
    assert not [key for key, n in keys.items() if n > 1]


def test_vendor_catalogue_has_every_msgid_the_packages_ask_for(monkeypatch):
    """After upgrading Django, allauth or django-countries: run locale_vendor/build_catalogue.py."""
    spec = importlib.util.spec_from_file_location("build_catalogue", BASE / "locale_vendor" / "build_catalogue.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    assert module.missing_msgids() == []


# --- The strings our pages show come out in Khmer.

SHOWN = [
    # allauth: sign-in, sign-up and account pages, their messages and e-mails
    "Sign In",
    "Sign Up",
    "Sign Out",
    "Forgot your password?",
    "Remember Me",
    "Password (again)",
    "A user is already registered with this email address.",
    "The email address and/or password you specified are not correct.",
    "Two-Factor Authentication",
    "Recovery Codes",
    "Please Confirm Your Email Address",
    # Django: form validation
    "This field is required.",
    "Enter a valid email address.",
    "Enter a valid date.",
    "Select a valid choice. That choice is not one of the available choices.",
    # django.contrib.auth's password validators' help texts
    "Your password can’t be a commonly used password.",
    "Your password can’t be entirely numeric.",
]


@pytest.mark.parametrize("msgid", SHOWN)
def test_shown_strings_are_khmer(msgid):
    with translation.override("km"):
        assert translation.gettext(msgid) != msgid


def khmer(text):
    return bool(re.search(r"[\u1780-\u17ff]", str(text)))


def test_validators_speak_khmer():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.core.validators import MaxLengthValidator

    with translation.override("km"):
        with pytest.raises(ValidationError) as raised:
            MaxLengthValidator(5)("abcdefgh")
        [message] = raised.value.messages
        assert khmer(message) and "5" in message and "8" in message

        with pytest.raises(ValidationError) as raised:
            validate_password("12345678")
        assert raised.value.messages
        assert all(khmer(m) for m in raised.value.messages), raised.value.messages


def test_country_names_are_khmer():
    from django_countries import countries

    with translation.override("km"):
        names = dict(countries)
        assert names["KH"] == "កម្ពុជា"
        assert names["TH"] == "ថៃ"
        assert names["VN"] == "វៀតណាម"
        assert all(khmer(name) for name in names.values())
