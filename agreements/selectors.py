"""Reading agreements: the wording in force, the text a signature covers, and each agreement's status."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef
from django.template import Context, Engine

from matches.models import Match
from profiles.models import ProgramSettings

from .defaults import DEFAULTS
from .models import Agreement, AgreementText, Kind, Signature


def text_current(kind: str) -> AgreementText:
    """The newest wording of ``kind``; the built-in first version (not saved) if there is none."""
    return AgreementText.objects.current(kind) or AgreementText(kind=kind, version=1, body=DEFAULTS[kind])


def agreement_content(agreement: Agreement, program: ProgramSettings | None = None) -> str:
    """The exact text a signature covers: program, parties, wording and, for the partnership, the terms."""
    if agreement.is_frozen:
        return agreement.content
    template = Engine.get_default().get_template("agreements/content.txt")
    return (
        template.render(
            Context(
                {
                    "agreement": agreement,
                    "program": program or ProgramSettings.load(),
                    "match": agreement.match,
                    "text": agreement.text,
                },
                autoescape=False,
            )
        ).strip()
        + "\n"
    )


@dataclass(frozen=True)
class AgreementStatus:
    kind: str
    label: str
    signatures: int
    signed_by_you: bool

    @property
    def text(self) -> str:
        return {0: "not started", 1: "signed by one"}.get(self.signatures, "signed by both")


def statuses_for(match, user=None, signatures: list[tuple] | None = None) -> list[AgreementStatus]:
    """Each of the match's agreements: not started, signed by one, or signed by both (``signatures``: the match's
    as (signed at, signer's id, signer's name, kind) when the caller has read them already, as the coordinator's
    match page does with its timeline's records)."""
    # One read of who signed which (a match has one agreement of each kind): an agreement no one signed yet
    # counts as not started, like one not begun.
    signers: dict[str, list[int]] = {}
    pairs: Iterable[tuple[str, int]]
    if signatures is None:
        pairs = Signature.objects.filter(agreement__match=match).values_list("agreement__kind", "signer_id")
    else:
        pairs = [(kind, signer_id) for _, signer_id, _, kind in signatures]
    for kind, signer_id in pairs:
        signers.setdefault(kind, []).append(signer_id)
    return [
        AgreementStatus(
            kind=kind,
            label=label,
            signatures=len(signers.get(kind, [])),
            signed_by_you=bool(user and user.pk in signers.get(kind, [])),
        )
        for kind, label in Kind.choices
    ]


def unsigned_matches():
    """Active matches whose two agreements are not both signed by both partners."""
    fully_signed = (
        Signature.objects.filter(agreement__match=OuterRef("pk"))
        .values("agreement__match")
        .annotate(n=Count("pk"))
        .filter(n__gte=2 * len(Kind.values))
    )
    return Match.objects.active().annotate(signed=Exists(fully_signed)).filter(signed=False)


# The program year in figures (R1) --------------------------------------------------------------------

# The minimum length a partnership is held to where its pair signed no partnership agreement: the
# length the agreement form proposes.
DEFAULT_MIN_MONTHS: int = Agreement._meta.get_field("min_months").default


def agreed_min_months(match_ids: list[int]) -> dict[int, int]:
    """{match id: the minimum length in months its pair signed} for those of ``match_ids`` with a signed
    (frozen) partnership agreement. One query."""
    return dict(
        Agreement.objects.filter(match_id__in=match_ids, kind=Kind.PARTNERSHIP)
        .exclude(digest="")
        .values_list("match_id", "min_months")
    )


def text_version(kind: str, version: int) -> AgreementText | None:
    """Version ``version`` of ``kind``'s wording; the built-in first version where none was saved yet."""
    text = AgreementText.objects.filter(kind=kind, version=version).select_related("created_by").first()
    if text is None and version == 1 and not AgreementText.objects.filter(kind=kind).exists():
        text = AgreementText(kind=kind, version=1, body=DEFAULTS[kind])
    return text


def signed_with(text: AgreementText):
    """The signed agreements made with ``text``, each with its pair and when it was last signed, newest first."""
    if text.pk is None:
        return Agreement.objects.none()
    return (
        Agreement.objects.filter(text=text)
        .exclude(digest="")
        .select_related("match__mentor", "match__mentee")
        .annotate(last_signed=Max("signatures__signed_at"))
        .order_by("-last_signed", "-pk")
    )
