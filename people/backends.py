from django.contrib.auth.backends import BaseBackend

from .permissions import is_organiser


class OrganiserPermissionBackend(BaseBackend):
    """Organisers run the whole programme: every model permission is theirs (the admin and the
    organiser console also require two-factor authentication: without it an organiser has no permission)."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return is_organiser(user_obj)

    def has_module_perms(self, user_obj, app_label) -> bool:
        return self.has_perm(user_obj, app_label)
