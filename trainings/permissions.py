"""Who may open the training pages. Out of scope answers 404 (see people.permissions)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404

from people.models import Organisation
from people.permissions import is_focal_point, is_organiser

from .selectors import user_is_trainer


def can_manage_company(user, organisation: Organisation) -> bool:
    """The company's confirmed focal point, or an organiser."""
    return is_organiser(user) or is_focal_point(user, organisation)


class TrainerRequiredMixin(LoginRequiredMixin):
    """People who teach at least one cohort; everyone else gets 404."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not user_is_trainer(user=request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class FocalPointRequiredMixin(LoginRequiredMixin):
    """The focal point of the organisation in the URL (`org_id`), or an organiser; others get 404.

    Sets `self.organisation`.
    """

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.organisation = get_object_or_404(Organisation, pk=kwargs["org_id"])
            if not can_manage_company(request.user, self.organisation):
                raise Http404
        return super().dispatch(request, *args, **kwargs)
