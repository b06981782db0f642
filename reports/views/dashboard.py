"""The organiser's dashboard (`/organiser/`): the current forum edition and the training programme at a glance."""

from django.views.generic import TemplateView

from people.permissions import OrganiserRequiredMixin

from ..dashboard import dashboard_sections
from ..periods import current_year, period_from_key


class DashboardView(OrganiserRequiredMixin, TemplateView):
    """Organisers only (two-factor authentication). `?period=` (reports.periods.Period.key) picks the period of the
    training programme's figures and, for an edition's period, the forum edition; by default the current edition
    and this year."""

    template_name = "organiser/index.html"

    def get_context_data(self, **kwargs):
        period = period_from_key(self.request.GET.get("period", "")) or current_year()
        return super().get_context_data(period=period, sections=dashboard_sections(period=period), **kwargs)
