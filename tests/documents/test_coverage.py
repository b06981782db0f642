import pytest
from django.core.exceptions import ValidationError

from documents.fonts import characters_without_font as unsupported_characters
from people.validators import validate_printable_name

PRINTABLE_NAMES = {
    "vietnamese": "Nguyễn Thị Hương",
    "khmer": "ចាន់ សុខា",
    "thai": "สมชาย ใจดี",
    "lao": "ສົມພອນ ແກ້ວມະນີ",
    "myanmar": "အောင်ဆန်းစုကြည်",
    "chinese": "李小龙",
    "tamil": "முத்து குமார்",
    "jawi": "محمد علي",
}


@pytest.mark.parametrize("name", PRINTABLE_NAMES.values(), ids=PRINTABLE_NAMES.keys())
def test_validate_printable_name_accepts_supported_scripts(name):
    assert unsupported_characters(name) == []
    validate_printable_name(name)


@pytest.mark.parametrize(
    ("name", "expected"),
    [(" አበበ ቢቂላ", "አ"), ("ᏣᎳᎩ", "Ꮳ"), ("🦄🦄", "🦄")],
    ids=["ethiopic", "cherokee", "emoji"],
)
def test_validate_printable_name_refuses_unsupported(name, expected):
    missing = unsupported_characters(name)
    assert expected in missing
    assert len(missing) == len(set(missing))
    with pytest.raises(ValidationError) as error:
        validate_printable_name(name)
    assert expected in str(error.value.messages[0])


def test_unsupported_characters_mixed_name_lists_only_missing():
    assert unsupported_characters("Sokha 🦄") == ["🦄"]
