from dataclasses import dataclass

from django.db.models import Count

from .models import Agreement, Kind


@dataclass(frozen=True)
class AgreementStatus:
    kind: str
    label: str
    signatures: int
    signed_by_you: bool
    agreement_id: int | None

    @property
    def text(self) -> str:
        return {0: "not started", 1: "signed by one"}.get(self.signatures, "signed by both")


def statuses_for(match, user=None) -> list[AgreementStatus]:
    """Each of the match's agreements: not started, signed by one, or signed by both. Creates nothing."""
    agreements = {
        a.kind: a
        for a in Agreement.objects.filter(match=match).annotate(n=Count("signatures")).prefetch_related("signatures")
    }
    result = []
    for kind, label in Kind.choices:
        agreement = agreements.get(kind)
        result.append(
            AgreementStatus(
                kind=kind,
                label=label,
                signatures=agreement.n if agreement else 0,
                signed_by_you=bool(agreement and user and any(s.signer_id == user.pk for s in agreement.signatures.all())),
                agreement_id=agreement.pk if agreement else None,
            )
        )
    return result
