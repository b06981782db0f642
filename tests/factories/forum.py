"""Factories for forum editions, policies, quotas and registrations."""

import datetime
import hashlib

import factory
from django.db.models import Max
from django.utils import timezone

from forum.models import (
    CountryQuota,
    ForumEdition,
    Nomination,
    Nominator,
    PolicyDocument,
    Registration,
    RegistrationEvent,
    VisaRequest,
)
from tests.factories.people import OrganisationFactory, UserFactory

__all__ = [
    "CountryQuotaFactory",
    "ForumEditionFactory",
    "NominationFactory",
    "NominatorFactory",
    "PolicyDocumentFactory",
    "RegistrationEventFactory",
    "RegistrationFactory",
    "VisaRequestFactory",
]


class ForumEditionFactory(factory.django.DjangoModelFactory):
    """A published edition whose registration is open now, with version 1 of both policies."""

    class Meta:
        model = ForumEdition
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"atf-{2030 + n}")
    reference_prefix = factory.Sequence(lambda n: f"TST{n:04d}")
    title_en = factory.Sequence(lambda n: f"ASEAN Technology Forum on Child Protection Online {2030 + n}")
    title_km = factory.Sequence(lambda n: f"វេទិកាបច្ចេកវិទ្យាអាស៊ាន ស្តីពីកិច្ចការពារកុមារតាមប្រព័ន្ធអនឡាញ {2030 + n}")
    description_en = "Delegates from every ASEAN country meet on child protection online."
    description_km = "ប្រតិភូមកពីគ្រប់ប្រទេសអាស៊ាន។"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=90))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=2))
    venue = "Sokha Phnom Penh Hotel"
    city = "Phnom Penh"
    country = "KH"
    time_zone = "Asia/Phnom_Penh"
    registration_opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    registration_closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    capacity = 60
    mode = ForumEdition.Mode.REVIEW
    show_seats_left = True
    is_published = True

    @factory.post_generation
    def policies(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            PolicyDocumentFactory(edition=obj, kind=PolicyDocument.Kind.CODE_OF_CONDUCT)
            PolicyDocumentFactory(edition=obj, kind=PolicyDocument.Kind.PRIVACY)


class PolicyDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyDocument

    edition = factory.SubFactory(ForumEditionFactory, policies=False)
    kind = PolicyDocument.Kind.CODE_OF_CONDUCT
    version = 1
    text_en = factory.LazyAttribute(lambda o: f"{o.kind} text, version {o.version}.")
    text_km = factory.LazyAttribute(lambda o: f"អត្ថបទ {o.kind} កំណែ {o.version}។")


class CountryQuotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CountryQuota

    edition = factory.SubFactory(ForumEditionFactory)
    country = "KH"
    seats = 5


def _policy(edition, kind):
    return PolicyDocument.objects.filter(edition=edition, kind=kind).order_by("-version").first() or (
        PolicyDocumentFactory(edition=edition, kind=kind)
    )


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration written directly (no service, no e-mail): for building lists and states quickly."""

    class Meta:
        model = Registration

    edition = factory.SubFactory(ForumEditionFactory)
    user = factory.SubFactory(UserFactory)
    number = factory.LazyAttribute(
        lambda o: (Registration.objects.filter(edition=o.edition).aggregate(last=Max("number"))["last"] or 0) + 1
    )
    status = Registration.Status.SUBMITTED
    category = Registration.Category.TECH_COMPANY
    organisation = factory.SubFactory(OrganisationFactory)
    position = "Trust and safety lead"
    country = "KH"
    code_of_conduct = factory.LazyAttribute(lambda o: _policy(o.edition, PolicyDocument.Kind.CODE_OF_CONDUCT))
    privacy_notice = factory.LazyAttribute(lambda o: _policy(o.edition, PolicyDocument.Kind.PRIVACY))


class VisaRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisaRequest

    registration = factory.SubFactory(RegistrationFactory, needs_visa_letter=True)
    passport_name = "SOMCHAI WONGSAKUL"
    nationality = "TH"
    passport_number = "AA1234567"
    passport_expiry = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=800))


class RegistrationEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationEvent

    registration = factory.SubFactory(RegistrationFactory)
    from_status = ""
    to_status = Registration.Status.SUBMITTED
    actor = factory.LazyAttribute(lambda o: o.registration.user)


class NominatorFactory(factory.django.DjangoModelFactory):
    """A member state's focal point with 5 places and a deadline in 20 days, on an edition that takes nominations
    and open registration. For the invitations themselves use forum.services.nominations.nomination_invite (it
    e-mails the link) or NominationFactory (rows only, with a known link: `token`)."""

    class Meta:
        model = Nominator

    edition = factory.SubFactory(ForumEditionFactory, intake=ForumEdition.Intake.BOTH)
    user = factory.SubFactory(UserFactory)
    kind = Nominator.Kind.COUNTRY
    country = "VN"
    organisation = None
    places = 5
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=20))


class NominationFactory(factory.django.DjangoModelFactory):
    """An open invitation; its personal link is `nomination.token` (only its digest is stored)."""

    class Meta:
        model = Nomination

    nominator = factory.SubFactory(NominatorFactory)
    edition = factory.LazyAttribute(lambda o: o.nominator.edition)
    name = factory.Sequence(lambda n: f"Nominee {n}")
    email = factory.Sequence(lambda n: f"nominee{n}@example.org")
    language = "en"
    token = factory.Sequence(lambda n: f"test-invitation-link-{n:06d}")
    token_hash = factory.LazyAttribute(lambda o: hashlib.sha256(o.token.encode()).hexdigest())

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        token = kwargs.pop("token")
        nomination = super()._create(model_class, *args, **kwargs)
        nomination.token = token
        return nomination
