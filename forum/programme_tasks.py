"""Background work of the programme: telling people signed up for a session that it moved or was cancelled."""

import datetime

from django.tasks import task
from django.urls import reverse
from django.utils import translation

from people.emails import absolute_url, send_templated_email


@task()
def notify_session_changed(*, session_id: int) -> int:
    """E-mails everyone with the session in their agenda its new time and room, each in their language.
    Returns how many were told (0 if the session is gone)."""
    from .models import Session
    from .programme_selectors import edition_tz, sessions_signed_up_users

    session = Session.objects.select_related("edition", "room").filter(pk=session_id).first()
    if session is None:
        return 0
    tz = edition_tz(session.edition)
    sent = 0
    for choice in sessions_signed_up_users(session_id=session_id):
        user = choice.registration.user
        language = user.language or "en"
        with translation.override(language):
            url = absolute_url(
                reverse("forum_programme:session", kwargs={"slug": session.edition.slug, "pk": session.pk})
            )
            context = {
                "user": user,
                "session_title": session.title,
                "edition_title": session.edition.title,
                "starts_at": session.starts_at.astimezone(tz),
                "ends_at": session.ends_at.astimezone(tz),
                "time_zone": session.edition.time_zone_label,
                "room": session.room.name,
                "directions": session.room.directions,
                "url": url,
            }
        send_templated_email(
            template_prefix="forum/email/programme_session_changed", to=user.email, context=context, language=language
        )
        sent += 1
    return sent


@task()
def notify_session_cancelled(
    *, user_ids: list[int], edition_id: int, title_en: str, title_km: str, starts_at: str, ends_at: str
) -> int:
    """E-mails the people who had a deleted session in their agenda that it is cancelled, each in their language.
    The session is gone, so what the e-mail says comes with the task. Returns how many were told."""
    from people.models import User

    from .models import ForumEdition
    from .models import Session
    from .programme_selectors import edition_tz

    edition = ForumEdition.objects.filter(pk=edition_id).first()
    if edition is None:
        return 0
    tz = edition_tz(edition)
    sent = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"):
        language = user.language or "en"
        with translation.override(language):
            context = {
                "user": user,
                "session_title": Session(title_en=title_en, title_km=title_km).title,  # the model's language rule
                "edition_title": edition.title,
                "starts_at": datetime.datetime.fromisoformat(starts_at).astimezone(tz),
                "ends_at": datetime.datetime.fromisoformat(ends_at).astimezone(tz),
                "time_zone": edition.time_zone_label,
                "url": absolute_url(reverse("forum_programme:programme", kwargs={"slug": edition.slug})),
            }
        send_templated_email(
            template_prefix="forum/email/programme_session_cancelled",
            to=user.email,
            context=context,
            language=language,
        )
        sent += 1
    return sent
