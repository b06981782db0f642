from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from forum import urls as forum_urls
from operations import views as operations_views
from people import views as people_views
from privacy import urls as privacy_urls
from safeguarding import urls as safeguarding_urls

urlpatterns = [
    # Liveness (the process answers) and readiness (its database, Redis and task queue do): for load balancers.
    path("healthz", people_views.healthz, name="healthz"),
    path("readyz", operations_views.readyz, name="readyz"),
    path("i18n/setlang/", people_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", people_views.HomeView.as_view(), name="home"),
    path("privacy/", people_views.PrivacyView.as_view(), name="privacy"),
    path("accounts/profile/", people_views.ProfileView.as_view(), name="profile"),
    path("accounts/profile/reach/", people_views.ReachQuestionView.as_view(), name="profile_reach"),
    path("accounts/", include("privacy.urls")),
    path("accounts/", include("allauth.urls")),
    path("forum/", include("forum.urls")),
    path("trainings/", include("trainings.urls")),
    path("certificates/", include("certificates.urls")),
    path("surveys/", include("surveys.urls")),
    path("safeguarding/", include("safeguarding.urls")),
    path("organiser/privacy/", include((privacy_urls.organiser_urlpatterns, "privacy_organiser"))),
    path("organiser/safeguarding/", include((safeguarding_urls.organiser_urlpatterns, "safeguarding_organiser"))),
    path("organiser/", include((forum_urls.organiser_urlpatterns, "forum_organiser"))),
    path("organiser/trainings/", include("trainings.organiser_urls")),
    path("organiser/certificates/", include("certificates.organiser_urls")),
    path("organiser/surveys/", include("surveys.organiser_urls")),
    path("surveys/results/", include("surveys.results_urls")),
    path("organiser/", include("reports.organiser_urls")),
    prefix_default_language=True,
)

# A database connection that fails outside a view (a middleware reading the session or the user) answers the 503
# page, as operations.middleware does for views; any other error Django's 500 page.
handler500 = "operations.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
