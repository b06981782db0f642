"""A font program embedded in a PDF cut down to the glyphs one page shows, by HarfBuzz's subsetter.

WeasyPrint subsets each font to the glyphs of the whole document it writes; a page cut out of a print job's merged
chunk (documents.splitting) would keep the glyphs of every item of the chunk, which for Chinese (a CFF font of
65,535 glyph slots) is most of the file. `subset_program` subsets again as WeasyPrint did (glyph ids kept, so the
page's text and widths stay as they are), with the library WeasyPrint itself uses (libharfbuzz-subset, installed
with it). It is called through ctypes: WeasyPrint's own bindings have no way to open a font from bytes.
Without the library, or when HarfBuzz cannot read the program, it returns None and the font stays as it was.
"""

import ctypes
import ctypes.util
from collections.abc import Iterable
from functools import cache

# hb-subset.h's hb_subset_flags_t, as WeasyPrint 70 sets them for its own subsets (weasyprint/pdf/fonts.py).
RETAIN_GIDS = 0x2
DESUBROUTINIZE = 0x4
PASSTHROUGH_UNRECOGNIZED = 0x20
NOTDEF_OUTLINE = 0x40
MEMORY_MODE_DUPLICATE = 0  # hb_memory_mode_t: HarfBuzz copies the bytes it is given
LIBRARY_NAMES = ("libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib", "libharfbuzz-subset-0.dll")

_POINTER, _UINT = ctypes.c_void_p, ctypes.c_uint
_SIGNATURES = {  # name: (result, argument types)
    "hb_blob_create": (_POINTER, [ctypes.c_char_p, _UINT, ctypes.c_int, _POINTER, _POINTER]),
    "hb_blob_destroy": (None, [_POINTER]),
    "hb_blob_get_data": (_POINTER, [_POINTER, ctypes.POINTER(_UINT)]),
    "hb_face_create": (_POINTER, [_POINTER, _UINT]),
    "hb_face_destroy": (None, [_POINTER]),
    "hb_face_reference_blob": (_POINTER, [_POINTER]),
    "hb_set_add": (None, [_POINTER, ctypes.c_uint32]),
    "hb_subset_input_create_or_fail": (_POINTER, []),
    "hb_subset_input_destroy": (None, [_POINTER]),
    "hb_subset_input_glyph_set": (_POINTER, [_POINTER]),
    "hb_subset_input_set_flags": (None, [_POINTER, _UINT]),
    "hb_subset_or_fail": (_POINTER, [_POINTER, _POINTER]),
}


@cache
def _harfbuzz() -> ctypes.CDLL | None:
    """libharfbuzz-subset (HarfBuzz's own functions resolve through it), or None when it is not installed."""
    found = ctypes.util.find_library("harfbuzz-subset")
    for name in (found, *LIBRARY_NAMES) if found else LIBRARY_NAMES:
        try:
            library = ctypes.CDLL(name)
        except OSError:
            continue
        for function, (result, arguments) in _SIGNATURES.items():
            getattr(library, function).restype = result
            getattr(library, function).argtypes = arguments
        return library
    return None


def subset_available() -> bool:
    return _harfbuzz() is not None


def subset_program(program: bytes, glyphs: Iterable[int]) -> bytes | None:
    """`program` (a TrueType or OpenType font file) keeping only `glyphs` (and .notdef) at their glyph ids; None
    when HarfBuzz is missing or fails."""
    hb = _harfbuzz()
    if hb is None or not program:
        return None
    blob = hb.hb_blob_create(program, len(program), MEMORY_MODE_DUPLICATE, None, None)
    face = hb.hb_face_create(blob, 0)
    hb.hb_blob_destroy(blob)  # the face holds its own reference
    subset_input = hb.hb_subset_input_create_or_fail()
    if not subset_input:
        hb.hb_face_destroy(face)
        return None
    try:
        glyph_set = hb.hb_subset_input_glyph_set(subset_input)
        for glyph in {0, *glyphs}:
            hb.hb_set_add(glyph_set, glyph)
        hb.hb_subset_input_set_flags(
            subset_input, RETAIN_GIDS | DESUBROUTINIZE | PASSTHROUGH_UNRECOGNIZED | NOTDEF_OUTLINE
        )
        subset_face = hb.hb_subset_or_fail(face, subset_input)
    finally:
        hb.hb_subset_input_destroy(subset_input)
        hb.hb_face_destroy(face)
    if not subset_face:
        return None
    result = hb.hb_face_reference_blob(subset_face)
    try:
        length = _UINT(0)
        data = hb.hb_blob_get_data(result, ctypes.byref(length))
        return ctypes.string_at(data, length.value) if data and length.value else None
    finally:
        hb.hb_blob_destroy(result)
        hb.hb_face_destroy(subset_face)
