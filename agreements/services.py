"""Everything in agreements that writes or e-mails: texts, terms, signatures, the final PDF."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from matches.models import Match
from notifications.services import notify
from profiles.models import User

from . import emails, selectors, tasks
from .defaults import DEFAULTS
from .models import TERMS_FIELDS, Agreement, AgreementText, Kind, Signature
from .signatures import digest_of, names_match


class SigningError(Exception):
    """A signature the rules refuse; the message says why."""


class ConfirmationNeeded(Exception):
    """Changing terms would clear signatures; the person must confirm first."""

    def __init__(self, signers: list[User]):
        super().__init__("Changing the terms clears the signature of " + ", ".join(s.name for s in signers) + ".")
        self.signers = signers


@transaction.atomic
def text_update(*, kind: str, body: str, by: User) -> AgreementText | None:
    """Save new wording as the next version; None when nothing changed. Signed agreements keep theirs."""
    current = selectors.text_current(kind)
    if current.body.replace("\r\n", "\n").strip() == body.replace("\r\n", "\n").strip():
        return None
    return AgreementText.objects.create(
        kind=kind, version=current.version + 1, body=body.replace("\r\n", "\n").strip(), created_by=by
    )


def _text_to_use(kind: str) -> AgreementText:
    """The newest saved wording of ``kind``; the built-in one is saved as version 1 if there is none."""
    text = AgreementText.objects.current(kind)
    if text is None:
        text, _ = AgreementText.objects.get_or_create(kind=kind, version=1, defaults={"body": DEFAULTS[kind]})
    return text


def agreements_ensure(match: Match) -> list[Agreement]:
    """The match's two agreements, made with the wording current now if they do not exist yet.

    Called by the pair's first change (terms or a signature), never by a page view.
    """
    existing = {a.kind: a for a in Agreement.objects.filter(match=match).select_related("text")}
    for kind in Kind.values:
        if kind not in existing:
            try:
                with transaction.atomic():
                    existing[kind] = Agreement.objects.create(match=match, kind=kind, text=_text_to_use(kind))
            except IntegrityError:  # made meanwhile by the partner
                existing[kind] = Agreement.objects.select_related("text").get(match=match, kind=kind)
    return [existing[kind] for kind in Kind.values]


def agreement_ensure(match: Match, kind: str) -> Agreement:
    """The match's agreement of ``kind``, made (with its sibling) if it does not exist yet."""
    return dict(zip(Kind.values, agreements_ensure(match), strict=True))[kind]


def _check_open(match: Match) -> None:
    """Refuse any change once the partnership is closed: read from the locked row, not from ``match``
    (a page opened before the close still posts its form)."""
    if not Match.objects.is_active_locked(match.pk):
        raise SigningError("This partnership is closed; its agreements are kept as they were and can no longer change.")


@transaction.atomic
def terms_update(*, match: Match, data: dict, by: User, confirm_clear: bool = False) -> list[User]:
    """Change the partnership terms (G2). After a signature this needs ``confirm_clear``: the
    signatures are cleared, the text unfrozen, and each signer told it is their turn again (notifications).
    Returns who was cleared."""
    _check_open(match)
    if by.pk not in (match.mentor_id, match.mentee_id):
        raise SigningError("Only the two partners change their agreement.")
    agreement = Agreement.objects.select_for_update().get(pk=agreement_ensure(match, Kind.PARTNERSHIP).pk)
    if not any(getattr(agreement, field) != data[field] for field in TERMS_FIELDS):
        return []
    if agreement.signatures.count() == 2:
        raise SigningError("Both of you have signed; the agreement is final. Ask the coordinator if it must change.")
    signers = [s.signer for s in agreement.signatures.select_related("signer")]
    if signers and not confirm_clear:
        raise ConfirmationNeeded(signers)
    for field in TERMS_FIELDS:
        setattr(agreement, field, data[field])
    agreement.content = ""
    agreement.digest = ""
    agreement.save()
    agreement.signatures.all().delete()
    changed_at = timezone.now()
    for signer in signers:
        notify(
            signer,
            "agreements.your_turn",
            text=f"{by.name} changed the terms of the {agreement.get_kind_display().lower()} after you signed: "
            "your signature was cleared, your turn to sign again.",
            url=reverse("agreements:detail", args=[match.pk, agreement.kind]),
            key=f"agreements.cleared:{agreement.pk}:{signer.pk}:{changed_at:%Y%m%d%H%M%S%f}",
            email=emails.signature_cleared(agreement, signer, changed_by=by),
        )
    return signers


@dataclass
class SignResult:
    signature: Signature
    created: bool
    complete: bool


@transaction.atomic
def agreement_sign(
    *, match: Match, kind: str, signer: User, typed_name: str, confirmed: bool, without_goals: bool = False
) -> SignResult:
    """Sign with a typed full name and a tick. The first signature freezes the text and its digest;
        the second completes the agreement and starts the PDF. Signing twice changes nothing. After the first,
    the partner is told it is their turn (notifications, ``agreements.your_turn``).

        A partnership agreement whose goals are not written is signed only with ``without_goals``.
    """
    if signer.pk not in (match.mentor_id, match.mentee_id):
        raise SigningError("Only the two partners sign their agreement.")
    _check_open(match)
    agreement = (
        Agreement.objects.select_for_update().select_related("match", "text").get(pk=agreement_ensure(match, kind).pk)
    )
    existing = agreement.signatures.filter(signer=signer).first()
    if existing:
        return SignResult(existing, False, agreement.signatures.count() == 2)
    if not confirmed:
        raise SigningError("Please tick the box to confirm you have read the agreement.")
    if not names_match(typed_name, signer.name):
        raise SigningError(f"Please type your full name exactly as on your account: {signer.name}.")
    if agreement.is_partnership and not agreement.goals.strip() and not without_goals and not agreement.is_frozen:
        raise SigningError(
            "Your goals are not written yet. Write them in the terms first, or tick the box to sign without them."
        )
    if not agreement.is_frozen:
        agreement.content = selectors.agreement_content(agreement)
        agreement.digest = digest_of(agreement.content)
        agreement.save(update_fields=["content", "digest", "updated_at"])
    signature = Signature.objects.create(
        agreement=agreement,
        signer=signer,
        typed_name=" ".join(typed_name.split()),
        confirmed=True,
        signed_at=timezone.now(),
        digest=agreement.digest,
    )
    complete = agreement.signatures.count() == 2
    if not complete:
        partner = agreement.match.partner_of(signer)
        notify(
            partner,
            "agreements.your_turn",
            text=f"{signer.name} signed the {agreement.get_kind_display().lower()} of your partnership: "
            "your turn to sign.",
            url=reverse("agreements:detail", args=[match.pk, kind]),
            key=f"agreements.your_turn:{signature.pk}",
            email=emails.your_turn(agreement, partner, signer=signer),
        )
    if complete:
        # robust: with the broker away, the periodic sweep finishes it instead.
        transaction.on_commit(lambda: tasks.agreement_finalise_task.delay(agreement.pk), robust=True)
    return SignResult(signature, True, complete)
