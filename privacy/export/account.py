"""profile.json, surveys.json and emails.json of a person's own data. Written in the person's language (the
caller's translation.override)."""

from __future__ import annotations

from .selectors import OwnRecords
from .values import choice, country, when


def profile_data(records: OwnRecords) -> dict:
    """profile.json: the account (never its password or its two-factor secrets: only whether two-factor is set
    up), its e-mail addresses and its memberships of organisations."""
    user = records.user
    return {
        "account": {
            "email": user.email,
            "given_name": user.given_name,
            "family_name": user.family_name,
            "name_in_your_own_script": user.native_name,
            "language": choice(user, "language"),
            "country": country(user.country),
            "position": user.position,
            "sex": choice(user, "sex"),
            "age": choice(user, "age_band"),
            "organiser": user.is_organiser,
            "date_joined": when(user.date_joined),
            "last_login": when(user.last_login),
            "two_factor_authentication": records.two_factor,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in records.email_addresses
        ],
        "memberships": [
            {
                "organisation": membership.organisation.name,
                "organisation_country": country(membership.organisation.country),
                "focal_point": membership.is_focal_point,
                "status": choice(membership, "status"),
                "requested_at": when(membership.created_at),
                "confirmed_at": when(membership.confirmed_at),
            }
            for membership in records.memberships
        ],
    }


def _answer(answer) -> dict:
    return {
        "question": answer.item.question.text,
        "rating": answer.rating,
        "option": answer.option.text if answer.option else None,
        "text": answer.text,
    }


def surveys_data(records: OwnRecords) -> dict:
    """surveys.json: the responses linked to the person (surveys that are not anonymous) and their invitations
    (without their secret links)."""
    return {
        "responses": [
            {
                "survey": response.survey.title,
                "submitted_on": when(response.submitted_on),
                "answers": [_answer(answer) for answer in response.answers.all()],
            }
            for response in records.survey_responses
        ],
        "invitations": [
            {
                "survey": invitation.survey.title,
                "anonymous": invitation.survey.is_anonymous,
                "language": choice(invitation, "language"),
                "sent_at": when(invitation.sent_at),
                "reminded_at": when(invitation.reminded_at),
                "answered": invitation.has_answered,
            }
            for invitation in records.survey_invitations
        ],
    }


def emails_data(records: OwnRecords) -> dict:
    """emails.json: the e-mails the site sent to any of the person's addresses (people.models.SentEmail: subject,
    language, when; their text is not kept)."""
    return {
        "emails": [
            {
                "to": sent.address,
                "subject": sent.subject,
                "language": sent.language or None,
                "sent_at": when(sent.sent_at),
            }
            for sent in records.sent_emails
        ]
    }
