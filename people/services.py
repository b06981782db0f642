"""Writes about people and organisations."""

from django.db import transaction
from django.utils import timezone

from .models import Membership, Organisation, User


@transaction.atomic
def profile_update(
    *,
    user: User,
    data: dict,
    organisation: Organisation | None = None,
    new_organisation_name: str = "",
    new_organisation_kind: str = "",
) -> User:
    """Save a person's profile. Naming an organisation makes a pending membership of it; a new
    organisation is added to the directory unreviewed. Confirmed memberships are never dropped. A profile saved
    with the questions of whom we reach on it counts as their being asked (people.reach)."""
    for field in ("given_name", "family_name", "native_name", "language", "country", "position"):
        if field in data:
            setattr(user, field, data[field])
    if "sex" in data or "age_band" in data:
        reach_answer_apply(user=user, sex=data.get("sex", user.sex), age_band=data.get("age_band", user.age_band))
    user.full_clean()
    user.save()

    if new_organisation_name:
        organisation = organisation_get_or_create(
            name=new_organisation_name, kind=new_organisation_kind, country=user.country, created_by=user
        )
    if organisation is not None:
        membership_request(user=user, organisation=organisation)
    return user


def reach_answer_apply(*, user: User, sex: str, age_band: str) -> User:
    """Give the person's answers to the two optional questions (people.reach; "" is "not given") and note that
    they have been asked, unsaved: the caller saves (the profile, the signup)."""
    user.sex, user.age_band = sex or "", age_band or ""
    if user.reach_asked_at is None:
        user.reach_asked_at = timezone.now()
    return user


@transaction.atomic
def reach_question_answer(*, user: User, sex: str = "", age_band: str | None = None, not_now: bool = False) -> User:
    """The once-asked question, answered ("Save") or put aside ("Not now"): either way it is never asked again.
    "Not now" keeps the profile as it was; `age_band` None keeps the age band (not asked of a youth delegate)."""
    if not_now:
        if user.reach_asked_at is None:
            user.reach_asked_at = timezone.now()
            user.save(update_fields=["reach_asked_at"])
        return user
    reach_answer_apply(user=user, sex=sex, age_band=user.age_band if age_band is None else age_band)
    # Only the two answers are checked (their choices): an older account's other fields are not this card's concern.
    answered = {"sex", "age_band"}
    user.clean_fields(exclude=[field.name for field in User._meta.fields if field.name not in answered])
    user.save(update_fields=["sex", "age_band", "reach_asked_at"])
    return user


def organisation_get_or_create(*, name: str, kind: str, country: str, created_by: User | None) -> Organisation:
    """The directory entry with this name in this country (any case), created unreviewed if missing."""
    name = " ".join(name.split())
    existing = Organisation.objects.filter(name__iexact=name, country=country).first()
    if existing:
        return existing
    return Organisation.objects.create(name=name, kind=kind, country=country, created_by=created_by)


@transaction.atomic
def membership_request(*, user: User, organisation: Organisation) -> Membership:
    """A pending membership of `organisation`; other pending requests of the person are withdrawn."""
    Membership.objects.filter(user=user, status=Membership.Status.PENDING).exclude(organisation=organisation).delete()
    membership, _ = Membership.objects.get_or_create(user=user, organisation=organisation)
    return membership


@transaction.atomic
def membership_confirm(*, membership: Membership, by: User) -> Membership:
    if membership.status != Membership.Status.CONFIRMED:
        membership.status = Membership.Status.CONFIRMED
        membership.confirmed_at = timezone.now()
        membership.confirmed_by = by
        membership.save(update_fields=["status", "confirmed_at", "confirmed_by"])
    return membership


@transaction.atomic
def membership_set_focal_point(*, membership: Membership, is_focal_point: bool, by: User) -> Membership:
    """Organisers name focal points; a focal point's membership is always confirmed."""
    if is_focal_point:
        membership_confirm(membership=membership, by=by)
    membership.is_focal_point = is_focal_point
    membership.save(update_fields=["is_focal_point"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    """End a membership (a person who left the company); their history elsewhere stays."""
    membership.delete()


def organisation_mark_reviewed(*, organisation: Organisation) -> Organisation:
    if not organisation.is_verified:
        organisation.is_verified = True
        organisation.save(update_fields=["is_verified"])
    return organisation


@transaction.atomic
def organisation_merge(*, duplicate: Organisation, keep: Organisation) -> Organisation:
    """Fold `duplicate` into `keep`: every row pointing at the duplicate points at `keep` afterwards.

    Memberships of people already in `keep` are combined (confirmed and focal point win);
    the duplicate is deleted. Rows added by later apps follow through their foreign keys.
    """
    if duplicate.pk == keep.pk:
        raise ValueError("Cannot merge an organisation into itself.")
    duplicate, keep = (
        Organisation.objects.select_for_update().get(pk=duplicate.pk),
        Organisation.objects.select_for_update().get(pk=keep.pk),
    )
    for membership in Membership.objects.filter(organisation=duplicate).select_for_update():
        twin = Membership.objects.filter(organisation=keep, user_id=membership.user_id).first()
        if twin is None:
            membership.organisation = keep
            membership.save(update_fields=["organisation"])
            continue
        if membership.status == Membership.Status.CONFIRMED and twin.status != Membership.Status.CONFIRMED:
            twin.status = membership.status
            twin.confirmed_at = membership.confirmed_at
            twin.confirmed_by = membership.confirmed_by
        twin.is_focal_point = twin.is_focal_point or membership.is_focal_point
        twin.save()
        membership.delete()

    for relation in Organisation._meta.related_objects:
        # A reverse relation is never concrete itself: ask its foreign key (the rows pointing here).
        if relation.related_model is Membership or relation.many_to_many or not relation.field.concrete:
            continue
        relation.related_model._base_manager.filter(**{relation.field.name: duplicate}).update(
            **{relation.field.name: keep}
        )
    if duplicate.is_verified:
        keep.is_verified = True
        keep.save(update_fields=["is_verified"])
    duplicate.delete()
    return keep
