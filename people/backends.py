from django.contrib.auth.backends import BaseBackend


class OrganiserPermissionBackend(BaseBackend):
    """Organisers run the whole programme: every model permission is theirs (the admin and the
    organiser console still require two-factor authentication, see people.permissions)."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return bool(user_obj.is_active and getattr(user_obj, "is_organiser", False))

    def has_module_perms(self, user_obj, app_label) -> bool:
        return self.has_perm(user_obj, app_label)
