"""A person's own data as a download (issue 19): `selectors` gathers what the site holds about one account in a
fixed number of queries; `account`, `forum`, `trainings` and `certificates` write each part as JSON in the person's
language (`values`: how dates, choices and countries are written); `builder` writes README.txt, the JSON files and
the PDFs into one ZIP."""

from .builder import archive_name, contents, own_data_archive

__all__ = ["archive_name", "contents", "own_data_archive"]
