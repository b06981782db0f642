from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PreferredLanguageLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, with a logged-in person's preferred language first.

    A path with a language prefix is served in that language. A path without one
    (a printed link, a QR code) redirects to the person's preferred language if
    they are logged in, else to the language cookie, else to the browser's.
    """

    def process_request(self, request):
        super().process_request(request)
        if translation.get_language_from_path(request.path_info):
            return
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if language and translation.check_for_language(language):
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
