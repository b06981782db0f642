"""The officers' case pages: who may open them (officers with an authenticator; everyone else, organisers
included, 404), what each page shows and logs, what each form changes and refuses, erased cases, the attachment
download, the list's filters and every page's number of queries."""

import datetime

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from safeguarding.models import AccessLog, Attachment, CaseEntry, Concern, Officer
from safeguarding.officers import erase_closed_cases
from safeguarding.services import case_add_entry, concern_report, reporter_add
from tests.factories import OrganiserFactory, UserFactory
from tests.uploads import image_bytes

pytestmark = pytest.mark.django_db
S = Concern.Status
K = CaseEntry.Kind
A = AccessLog.Action


def url(name, **kwargs):
    return reverse(f"safeguarding:{name}", kwargs=kwargs)


def make_officer(*, with_totp=True, **user) -> Officer:
    """An officer, with an authenticator app unless `with_totp=False` (as tests.factories.OrganiserFactory)."""
    person = UserFactory(**user)
    if with_totp:
        TOTP.activate(person, generate_totp_secret())
    return Officer.objects.create(user=person)


def report(what="Someone sent a child messages asking for photos.", *, attachment=False, **data) -> Concern:
    """A concern as a reporter sends it (safeguarding.services.concern_report), with a PNG when asked."""
    upload = SimpleUploadedFile("my-name.png", image_bytes(), content_type="image/png") if attachment else None
    concern, _token = concern_report(
        data={"what_happened": what, "place": Concern.Place.FORUM, **data}, attachment=upload, language="en"
    )
    return concern


def erased(concern: Concern) -> Concern:
    """The case closed four years ago and its content erased by the periodic job."""
    long_ago = timezone.now() - datetime.timedelta(days=365 * 4)
    Concern.objects.filter(pk=concern.pk).update(status=S.CLOSED, closed_at=long_ago)
    erase_closed_cases()
    return Concern.objects.get(pk=concern.pk)


@pytest.fixture
def officer():
    return make_officer(given_name="Sophea", family_name="Chan")


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer.user)
    return client


@pytest.fixture
def concern():
    return report(attachment=True, reporter_name="Dara", who_involved="A volunteer")


def lines(concern=None, **filters):
    return list(AccessLog.objects.filter(concern=concern, **filters).values_list("action", "detail"))


# --- Who may open the pages -------------------------------------------------------------------------------------


def _pages(concern):
    attachment = concern.attachments.get()
    return [
        url("cases"),
        url("case", pk=concern.pk),
        url("case_attachment", pk=concern.pk, attachment=attachment.pk),
        url("log"),
    ]


def _posts(concern):
    action = case_add_entry(concern=concern, kind=K.ACTION, text="Call", officer=make_officer(), due_on=None)
    return [
        (url("case_status", pk=concern.pk), {"status": S.ASSESSING}),
        (url("case_owner", pk=concern.pk), {"owner": ""}),
        (url("case_entry", pk=concern.pk), {"kind": K.NOTE, "note-text": "A note"}),
        (url("action_done", pk=concern.pk, entry=action.pk), {}),
    ]


def test_officer_with_two_factor_opens_every_page(officer_client, concern):
    for page in _pages(concern):
        assert officer_client.get(page).status_code == 200, page


@pytest.mark.parametrize(
    "who", ["officer_without_two_factor", "organiser", "organiser_without_two_factor", "member", "anonymous"]
)
def test_nobody_else_opens_a_page_or_changes_a_case(client, concern, who):
    person = {
        "officer_without_two_factor": lambda: make_officer(with_totp=False).user,
        "organiser": lambda: OrganiserFactory(is_superuser=True),
        "organiser_without_two_factor": lambda: OrganiserFactory(with_totp=False),
        "member": UserFactory,
        "anonymous": lambda: None,
    }[who]()
    if person is not None:
        client.force_login(person)
    posts = _posts(concern)
    before = AccessLog.objects.count()
    for page, data in [*((page, None) for page in _pages(concern)), *posts]:
        response = client.get(page) if data is None else client.post(page, data)
        if who == "anonymous":
            assert response.status_code == 302 and response["Location"].startswith(reverse("account_login")), page
        elif who == "officer_without_two_factor":
            assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp"), page
        else:
            assert response.status_code == 404, page
    assert AccessLog.objects.count() == before
    concern.refresh_from_db()
    assert concern.status == S.RECEIVED and not concern.entries.filter(kind=K.NOTE).exists()


def test_a_case_that_does_not_exist_is_404(officer_client):
    assert officer_client.get(url("case", pk=999_999)).status_code == 404
    assert officer_client.get("/en/safeguarding/cases/99999999999999999999999/").status_code == 404


def test_no_safeguarding_model_is_in_the_admin():
    models = {Officer, Concern, Attachment, CaseEntry, AccessLog}
    assert [model for model in admin.site._registry if model._meta.app_label == "safeguarding"] == []
    inlines = {inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines}
    assert not inlines & models


def test_no_template_tag_or_context_processor_reads_safeguarding():
    # The import rules (tests/test_architecture.py) already keep every app but the report away from safeguarding;
    # this keeps the pieces every page runs (context processors, template tags) away from it, the report's included.
    import ast
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    processors = {name.rsplit(".", 1)[0] for name in settings.TEMPLATES[0]["OPTIONS"]["context_processors"]}
    paths = [root / (module.replace(".", "/") + ".py") for module in processors]
    paths = [path for path in paths if path.exists()] + list(root.glob("*/templatetags/*.py"))
    assert paths
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text())):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(name.startswith("safeguarding") for name in names), path


# --- The list ---------------------------------------------------------------------------------------------------


def test_case_list_puts_open_urgent_cases_first_and_counts_open_actions(officer_client, officer):
    old_urgent_closed = report("Old", danger_now=True)
    Concern.objects.filter(pk=old_urgent_closed.pk).update(status=S.CLOSED, closed_at=timezone.now())
    plain = report("Plain")
    urgent = report("Urgent", danger_now=True)
    newest = report("Newest")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    case_add_entry(concern=plain, kind=K.ACTION, text="Late", officer=officer, due_on=yesterday)
    case_add_entry(concern=plain, kind=K.ACTION, text="Soon", officer=officer, due_on=yesterday + datetime.timedelta(9))
    done = case_add_entry(concern=plain, kind=K.ACTION, text="Done", officer=officer, due_on=yesterday)
    CaseEntry.objects.filter(pk=done.pk).update(done_at=timezone.now())
    response = officer_client.get(url("cases"))
    html = response.content.decode()
    assert [case.pk for case in response.context["cases"]] == [urgent.pk, newest.pk, plain.pk, old_urgent_closed.pk]
    assert "Urgent: a child in danger now" in html and html.count("Urgent: a child in danger now") == 1
    row = html.split(f'data-testid="case-{plain.pk}"')[1].split("</tr>")[0]
    assert ">2" in row and "1 overdue" in row
    # Nothing of what was reported is on the list.
    assert "Plain" not in html and "Urgent</" not in html
    assert lines(None) == [(A.VIEWED, "case list")]
    assert not AccessLog.objects.filter(concern__isnull=False, action=A.VIEWED).exists()


def test_case_list_filters_by_status_and_owner(officer_client, officer):
    other = make_officer()
    mine, theirs, nobodys = report("a"), report("b"), report("c")
    Concern.objects.filter(pk=mine.pk).update(owner=officer, status=S.ASSESSING)
    Concern.objects.filter(pk=theirs.pk).update(owner=other, status=S.CLOSED, closed_at=timezone.now())

    def listed(query):
        return {case.pk for case in officer_client.get(url("cases"), query).context["cases"]}

    assert listed({"owner": "mine"}) == {mine.pk}
    assert listed({"owner": "nobody"}) == {nobodys.pk}
    assert listed({"status": "open"}) == {mine.pk, nobodys.pk}
    assert listed({"status": S.CLOSED}) == {theirs.pk}
    assert listed({"status": S.ASSESSING, "owner": "mine"}) == {mine.pk}
    # A filter that is not offered is ignored, not an error.
    assert listed({"status": "nonsense", "owner": "x"}) == {mine.pk, theirs.pk, nobodys.pk}
    html = officer_client.get(url("cases"), {"owner": "mine"}).content.decode()
    assert "Sophea Chan" in html and "(you)" in html


def test_case_list_shows_an_erased_case_as_content_erased(officer_client):
    gone = erased(report("Secret words"))
    html = officer_client.get(url("cases")).content.decode()
    row = html.split(f'data-testid="case-{gone.pk}"')[1].split("</tr>")[0]
    assert gone.reference in row and "content erased" in row and "Closed" in row
    assert "Secret words" not in html


def _actions(concern, officer, count):
    today = timezone.localdate()
    for n in range(count):
        case_add_entry(concern=concern, kind=K.ACTION, text=f"a{n}", officer=officer, due_on=today)


@pytest.mark.parametrize("count", [2, 20])
def test_case_list_query_count(officer_client, officer, django_assert_num_queries, count):
    for n in range(count):
        concern = report(f"case {n}", danger_now=n % 3 == 0)
        Concern.objects.filter(pk=concern.pk).update(owner=make_officer() if n % 2 else officer)
        _actions(concern, officer, 2)
    # Session, user, officer, authenticator, the context processors' roles, the log line, count, page.
    with django_assert_num_queries(9):
        response = officer_client.get(url("cases"))
    assert len(response.context["cases"]) == count


# --- One case ---------------------------------------------------------------------------------------------------


def test_case_page_shows_everything_and_logs_the_view(officer_client, officer, concern):
    case_add_entry(concern=concern, kind=K.NOTE, text="Spoke to the venue", officer=officer)
    case_add_entry(concern=concern, kind=K.REFERRAL, text="Case number 42", officer=officer, referred_to="police")
    case_add_entry(concern=concern, kind=K.TO_REPORTER, text="Thank you for telling us", officer=officer)
    reporter_add(concern=concern, text="There is more")
    case_add_entry(
        concern=concern, kind=K.ACTION, text="Call the helpline", officer=officer, due_on=datetime.date(2020, 1, 1)
    )
    response = officer_client.get(url("case", pk=concern.pk))
    html = response.content.decode()
    assert concern.reference in html and "Someone sent a child messages asking for photos." in html
    assert "Dara" in html and "A volunteer" in html
    attachment = concern.attachments.get()
    assert url("case_attachment", pk=concern.pk, attachment=attachment.pk) in html
    assert "Spoke to the venue" in html and "Police" in html and "Case number 42" in html
    messages = html.split('data-testid="messages"')[1].split("</ol>")[0]
    assert messages.index("Thank you for telling us") < messages.index("There is more")
    assert "Message from the reporter" in messages and "the reporter" in messages
    open_actions = html.split('data-testid="open-actions"')[1].split("</ul>")[0]
    assert "Call the helpline" in open_actions and "overdue" in open_actions
    action = concern.entries.get(kind=K.ACTION)
    assert url("action_done", pk=concern.pk, entry=action.pk) in open_actions
    # Only the next statuses are offered.
    offered = [value for value, _label in response.context["concern"].next_statuses]
    assert offered == [S.ASSESSING, S.REFERRED, S.CLOSED]
    assert 'value="received"' not in html.split('id="handling"')[1].split("</form>")[0]
    # The view is logged, and the case's log shows it.
    assert AccessLog.objects.filter(concern=concern, action=A.VIEWED, actor=officer.user).count() == 1
    case_log = html.split('id="case-log"')[1]
    assert "Sophea Chan" in case_log and "Viewed" in case_log and "added: note" in case_log


def test_case_page_without_follow_up_link_offers_no_message(officer_client, concern):
    Concern.objects.filter(pk=concern.pk).update(token_hash="")
    html = officer_client.get(url("case", pk=concern.pk)).content.decode()
    assert "no follow-up link any more" in html and 'value="to_reporter"' not in html


@pytest.mark.parametrize("count", [2, 20])
def test_case_page_query_count(officer_client, officer, django_assert_num_queries, count):
    concern = report(attachment=True)
    for n in range(count):
        case_add_entry(concern=concern, kind=K.NOTE, text=f"note {n}", officer=make_officer())
    _actions(concern, officer, count)
    # Session, user, officer, authenticator, roles, case, the log line, attachments, entries, officers, log.
    with django_assert_num_queries(12):
        response = officer_client.get(url("case", pk=concern.pk))
    assert len(response.context["entries"]["notes"]) == count


def test_erased_case_page_says_the_content_is_gone_and_refuses_changes(officer_client, officer):
    concern = report("Secret words", reporter_name="Dara")
    gone = erased(concern)
    response = officer_client.get(url("case", pk=gone.pk))
    html = response.content.decode()
    assert 'data-testid="erased"' in html and "Secret words" not in html and "Dara" not in html
    assert url("case_entry", pk=gone.pk) not in html and url("case_status", pk=gone.pk) not in html
    for page, data in [
        (url("case_status", pk=gone.pk), {"status": S.ASSESSING}),
        (url("case_owner", pk=gone.pk), {"owner": officer.pk}),
        (url("case_entry", pk=gone.pk), {"kind": K.NOTE, "note-text": "late"}),
    ]:
        response = officer_client.post(page, data, follow=True)
        assert "was erased at the end of its retention" in response.content.decode(), page
    gone.refresh_from_db()
    assert gone.status == S.CLOSED and gone.owner is None and not gone.entries.exists()
    assert not AccessLog.objects.filter(concern=gone, action=A.CHANGED).exists()


# --- Changes ----------------------------------------------------------------------------------------------------


def test_status_change_is_logged_and_a_wrong_one_refused(officer_client, officer, concern):
    response = officer_client.post(url("case_status", pk=concern.pk), {"status": S.ASSESSING})
    assert response.status_code == 302 and response["Location"] == url("case", pk=concern.pk) + "#handling"
    concern.refresh_from_db()
    assert concern.status == S.ASSESSING
    assert lines(concern, action=A.CHANGED) == [(A.CHANGED, "status: received → assessing")]
    response = officer_client.post(url("case_status", pk=concern.pk), {"status": S.RECEIVED}, follow=True)
    assert "cannot be moved there" in response.content.decode()
    response = officer_client.post(url("case_status", pk=concern.pk), {"status": "gone"}, follow=True)
    assert "Choose one of the statuses offered." in response.content.decode()
    concern.refresh_from_db()
    assert concern.status == S.ASSESSING and AccessLog.objects.filter(concern=concern, action=A.CHANGED).count() == 1


def test_owner_change_is_logged(officer_client, officer, concern):
    other = make_officer(email="other-officer@example.org")
    officer_client.post(url("case_owner", pk=concern.pk), {"owner": other.pk})
    concern.refresh_from_db()
    assert concern.owner == other
    officer_client.post(url("case_owner", pk=concern.pk), {"owner": ""})
    concern.refresh_from_db()
    assert concern.owner is None
    changes = [(A.CHANGED, "owner: -"), (A.CHANGED, "owner: other-officer@example.org")]
    assert lines(concern, action=A.CHANGED) == changes
    member = UserFactory()
    response = officer_client.post(url("case_owner", pk=concern.pk), {"owner": member.pk}, follow=True)
    assert "Choose one of the officers offered." in response.content.decode()
    response = officer_client.post(url("case_owner", pk=concern.pk), {"owner": "9" * 30}, follow=True)
    assert response.status_code == 200
    concern.refresh_from_db()
    assert concern.owner is None


@pytest.mark.parametrize(
    ("data", "kind", "stored"),
    [
        ({"kind": K.NOTE, "note-text": "Called the venue"}, K.NOTE, {}),
        ({"kind": K.ACTION, "action-text": "Call back", "action-due_on": "2030-05-01"}, K.ACTION, {}),
        ({"kind": K.REFERRAL, "referral-referred_to": "helpline", "referral-text": "Ref 7"}, K.REFERRAL, {}),
        ({"kind": K.TO_REPORTER, "to_reporter-text": "Thank you"}, K.TO_REPORTER, {}),
    ],
    ids=["note", "action", "referral", "message"],
)
def test_entry_is_added_and_logged(officer_client, officer, concern, data, kind, stored):
    response = officer_client.post(url("case_entry", pk=concern.pk), data)
    assert response.status_code == 302 and response["Location"] == url("case", pk=concern.pk) + f"#{kind}"
    entry = concern.entries.get(kind=kind)
    assert entry.author == officer
    if kind == K.ACTION:
        assert entry.due_on == datetime.date(2030, 5, 1)
    if kind == K.REFERRAL:
        assert entry.referred_to == "helpline"
    assert lines(concern, action=A.CHANGED) == [(A.CHANGED, f"added: {kind}")]


def test_refused_entry_keeps_the_input_next_to_its_field(officer_client, concern):
    response = officer_client.post(
        url("case_entry", pk=concern.pk), {"kind": K.ACTION, "action-text": "Kept words", "action-due_on": "3000-01-01"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kept words" in html and 'id="error-summary-action"' in html
    form = response.context["entry_forms"][K.ACTION]
    assert "due_on" in form.errors
    response = officer_client.post(url("case_entry", pk=concern.pk), {"kind": K.REFERRAL, "referral-text": "x"})
    assert response.status_code == 400 and "referred_to" in response.context["entry_forms"][K.REFERRAL].errors
    response = officer_client.post(url("case_entry", pk=concern.pk), {"kind": "from_reporter", "text": "forged"})
    assert response.status_code == 302
    assert not concern.entries.exists() and not AccessLog.objects.filter(concern=concern, action=A.CHANGED).exists()
    # Showing the page again shows the case: that view is logged too.
    assert AccessLog.objects.filter(concern=concern, action=A.VIEWED).count() == 2


def test_message_without_follow_up_link_is_refused(officer_client, concern):
    Concern.objects.filter(pk=concern.pk).update(token_hash="")
    response = officer_client.post(
        url("case_entry", pk=concern.pk), {"kind": K.TO_REPORTER, "to_reporter-text": "Hello"}, follow=True
    )
    assert "no follow-up link any more" in response.content.decode()
    assert not concern.entries.exists()


def test_action_done_is_logged_and_not_twice(officer_client, officer, concern):
    action = case_add_entry(concern=concern, kind=K.ACTION, text="Call", officer=officer, due_on=None)
    note = case_add_entry(concern=concern, kind=K.NOTE, text="n", officer=officer)
    response = officer_client.post(url("action_done", pk=concern.pk, entry=action.pk))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_at is not None
    assert (A.CHANGED, f"action done: {action.pk}") in lines(concern)
    response = officer_client.post(url("action_done", pk=concern.pk, entry=action.pk), follow=True)
    assert "This is not an open action." in response.content.decode()
    officer_client.post(url("action_done", pk=concern.pk, entry=note.pk))
    assert AccessLog.objects.filter(concern=concern, detail__startswith="action done").count() == 1
    other = report("other")
    assert officer_client.post(url("action_done", pk=other.pk, entry=action.pk)).status_code == 404


def test_change_views_answer_get_with_405(officer_client, concern):
    assert officer_client.get(url("case_status", pk=concern.pk)).status_code == 405


# --- Attachments ------------------------------------------------------------------------------------------------


def test_attachment_download_headers_and_log(officer_client, officer, concern):
    attachment = concern.attachments.get()
    response = officer_client.get(url("case_attachment", pk=concern.pk, attachment=attachment.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == image_bytes()
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == f'attachment; filename="{concern.reference}-1.png"'
    assert "my-name" not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert lines(concern, action=A.DOWNLOADED) == [(A.DOWNLOADED, f"attachment {attachment.pk}")]


def test_second_attachment_is_numbered_and_another_cases_is_404(officer_client, concern):
    reporter_add(concern=concern, text="", attachment=SimpleUploadedFile("b.pdf", b"%PDF-1.4", "application/pdf"))
    second = concern.attachments.order_by("pk").last()
    response = officer_client.get(url("case_attachment", pk=concern.pk, attachment=second.pk))
    assert response["Content-Disposition"] == f'attachment; filename="{concern.reference}-2.pdf"'
    other = report("other")
    assert officer_client.get(url("case_attachment", pk=other.pk, attachment=second.pk)).status_code == 404
    assert not AccessLog.objects.filter(concern=other).exists()


def test_attachment_of_an_erased_case_is_404(officer_client, concern):
    attachment = concern.attachments.get()
    gone = erased(concern)
    assert officer_client.get(url("case_attachment", pk=gone.pk, attachment=attachment.pk)).status_code == 404


# --- The access log ---------------------------------------------------------------------------------------------


def test_access_log_shows_every_kind_newest_first(officer_client, officer, concern):
    from safeguarding.officers import officer_appoint, officer_remove

    organiser = OrganiserFactory(given_name="Org", family_name="Aniser")
    named = officer_appoint(email=UserFactory(email="new-officer@example.org").email, by=organiser)
    officer_remove(officer=named, by=organiser)
    officer_client.get(url("case", pk=concern.pk))
    officer_client.post(url("case_status", pk=concern.pk), {"status": S.CLOSED})
    response = officer_client.get(url("log"))
    html = response.content.decode()
    actions = [line.action for line in response.context["lines"]]
    assert actions == [A.CHANGED, A.VIEWED, A.REMOVED, A.APPOINTED]
    assert "Officer named" in html and "Officer removed" in html and "new-officer@example.org" in html
    assert "Org Aniser" in html and concern.reference in html
    # Reading the log is not logged.
    assert AccessLog.objects.count() == 4
    only = officer_client.get(url("log"), {"case": concern.pk}).context["lines"]
    assert {line.concern_id for line in only} == {concern.pk}


@pytest.mark.parametrize("count", [2, 20])
def test_access_log_query_count(officer_client, officer, django_assert_num_queries, count):
    for n in range(count):
        AccessLog.objects.create(concern=report(f"c{n}"), actor=make_officer().user, action=A.VIEWED)
    # Session, user, officer, authenticator, roles, count, page.
    with django_assert_num_queries(8):
        response = officer_client.get(url("log"))
    assert len(response.context["lines"]) == count
