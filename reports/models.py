"""The programme report for the ministry and its partners: a period, a language, and the job that writes it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from people.models import actor_field

from .periods import Period as Span
from .periods import edition_period


class Report(models.Model):
    """A report for a period (a quarter, a year or a forum edition) in one language. Its PDF and XLSX are the files of
    its latest job (documents.jobs); regenerating it runs a new job for the same report."""

    class Period(models.TextChoices):
        QUARTER = "quarter", _("A quarter")
        YEAR = "year", _("A year")
        EDITION = "edition", _("A forum edition")

    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    edition = models.ForeignKey(
        "forum.ForumEdition",
        verbose_name=_("forum edition"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    job = models.ForeignKey(
        "documents.PrintJob",
        verbose_name=_("latest generation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = actor_field(_("asked for by"))
    created_at = models.DateTimeField(_("asked for at"), auto_now_add=True)

    class Meta:
        verbose_name = _("programme report")
        verbose_name_plural = _("programme reports")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(starts_on__lte=models.F("ends_on")), name="reports_period_in_order"),
            # An edition's report names its edition; a quarter's or a year's names none.
            models.CheckConstraint(
                condition=Q(period="edition", edition__isnull=False) | (~Q(period="edition") & Q(edition__isnull=True)),
                name="reports_edition_only_for_its_period",
            ),
            # The same report is asked for once and regenerated, not asked for twice.
            models.UniqueConstraint(
                fields=["period", "starts_on", "ends_on", "language"],
                condition=Q(edition__isnull=True),
                name="reports_one_per_period_and_language",
            ),
            models.UniqueConstraint(
                fields=["edition", "language"],
                condition=Q(edition__isnull=False),
                name="reports_one_per_edition_and_language",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_period_display()} {self.starts_on} – {self.ends_on} ({self.language})"

    def get_absolute_url(self) -> str:
        return reverse("organiser:report", args=[self.pk])

    @property
    def span(self) -> Span:
        """The reports.periods.Period the report covers: what the dashboard is asked for the same figures."""
        if self.edition_id is not None:
            return edition_period(self.edition)
        return Span(self.period, self.starts_on, self.ends_on)
