"""The `trainings` namespace: public and participants' pages, the company page, invitations, the roll-call and self
check-in, and the offline layer's service worker. The organiser console's pages are in organiser_urls.py. Paths
and names are printed and bookmarked: they stay."""

from django.urls import include, path

from .views import assessments, attendance, checkin, company, invitations, offline, public, questions, results

app_name = "trainings"

# Under cohorts/<pk>/tests/<kind>/.
test_paths = [
    path("", assessments.TestStartView.as_view(), name="test"),
    path("<int:number>/", assessments.AttemptView.as_view(), name="test_attempt"),
    path("<int:number>/<int:position>/", assessments.QuestionView.as_view(), name="test_question"),
    path("<int:number>/answers/", assessments.AnswersView.as_view(), name="test_answers"),
    path("<int:number>/submit/", assessments.SubmitView.as_view(), name="test_submit"),
    path("<int:number>/result/", assessments.ResultView.as_view(), name="test_result"),
]

# Under courses/<course_id>/questions/.
question_patterns = [
    path("", questions.BankView.as_view(), name="question_bank"),
    path("new/", questions.QuestionCreateView.as_view(), name="question_create"),
    path("<int:pk>/edit/", questions.QuestionUpdateView.as_view(), name="question_update"),
    path("<int:pk>/retire/", questions.QuestionRetireView.as_view(), name="question_retire"),
    path("<int:pk>/restore/", questions.QuestionRestoreView.as_view(), name="question_restore"),
]

urlpatterns = [
    path("", public.CatalogueView.as_view(), name="catalogue"),
    path("cohorts/<int:pk>/", public.CohortDetailView.as_view(), name="cohort"),
    path("cohorts/<int:pk>/enrol/", public.CohortEnrolView.as_view(), name="cohort_enrol"),
    path("cohorts/<int:pk>/withdraw/", public.CohortWithdrawView.as_view(), name="cohort_withdraw"),
    # A participant's pre-test or post-test (`kind`: pre, post): its page, an attempt, its answers, result.
    path("cohorts/<int:pk>/tests/<str:kind>/", include(test_paths)),
    path("my-sessions/", public.MySessionsView.as_view(), name="my_sessions"),
    path("my-company/", company.MyCompanyView.as_view(), name="my_company"),
    path("company/<int:org_id>/", company.CompanyView.as_view(), name="company"),
    path("company/<int:org_id>/enrol/", company.CompanyEnrolMemberView.as_view(), name="company_enrol_member"),
    path("company/<int:org_id>/invite/", company.CompanyEnrolNewView.as_view(), name="company_enrol_new"),
    path(
        "company/<int:org_id>/members/<int:membership_id>/confirm/",
        company.CompanyMembershipConfirmView.as_view(),
        name="company_membership_confirm",
    ),
    path(
        "company/<int:org_id>/enrolments/<int:enrollment_id>/withdraw/",
        company.CompanyWithdrawView.as_view(),
        name="company_withdraw",
    ),
    path("invitation/<str:token>/", invitations.InvitationView.as_view(), name="invitation"),
    # The roll-call, its exports and self check-in.
    path("sessions/<int:pk>/attendance/", attendance.RollCallView.as_view(), name="attendance"),
    path("sessions/<int:pk>/attendance/marks/", attendance.RollCallMarksView.as_view(), name="attendance_marks"),
    path("sessions/<int:pk>/attendance/mark/", attendance.RollCallFormMarkView.as_view(), name="attendance_mark"),
    path("sessions/<int:pk>/attendance/check-in-code/", checkin.CheckInCodeView.as_view(), name="attendance_code"),
    path("sessions/<int:pk>/attendance/history/", attendance.HistoryView.as_view(), name="attendance_history"),
    path("sessions/<int:pk>/attendance/unlock/", attendance.UnlockView.as_view(), name="attendance_unlock"),
    path("sessions/<int:pk>/attendance/lock/", attendance.RelockView.as_view(), name="attendance_relock"),
    path("sessions/<int:pk>/attendance/sheet.pdf", attendance.SheetView.as_view(), name="attendance_sheet"),
    path("cohorts/<int:pk>/attendance.csv", attendance.CohortExportView.as_view(kind="csv"), name="attendance_csv"),
    path("cohorts/<int:pk>/attendance.xlsx", attendance.CohortExportView.as_view(kind="xlsx"), name="attendance_xlsx"),
    # A course's question bank (its cohorts' trainers and organisers) and a cohort's test results (its trainers...).
    path("courses/<int:course_id>/questions/", include(question_patterns)),
    path("cohorts/<int:pk>/results/", results.CohortResultsView.as_view(), name="cohort_results"),
    path("cohorts/<int:pk>/results.csv", results.CohortResultsExportView.as_view(kind="csv"), name="results_csv"),
    path("cohorts/<int:pk>/results.xlsx", results.CohortResultsExportView.as_view(kind="xlsx"), name="results_xlsx"),
    path("check-in/", checkin.CheckInView.as_view(), name="checkin"),
    path("check-in/<str:code>/", checkin.CheckInLinkView.as_view(), name="checkin_link"),
    # The offline layer's service worker: the roll-call now, the venue check-in stations later (views/offline.py).
    path("offline-worker.js", offline.OfflineWorkerView.as_view(), name="offline_worker"),
]
