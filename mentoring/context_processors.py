"""What only the project can tell every template: where the pages of the top floors are.

A page of a lower app may lead back to a page above it (the plans overview's breadcrumb to the
dashboard, the settings' pointer to the agreements' wording). Naming that page's URL would reach up
the floors; the page asks for ``{{ pages.dashboard }}`` instead, and the project, which may name any
app's URL, says where it is. A match's own page is ``match.get_absolute_url`` (ABSOLUTE_URL_OVERRIDES
in settings).
"""

from core.links import link

PAGES = {
    "dashboard": "dashboard:dashboard",
    "matches": "dashboard:matches",
    "agreement_texts": "agreements:texts",
}


class Pages:
    """``pages.<name>``: the address of the page ``PAGES`` names, reversed once per process (core/links.py)."""

    def __getitem__(self, name: str) -> str:
        return link(PAGES[name])


def pages(request):
    return {"pages": Pages()}
