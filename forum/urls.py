"""The forum's URLs in two namespaces: `forum` (public and delegate pages, under /forum/) and `forum_organiser`
(organisers' pages, under /organiser/: the editions and registrations at forum/..., the programme editor at
programme/...). The consent token always holds a colon, so it never collides with an edition's pages."""

from django.urls import path, re_path

from documents import views as jobs
from documents.urls import job_pages

from .jobs import BADGE_EMAIL, BADGES_A4, BADGES_A6, KINDS
from .views import (
    attendance,
    badges,
    certificates,
    delegate,
    delegation,
    invitation,
    nominators,
    organiser,
    programme,
    programme_editor,
    stations,
    youth,
)
from .views import stations_organiser as venue

app_name = "forum"

urlpatterns = [
    re_path(r"^consent/(?P<token>[\w-]+:[\w:-]+)/$", youth.ConsentView.as_view(), name="consent"),
    path("consent/answered/", youth.ConsentDoneView.as_view(), name="consent_done"),
    path("", delegate.EditionListView.as_view(), name="edition_list"),
    path("<slug:slug>/", delegate.EditionDetailView.as_view(), name="edition"),
    path("<slug:slug>/register/", delegate.RegisterView.as_view(), name="register"),
    path("<slug:slug>/registration/", delegate.RegistrationDetailView.as_view(), name="registration"),
    path("<slug:slug>/registration/edit/", delegate.RegistrationEditView.as_view(), name="registration_edit"),
    path("<slug:slug>/registration/cancel/", delegate.RegistrationCancelView.as_view(), name="registration_cancel"),
    path("<slug:slug>/registration/visa-letter.pdf", delegate.DelegateVisaLetterView.as_view(), name="visa_letter"),
    path("<slug:slug>/registration/guardian-link/", delegate.DelegateResendView.as_view(), name="guardian_link"),
    path("<slug:slug>/delegation/", delegation.DelegationView.as_view(), name="delegation"),
    path("<slug:slug>/delegation/paste/", delegation.DelegationPasteView.as_view(), name="delegation_paste"),
    *[
        path(
            f"<slug:slug>/delegation/<int:pk>/{action}/",
            delegation.NominationActionView.as_view(action=action),
            name=f"delegation_{action}",
        )
        for action in ("resend", "withdraw", "head")
    ],
    path(
        "<slug:slug>/delegation/<int:pk>/replace/",
        delegation.NominationReplaceView.as_view(),
        name="delegation_replace",
    ),
    path("<slug:slug>/invitation/<str:token>/", invitation.InvitationView.as_view(), name="invitation"),
    path("<slug:slug>/programme/", programme.ProgrammeView.as_view(), name="programme"),
    path("<slug:slug>/programme.ics", programme.ProgrammeCalendarView.as_view(), name="programme_ics"),
    path("<slug:slug>/programme.pdf", programme.ProgrammeBookletView.as_view(), name="programme_pdf"),
    path("<slug:slug>/programme/sessions/<int:pk>/", programme.SessionDetailView.as_view(), name="session"),
    path("<slug:slug>/my-agenda/", programme.MyAgendaView.as_view(), name="my_agenda"),
    path("<slug:slug>/my-agenda.pdf", programme.AgendaPdfView.as_view(), name="my_agenda_pdf"),
    path("<slug:slug>/my-agenda/<str:token>.ics", programme.AgendaCalendarView.as_view(), name="my_agenda_ics"),
    path("<slug:slug>/stations/<str:token>/", stations.StationPageView.as_view(), name="station"),
    path(
        "<slug:slug>/stations/<str:token>/manifest.json",
        stations.StationManifestView.as_view(),
        name="station_manifest",
    ),
    path("<slug:slug>/stations/<str:token>/sync/", stations.StationSyncView.as_view(), name="station_sync"),
]

EDITION = "forum/<slug:slug>/"
REGISTRATION = f"{EDITION}registrations/<int:pk>/"
PROGRAMME = "programme/<slug:slug>/"
BADGES = f"{EDITION}badges/"
STATIONS = f"{EDITION}stations/"
# The badge jobs: documents' job pages, for the forum's kinds (forum.jobs), under names documents' views know.
JOB_LIST = "forum/organiser/badge_jobs.html"
JOB_DETAIL = "forum/organiser/badge_job.html"
START = {"ids_field": "registration", "back_url_name": "jobs"}

organiser_urlpatterns = [
    path("forum/", organiser.EditionListView.as_view(), name="editions"),
    path("forum/new/", organiser.EditionCreateView.as_view(), name="edition_create"),
    path(EDITION, organiser.EditionDetailView.as_view(), name="edition"),
    path(f"{EDITION}edit/", organiser.EditionUpdateView.as_view(), name="edition_edit"),
    path(f"{EDITION}publish/", organiser.EditionPublishView.as_view(), name="edition_publish"),
    path(f"{EDITION}quotas/", organiser.QuotaView.as_view(), name="edition_quotas"),
    path(f"{EDITION}quotas/<int:pk>/delete/", organiser.QuotaDeleteView.as_view(), name="quota_delete"),
    path(f"{EDITION}policies/", organiser.PolicyView.as_view(), name="edition_policies"),
    path(f"{EDITION}nominations/", nominators.NominationsView.as_view(), name="nominations"),
    path(f"{EDITION}nominations/<int:pk>/", nominators.NominatorEditView.as_view(), name="nominator"),
    path(f"{EDITION}nominations/<int:pk>/remove/", nominators.NominatorRemoveView.as_view(), name="nominator_remove"),
    path(f"{EDITION}certificates/", certificates.ParticipationCertificatesView.as_view(), name="certificates"),
    path(
        f"{EDITION}certificates/speakers/",
        certificates.SpeakerCertificatesView.as_view(),
        name="certificates_speakers",
    ),
    path(
        f"{EDITION}certificates/attendance/<int:pk>/",
        certificates.AttendanceOverrideView.as_view(),
        name="attendance_override",
    ),
    path(f"{EDITION}attendance/", attendance.AttendanceView.as_view(), name="attendance"),
    path(
        f"{EDITION}attendance/checkins.<str:fmt>", attendance.AttendanceExportView.as_view(), name="attendance_export"
    ),
    path(
        f"{EDITION}attendance/delegates.<str:fmt>",
        attendance.AttendanceDelegatesExportView.as_view(),
        name="attendance_delegates_export",
    ),
    path(
        f"{EDITION}attendance/sessions/<int:pk>/checkins.<str:fmt>",
        attendance.SessionAttendanceExportView.as_view(),
        name="attendance_session_export",
    ),
    path(f"{EDITION}registrations/", organiser.RegistrationListView.as_view(), name="registrations"),
    path(f"{EDITION}registrations/bulk/", organiser.RegistrationBulkView.as_view(), name="registrations_bulk"),
    path(
        f"{EDITION}registrations/export.<str:fmt>",
        organiser.RegistrationExportView.as_view(),
        name="registrations_export",
    ),
    path(f"{EDITION}registrations/visa-export.<str:fmt>", organiser.VisaExportView.as_view(), name="visa_export"),
    path(REGISTRATION, organiser.RegistrationDetailView.as_view(), name="registration"),
    path(f"{REGISTRATION}visa-review/", organiser.VisaReviewView.as_view(), name="visa_review"),
    path(
        f"{REGISTRATION}visa-letter.pdf", organiser.OrganiserVisaLetterView.as_view(), name="registration_visa_letter"
    ),
    path(f"{REGISTRATION}youth/resend/", youth.OrganiserResendView.as_view(), name="youth_resend"),
    path(f"{REGISTRATION}youth/paper-consent/", youth.PaperConsentView.as_view(), name="youth_paper_consent"),
    path(
        f"{REGISTRATION}youth/consents/<int:consent_pk>/document/",
        youth.ConsentDocumentView.as_view(),
        name="youth_document",
    ),
    path(STATIONS, venue.StationsView.as_view(), name="stations"),
    path(f"{STATIONS}new/", venue.StationCreateView.as_view(), name="station_create"),
    path(f"{STATIONS}<int:pk>/new-link/", venue.StationLinkView.as_view(), name="station_link"),
    path(f"{STATIONS}<int:pk>/revoke/", venue.StationRevokeView.as_view(), name="station_revoke"),
    path(f"{EDITION}walk-ins/", venue.WalkInView.as_view(), name="walk_ins"),
    path(BADGES, badges.BadgesView.as_view(), name="badges"),
    path(f"{BADGES}guests/new/", badges.GuestAddView.as_view(), name="badge_guest_add"),
    path(f"{BADGES}<int:pk>/reissue/", badges.BadgeReissueView.as_view(), name="badge_reissue"),
    path(f"{BADGES}<int:pk>/badge.pdf", badges.BadgePdfView.as_view(), name="badge_pdf"),
    path("badges/print-a6/", jobs.JobStartView.as_view(kind=BADGES_A6, **START), name="badges_print_a6"),
    path("badges/print-a4/", jobs.JobStartView.as_view(kind=BADGES_A4, **START), name="badges_print_a4"),
    path("badges/e-mail/", jobs.JobStartView.as_view(kind=BADGE_EMAIL, **START), name="badges_email"),
    *job_pages("badges/jobs/", kinds=KINDS, list_template=JOB_LIST, detail_template=JOB_DETAIL, download="badges"),
    path(PROGRAMME, programme_editor.EditorView.as_view(), name="programme"),
    path(f"{PROGRAMME}rooms/", programme_editor.RoomsView.as_view(), name="programme_rooms"),
    path(f"{PROGRAMME}rooms/<int:pk>/", programme_editor.RoomEditView.as_view(), name="programme_room"),
    path(f"{PROGRAMME}sessions/new/", programme_editor.SessionCreateView.as_view(), name="programme_session_new"),
    path(f"{PROGRAMME}sessions/<int:pk>/", programme_editor.SessionEditView.as_view(), name="programme_session"),
]
