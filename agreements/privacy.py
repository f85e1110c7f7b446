"""What agreements keep of a person, for privacy (``core.personal`` says the shape).

Signed agreements are records both partners signed: erasure keeps them (the partner's copy, the
program's proof) and retention deletes their text and PDF once the partnership closed longer ago than
the retention setting for agreements.
"""

from __future__ import annotations

from django.db.models import Q

from core.personal import Export, Limits, rows
from matches.models import MatchStatus

from .models import Agreement, Signature

COVERS = {
    "agreements.Agreement": "exported (with the signed PDF); kept on erasure as a signed record, then its text "
    "and PDF deleted after the retention setting for agreements",
    "agreements.Signature": "exported; the typed name is kept with the signed agreement, then blanked by retention",
    "agreements.AgreementText": "the program's wording: no personal data",
}


def _of(user):
    return Agreement.objects.filter(Q(match__mentor=user) | Q(match__mentee=user)).order_by("created_at", "pk")


def export(user) -> Export:
    agreements = list(_of(user))
    files = {}
    for agreement in agreements:
        if agreement.pdf:
            with agreement.pdf.open("rb") as handle:
                files[f"agreements/agreement-{agreement.pk}-{agreement.kind}.pdf"] = handle.read()
    fields = ["id", "match_id", "kind", "goals", "expectations", "min_months", "meetings_per_month",
              "contact_between", "mentee_responsibilities", "mentor_responsibilities", "created_at"]  # fmt: skip
    signatures = Signature.objects.filter(signer=user).order_by("signed_at")
    return Export(
        tables={
            "agreements": rows(agreements, fields),
            "signatures": rows(signatures, ["agreement_id", "typed_name", "signed_at"]),
        },
        files=files,
    )


def erase(user) -> dict[str, int]:
    # Unsigned drafts the person shared go; what was signed is kept until retention deletes it.
    return {}


def retain(limits: Limits) -> dict[str, int]:
    past = _all_past(limits)
    deleted = 0
    for agreement in past.exclude(pdf=""):
        agreement.pdf.delete(save=False)
        deleted += 1
    texts = past.filter(~Q(content="") | ~Q(goals="") | ~Q(expectations="") | ~Q(pdf="")).update(
        content="", goals="", expectations="", mentee_responsibilities="", mentor_responsibilities="", pdf=""
    )
    names = Signature.objects.filter(agreement__in=past).exclude(typed_name="").update(typed_name="")
    return {"signed agreements": max(deleted, texts), "signatures": names}


def _all_past(limits: Limits):
    return Agreement.objects.filter(match__status=MatchStatus.CLOSED, match__closed_at__lt=limits.agreements_before)
