"""Pages cut out of a merged PDF into a PDF of their own, about the size of the same item printed alone.

WeasyPrint gives every page of a document one shared resources dictionary (every font and image of the document)
and subsets each font to the glyphs of all its pages. A print job renders its items a chunk at a time into one
document (documents.printing), so a page copied out as it is would carry the chunk's every image and font, each
with the chunk's glyphs. `pages_pdf` keeps, for the pages it is given, only the resources their content streams
name (forms and tiling patterns in turn by their own content), subsets each font kept again to the glyphs the
pages show (documents.font_subset; glyph ids are kept, so text, widths and the text layer stay as they are), and
writes them as WeasyPrint writes a document (pydyf, its objects in a compressed object stream).

What a content stream names and shows is read by `_scan`: names, literal and hexadecimal strings, operators. It
reads what WeasyPrint (pydyf) writes: hexadecimal glyph strings, literal strings with every parenthesis escaped. A
stream with an inline image (whose bytes are no tokens) keeps all its resources; a font shown with anything but
hexadecimal strings keeps all its glyphs. Keeping a resource or a glyph too many is harmless; neither is ever
dropped while a page uses it.
"""

import re
import zlib
from io import BytesIO

import pydyf
from pypdf import PageObject
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    StreamObject,
    TextStringObject,
)

from .font_subset import subset_program

# The kinds of resources a content stream calls by name (`/F3 12 Tf`, `/i7 Do`, `/s2 gs`, `/p0 scn`, `/s1 sh`).
NAMED_RESOURCES = ("/Font", "/XObject", "/ExtGState", "/Pattern", "/Shading")
TEXT_OPERATORS = (b"TJ", b"Tj", b"'", b'"')
_TOKEN = re.compile(
    rb"""(?P<literal>\((?:\\.|[^\\()])*\))
    | <<|>>
    | <(?P<hex>[0-9A-Fa-f\s]*)>
    | /(?P<name>[^\s()<>\[\]{}/%]*)
    | (?P<operator>[A-Za-z'"][A-Za-z0-9*'"]*)""",
    re.VERBOSE | re.DOTALL,
)
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
ALL = None  # a font whose glyphs could not be read: it keeps them all


def _name(raw: bytes) -> str:
    return "/" + _NAME_ESCAPE.sub(lambda match: bytes([int(match[1], 16)]), raw).decode("latin-1")


def _codes(digits: bytes) -> list[int]:
    """The two-byte codes (glyph ids, under Identity-H) of a hexadecimal string's digits."""
    if len(digits) == 4:  # WeasyPrint writes a glyph a string
        return [int(digits, 16)]
    digits = b"".join(digits.split())
    data = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]


def _scan(content: bytes) -> tuple[set[str], dict[str, set[int] | None]] | None:
    """(the names `content` uses, the glyph codes it shows by font resource name, ALL when unreadable), or None
    when it has an inline image."""
    names: set[str] = set()
    shown: dict[str, set[int] | None] = {}
    operands: list[tuple[str, bytes]] = []
    font = None
    for match in _TOKEN.finditer(content):
        kind = match.lastgroup
        if kind == "operator":
            operator = match["operator"]
            if operator in (b"true", b"false", b"null"):
                continue
            if operator == b"BI":
                return None
            if operator == b"Tf":
                font = next((_name(value) for kind, value in reversed(operands) if kind == "name"), None)
            elif operator in TEXT_OPERATORS and font is not None and shown.get(font, set()) is not ALL:
                if any(kind == "literal" for kind, _value in operands):
                    shown[font] = ALL
                else:
                    codes = shown.setdefault(font, set())
                    for kind, value in operands:
                        if kind == "hex":
                            codes.update(_codes(value))
            operands = []
        elif kind == "name":
            names.add(_name(match["name"]))
            operands.append((kind, match["name"]))
        elif kind in ("hex", "literal"):
            operands.append((kind, match[kind]))
    return names, shown


def _shows(glyphs: dict[str, set[int] | None], font, codes) -> None:
    """Add what a page shows of `font` to `glyphs`, by the font's /BaseFont (two fonts of one name pool theirs)."""
    base = str(font.get_object().get("/BaseFont"))
    if codes is ALL or glyphs.get(base, set()) is ALL:
        glyphs[base] = ALL
    else:
        glyphs.setdefault(base, set()).update(codes)


def _pruned(resources: DictionaryObject, content: bytes, glyphs: dict) -> DictionaryObject:
    """`resources` with, of each named kind, only what `content` names; the forms and patterns kept are pruned in
    place by their own content (each belongs to the page that draws it). Records the glyphs shown in `glyphs`."""
    scanned = _scan(content)
    if scanned is None:
        for font in resources.get("/Font", DictionaryObject()).get_object().values():
            _shows(glyphs, font, ALL)
        return resources
    names, shown = scanned
    pruned = DictionaryObject()
    for kind, value in resources.items():
        entries = value.get_object()
        if kind in NAMED_RESOURCES and isinstance(entries, DictionaryObject):
            value = DictionaryObject({NameObject(name): ref for name, ref in entries.items() if name in names})
            for name, ref in value.items():
                inner = ref.get_object()
                if kind == "/Font":
                    _shows(glyphs, inner, shown.get(name, set()))
                elif isinstance(inner, StreamObject) and "/Resources" in inner:
                    own = inner["/Resources"].get_object()
                    inner[NameObject("/Resources")] = _pruned(own, inner.get_data(), glyphs)
        pruned[NameObject(kind)] = value
    return pruned


def _fonts(resources, found: dict[int, DictionaryObject]) -> None:
    """Every font of `resources` and of the forms and patterns in it, by identity."""
    resources = resources.get_object()
    for font in resources.get("/Font", DictionaryObject()).get_object().values():
        found[id(font.get_object())] = font.get_object()
    for kind in ("/XObject", "/Pattern"):
        for ref in resources.get(kind, DictionaryObject()).get_object().values():
            inner = ref.get_object()
            if isinstance(inner, StreamObject) and "/Resources" in inner:
                _fonts(inner["/Resources"], found)


def _font_program(font: DictionaryObject) -> IndirectObject | None:
    """The embedded program of a composite font whose codes are its glyph ids (Identity-H), as WeasyPrint writes."""
    if font.get("/Subtype") != "/Type0" or font.get("/Encoding") != "/Identity-H":
        return None
    descendant = font["/DescendantFonts"][0].get_object()
    if descendant.get("/CIDToGIDMap", "/Identity") != "/Identity":
        return None
    descriptor = descendant["/FontDescriptor"].get_object()
    program = descriptor.raw_get("/FontFile2") if "/FontFile2" in descriptor else descriptor.raw_get("/FontFile3")
    return program if isinstance(program, IndirectObject) else None


def _subset_programs(resources: list[DictionaryObject], glyphs: dict) -> dict[int, tuple[bytes, int]]:
    """The font programs of `resources` subset to the glyphs shown: {program's object number: (its new stream data,
    compressed as before, and its length before compression)}."""
    found: dict[int, DictionaryObject] = {}
    for each in resources:
        _fonts(each, found)
    programs = {}
    for font in found.values():
        shown = glyphs.get(str(font.get("/BaseFont")), ALL)
        reference = _font_program(font) if shown is not ALL else None
        if reference is None or reference.idnum in programs:
            continue
        program = reference.get_object()
        if program.get("/Filter") != "/FlateDecode":
            continue
        data = program.get_data()
        smaller = subset_program(data, shown)
        if smaller is not None and len(smaller) < len(data):
            programs[reference.idnum] = (zlib.compress(smaller), len(smaller))
    return programs


def _key(name: str) -> bytes:
    """A pypdf name ("/Type") as a pydyf dictionary key (b"Type"), escaped as a PDF name."""
    return pydyf.name(name[1:])[1:]


class _Copy:
    """Objects of one pypdf reader as pydyf objects of `pdf`, each indirect object written once. The pages being
    copied are registered first (`page`); a reference to any other page is left out (null)."""

    def __init__(self, pdf: pydyf.PDF, programs: dict[int, tuple[bytes, int]]):
        self.pdf, self.programs, self.references = pdf, programs, {}

    def page(self, page: PageObject, resources: DictionaryObject) -> None:
        copy = pydyf.Dictionary()
        self.pdf.add_page(copy)
        self.references[page.indirect_reference.idnum] = copy.reference
        for key, value in page.items():
            if key != "/Parent":
                copy[_key(key)] = self(resources if key == "/Resources" else value)

    def __call__(self, value):
        if isinstance(value, IndirectObject):
            return self._indirect(value)
        if isinstance(value, DictionaryObject):
            return pydyf.Dictionary({_key(key): self(item) for key, item in value.items()})
        if isinstance(value, ArrayObject):
            return pydyf.Array([self(item) for item in value])
        if isinstance(value, NameObject):
            return pydyf.name(value[1:])
        if isinstance(value, BooleanObject):
            return b"true" if value else b"false"
        if isinstance(value, NullObject) or value is None:
            return b"null"
        if isinstance(value, TextStringObject | ByteStringObject):
            return b"<" + value.original_bytes.hex().encode() + b">"
        return value  # NumberObject and FloatObject are an int and a float

    def _indirect(self, reference: IndirectObject):
        if reference.idnum in self.references:
            return self.references[reference.idnum]
        target = reference.get_object()
        if isinstance(target, DictionaryObject) and target.get("/Type") == "/Page":
            return b"null"  # a page not copied (a link's destination)
        if isinstance(target, StreamObject):
            copy = pydyf.Stream()
        elif isinstance(target, DictionaryObject):
            copy = pydyf.Dictionary()
        elif isinstance(target, ArrayObject):
            copy = pydyf.Array()
        else:
            return self(target)
        self.pdf.add_object(copy)
        self.references[reference.idnum] = copy.reference
        if isinstance(target, StreamObject):
            data, length = self.programs.get(reference.idnum, (target._data, None))
            copy.stream = [data]
            copy.extra = {_key(key): self(item) for key, item in target.items() if key != "/Length"}
            if length is not None:
                copy.extra[b"Length1"] = length
        elif isinstance(target, DictionaryObject):
            copy.update({_key(key): self(item) for key, item in target.items()})
        else:
            copy.extend(self(item) for item in target)
        return copy.reference


def pages_pdf(pages: list[PageObject]) -> bytes:
    """A PDF of `pages` (of one reader; their forms and patterns are pruned in place: read them for nothing else
    afterwards) with only the resources they draw and their fonts subset to the glyphs they show."""
    glyphs: dict[str, set[int] | None] = {}
    resources = []
    for page in pages:
        if "/Resources" in page and page.get("/Contents") is not None:
            content = page.get_contents().get_data()
            resources.append(_pruned(page["/Resources"].get_object(), content, glyphs))
        else:
            resources.append(page.get("/Resources", DictionaryObject()))
    pdf = pydyf.PDF()
    copy = _Copy(pdf, _subset_programs(resources, glyphs))
    for page, own in zip(pages, resources, strict=True):
        copy.page(page, own)
    buffer = BytesIO()
    pdf.write(buffer, compress=True)
    return buffer.getvalue()
