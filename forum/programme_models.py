"""The forum programme: rooms, sessions, speakers, personal agendas (issue 5)."""

from django.db import models  # noqa: F401
