"""Background work of the programme: telling people signed up for a session that it moved."""

from django.tasks import task
from django.urls import reverse
from django.utils import translation

from people.emails import absolute_url, send_templated_email


@task()
def notify_session_changed(*, session_id: int) -> int:
    """E-mails everyone with the session in their agenda its new time and room, each in their language.
    Returns how many were told (0 if the session is gone)."""
    from .programme_models import Session
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
