import factory
from django.utils import timezone

from agreements.models import Agreement, Kind, Signature
from agreements.selectors import agreement_content, text_current
from agreements.signatures import digest_of
from matches.tests.factories import MatchFactory


class AgreementFactory(factory.django.DjangoModelFactory[Agreement]):
    class Meta:
        model = Agreement

    match = factory.SubFactory(MatchFactory)
    kind = Kind.PARTNERSHIP
    text = factory.LazyAttribute(lambda o: text_current(o.kind) if text_current(o.kind).pk else None)

    class Params:
        # Frozen as at the first signature: the exact text and its digest.
        frozen = factory.Trait(
            content=factory.LazyAttribute(
                lambda o: agreement_content(Agreement(match=o.match, kind=o.kind, text=o.text))
            ),
            digest=factory.LazyAttribute(lambda o: digest_of(o.content)),
        )


class SignatureFactory(factory.django.DjangoModelFactory[Signature]):
    """A signature by the agreement's mentee unless ``signer`` says otherwise; the agreement is frozen first."""

    class Meta:
        model = Signature

    agreement = factory.SubFactory(AgreementFactory, frozen=True)
    signer = factory.LazyAttribute(lambda o: o.agreement.match.mentee)
    typed_name = factory.LazyAttribute(lambda o: o.signer.name)
    confirmed = True
    signed_at = factory.LazyFunction(timezone.now)
    digest = factory.LazyAttribute(lambda o: o.agreement.digest)
