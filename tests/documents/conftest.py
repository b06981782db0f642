from pathlib import Path

import pytest

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def documents_test_templates_found(settings) -> None:
    """The documents_tests/*.html templates, which only the tests render, found by the template engine."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], TEMPLATES_DIR]}]


@pytest.fixture(autouse=True)
def _test_templates(settings):
    documents_test_templates_found(settings)


@pytest.fixture
def media_root(settings, tmp_path):
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root
