"""The signed agreement as a PDF/A document."""

from __future__ import annotations

from django.template.loader import render_to_string

from documents.pdf import StaticOnlyFetcher, html_to_pdf


def agreement_pdf(agreement, program, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    html = render_to_string(
        "agreements/pdf.html",
        {
            "agreement": agreement,
            "program": program,
            "signatures": list(agreement.signatures.select_related("signer")),
        },
    )
    return html_to_pdf(html, fetcher)
