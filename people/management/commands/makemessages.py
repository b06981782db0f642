from django.core.management.commands import makemessages


class Command(makemessages.Command):
    """makemessages without fuzzy matching: a changed string comes back empty (and the catalogue test
    fails until someone translates it) instead of silently carrying a guess marked fuzzy."""

    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
