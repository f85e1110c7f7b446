"""Everything in agreements that writes or e-mails: texts, terms, signatures, the final PDF."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from matches.models import Match
from mentoring.emails import build_email, send_email
from profiles.models import ProgramSettings, User

from .defaults import DEFAULTS
from .models import Agreement, AgreementText, Kind, Signature

TERMS_FIELDS = [
    "goals", "expectations", "min_months", "meetings_per_month", "contact_between",
    "mentee_responsibilities", "mentor_responsibilities",
]


class SigningError(Exception):
    """A signature the rules refuse; the message says why."""


class ConfirmationNeeded(Exception):
    """Changing terms would clear signatures; the person must confirm first."""

    def __init__(self, signers: list[User]):
        super().__init__("Changing the terms clears the signature of " + ", ".join(s.name for s in signers) + ".")
        self.signers = signers


def text_current(kind: str) -> AgreementText:
    """The newest wording of ``kind``; the built-in first version if there is none yet."""
    text = AgreementText.objects.current(kind)
    if text is None:
        text, _ = AgreementText.objects.get_or_create(kind=kind, version=1, defaults={"body": DEFAULTS[kind]})
    return text


@transaction.atomic
def text_update(*, kind: str, body: str, by: User) -> AgreementText | None:
    """Save new wording as the next version; None when nothing changed. Signed agreements keep theirs."""
    current = text_current(kind)
    if current.body.replace("\r\n", "\n").strip() == body.replace("\r\n", "\n").strip():
        return None
    return AgreementText.objects.create(
        kind=kind, version=current.version + 1, body=body.replace("\r\n", "\n").strip(), created_by=by
    )


def agreements_ensure(match: Match) -> list[Agreement]:
    """The match's two agreements, made with the wording current now if they do not exist yet."""
    existing = {a.kind: a for a in Agreement.objects.filter(match=match).select_related("text")}
    for kind in Kind.values:
        if kind not in existing:
            try:
                with transaction.atomic():
                    existing[kind] = Agreement.objects.create(match=match, kind=kind, text=text_current(kind))
            except IntegrityError:  # made meanwhile by the partner's visit
                existing[kind] = Agreement.objects.select_related("text").get(match=match, kind=kind)
    return [existing[kind] for kind in Kind.values]


def agreement_content(agreement: Agreement, program: ProgramSettings | None = None) -> str:
    """The exact text a signature covers: program, parties, wording and, for the partnership, the terms."""
    if agreement.is_frozen:
        return agreement.content
    template = get_template("agreements/content.txt").template
    return template.render(
        Context({"agreement": agreement, "program": program or ProgramSettings.load(),
                 "match": agreement.match, "text": agreement.text}, autoescape=False)
    ).strip() + "\n"


def digest_of(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def names_match(typed: str, name: str) -> bool:
    """The typed name is the account's full name, case and spacing aside."""
    return " ".join(typed.split()).casefold() == " ".join(name.split()).casefold()


@transaction.atomic
def terms_update(*, agreement: Agreement, data: dict, by: User, confirm_clear: bool = False) -> list[User]:
    """Change the partnership terms. After a signature this needs ``confirm_clear``: the
    signatures are cleared, the text unfrozen, and each signer told by e-mail. Returns who was cleared."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
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
    for signer in signers:
        send_email(
            name="agreements/signature-cleared",
            to=[signer.email],
            context={"person": signer, "changed_by": by, "agreement": agreement,
                     "link": reverse("agreements:detail", args=[agreement.pk])},
        )
    return signers


@dataclass
class SignResult:
    signature: Signature
    created: bool
    complete: bool


@transaction.atomic
def agreement_sign(*, agreement: Agreement, signer: User, typed_name: str, confirmed: bool) -> SignResult:
    """Sign with a typed full name and a tick. The first signature freezes the text and its digest;
    the second completes the agreement and starts the PDF. Signing twice changes nothing."""
    agreement = Agreement.objects.select_for_update().select_related("match", "text").get(pk=agreement.pk)
    match = agreement.match
    if signer.pk not in (match.mentor_id, match.mentee_id):
        raise SigningError("Only the two partners sign their agreement.")
    existing = agreement.signatures.filter(signer=signer).first()
    if existing:
        return SignResult(existing, False, agreement.signatures.count() == 2)
    if not confirmed:
        raise SigningError("Please tick the box to confirm you have read the agreement.")
    if not names_match(typed_name, signer.name):
        raise SigningError(f"Please type your full name exactly as on your account: {signer.name}.")
    if not agreement.is_frozen:
        agreement.content = agreement_content(agreement)
        agreement.digest = digest_of(agreement.content)
        agreement.save(update_fields=["content", "digest", "updated_at"])
    signature = Signature.objects.create(
        agreement=agreement, signer=signer, typed_name=" ".join(typed_name.split()), confirmed=True,
        signed_at=timezone.now(), digest=agreement.digest,
    )
    complete = agreement.signatures.count() == 2
    if complete:
        from .tasks import agreement_finalise_task

        transaction.on_commit(lambda: agreement_finalise_task.delay(agreement.pk))
    return SignResult(signature, True, complete)


def agreement_finalise(*, agreement_id: int) -> None:
    """Render the signed agreement's PDF once and e-mail it to both partners once (G4).

    Each step is claimed under a row lock, so a retried or doubled task
    neither renders twice nor e-mails twice.
    """
    from . import pdf  # WeasyPrint is slow to import; only this task needs it

    program = ProgramSettings.load()
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update(of=("self",)).select_related("match", "text").get(pk=agreement_id)
        if agreement.signatures.count() < 2:
            return
        if not agreement.pdf:
            data = pdf.agreement_pdf(agreement, program)
            agreement.pdf.save(f"{agreement.kind}-{agreement.match_id}-{uuid.uuid4().hex[:12]}.pdf", ContentFile(data), save=False)
            agreement.pdf_rendered_at = timezone.now()
            agreement.save(update_fields=["pdf", "pdf_rendered_at", "updated_at"])
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update(of=("self",)).select_related("match__mentor", "match__mentee").get(pk=agreement_id)
        if agreement.emailed_at:
            return
        with agreement.pdf.open("rb") as handle:
            attachment = handle.read()
        messages = []
        for person in (agreement.match.mentor, agreement.match.mentee):
            message = build_email(
                name="agreements/signed",
                to=[person.email],
                context={"program": program, "person": person, "agreement": agreement,
                         "partner": agreement.match.partner_of(person),
                         "link": reverse("agreements:detail", args=[agreement.pk])},
            )
            message.attach(f"{agreement.get_kind_display()}.pdf", attachment, "application/pdf")
            messages.append(message)
        with get_connection() as connection:
            connection.send_messages(messages)
        agreement.emailed_at = timezone.now()
        agreement.save(update_fields=["emailed_at", "updated_at"])

