"""Rendering one signed agreement to PDF/A with WeasyPrint: the median of 20 warm renders."""

from __future__ import annotations

import statistics
import time

WARM_UP = 2
RUNS = 20


def pdf_median():
    from django.db import transaction
    from django.utils import timezone

    from agreements import pdf, selectors, services
    from agreements.models import Signature
    from agreements.signatures import digest_of
    from matches.models import Match
    from profiles.models import ProgramSettings

    program = ProgramSettings.load()
    with transaction.atomic():
        match = Match.objects.active().select_related("mentor", "mentee").first()
        agreement = services.agreements_ensure(match)[1]
        for field, value in {"goals": "Pass the certification exam.", "expectations": "Monthly meetings."}.items():
            setattr(agreement, field, value)
        agreement.content = selectors.agreement_content(agreement, program)
        agreement.digest = digest_of(agreement.content)
        agreement.save()
        for person in (match.mentor, match.mentee):
            Signature.objects.get_or_create(
                agreement=agreement,
                signer=person,
                defaults={
                    "typed_name": person.name,
                    "confirmed": True,
                    "signed_at": timezone.now(),
                    "digest": agreement.digest,
                },
            )
        for _ in range(WARM_UP):
            pdf.agreement_pdf(agreement, program)
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            data = pdf.agreement_pdf(agreement, program)
            times.append(time.perf_counter() - started)
        assert data.startswith(b"%PDF")
        transaction.set_rollback(True)  # leave the benchmark database as it was
    yield "agreements.pdf_median", f"{statistics.median(times) * 1000:.0f}", "ms"
