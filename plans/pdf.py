"""The action plan as a printable PDF/A, laid out like the guide's template (A4)."""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string

from documents.pdf import StaticOnlyFetcher, html_to_pdf


def plan_pdf(plan, version, program, today: date, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    content = version.parsed
    html = render_to_string(
        "plans/pdf.html",
        {
            "plan": plan,
            "version": version,
            "content": content,
            "progress": content.progress(today),
            "program": program,
            "today": today,
        },
    )
    return html_to_pdf(html, fetcher)
