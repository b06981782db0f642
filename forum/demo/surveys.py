"""Demo feedback survey of each session of the demo forum (surveys.demo.survey_seed): built now, so the organiser
sees it in the console; its invitations go out, and the programme editor shows each session's rating, once the
sessions have ended and its results may be read (the demo forum is still to come, so it has no answers yet)."""

from people.models import User
from surveys.demo import survey_seed

from ..models import ForumEdition
from ..surveys import SessionsSubject

SLUG = "atf-2027"


def seed(*, stdout) -> None:
    edition = ForumEdition.objects.filter(slug=SLUG).first()
    if edition is None:
        return
    survey = survey_seed(
        subject_kind=SessionsSubject.name,
        subject_id=edition.pk,
        title_en="How was this session?",
        title_km="តើវគ្គនេះយ៉ាងដូចម្តេច?",
        keys=["useful", "length", "change"],
        answers=[[4, 2, None]],
        by=User.objects.filter(is_organiser=True).order_by("pk").first(),
    )
    if survey is not None:
        stdout.write(f"Surveys: a survey of each session of {edition.slug}, answered once its sessions are over.")
