"""PDFs drawn by WeasyPrint from the project's own files only."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from weasyprint import HTML
from weasyprint.urls import URLFetcher

PDF_VARIANT = "pdf/a-2u"  # archivable, with every character's Unicode kept for search and copy


class StaticOnlyFetcher(URLFetcher):
    """Fetches files under the project's static folder and refuses everything else (no network, no other files).

    Whatever a person types is escaped before WeasyPrint sees it; this is the
    second lock. ``asked`` and ``refused`` record what was asked.
    """

    def __init__(self):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.roots = [Path(p).resolve() for p in settings.STATICFILES_DIRS]
        self.asked: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        self.asked.append(url)
        parsed = urlparse(url)
        path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" and not parsed.netloc else None
        if path is None or not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            self.refused.append(url)
            raise ValueError(f"Refused to fetch {url}: only the project's static files may be loaded.")
        return super().fetch(url, headers)


def static_base_url() -> str:
    return Path(settings.STATICFILES_DIRS[0]).resolve().as_uri() + "/"


def html_to_pdf(html: str, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """The PDF/A of ``html``; relative URLs resolve to the static folder, and only it is ever read."""
    fetcher = fetcher or StaticOnlyFetcher()
    return HTML(string=html, base_url=static_base_url(), url_fetcher=fetcher).write_pdf(pdf_variant=PDF_VARIANT)
