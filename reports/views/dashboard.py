"""The organiser's dashboard (`/organiser/`): the current forum edition and the training programme at a glance."""

from django.views.generic import TemplateView

from people.permissions import OrganiserRequiredMixin

from ..dashboard import dashboard_sections
from ..periods import period_from_key


class DashboardView(OrganiserRequiredMixin, TemplateView):
    """Organisers only (two-factor authentication). `?period=` (reports.periods.Period.key) picks the period of the
    training programme's figures and the forum editions that begin in it (or, for an edition's period, that edition); by
    default the forum's current edition and the training programme's current year. A period it does not know is
    said next to the field, and the defaults are shown."""

    template_name = "organiser/index.html"

    def get_context_data(self, **kwargs):
        asked = self.request.GET.get("period", "")
        period = period_from_key(asked)
        return super().get_context_data(
            period=period,
            period_unknown=bool(asked) and period is None,
            asked=asked[:80],
            sections=dashboard_sections(period=period),
            **kwargs,
        )
