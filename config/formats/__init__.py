"""How dates and times read on every page, PDF and e-mail, one module per language (settings.FORMAT_MODULE_PATH).

Day, month, year and a 24-hour clock in both languages: "1 Dec 2026, 18:05", never "12/01/2026 6:05 p.m.",
which most of ASEAN reads as 12 January. Templates name these formats (`|date:"SHORT_DATETIME_FORMAT"`,
`|time`) and Python calls `django.utils.formats.date_format(value, "DATE_FORMAT")`; people.dates builds the
ranges ("1 Dec 2026, 18:05–19:30") from them. Month and day names come from Django's translations (and
locale_vendor's). What a field accepts (the *_INPUT_FORMATS) stays Django's: every date field is a native picker
that sends ISO 8601.
"""
