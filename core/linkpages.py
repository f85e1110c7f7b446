"""Pages behind the password-free links in e-mails (``core.signing``): the one page for a link that
opens nothing, and the one shape of a page answered by link or logged in (a check-in, a closing survey).

Core imports nothing of the program, so each app hands in its pieces (an ``AnswerPage``): how to
build its form, whether the thing is still open, the service that saves an answer, its template.
Both ways in end in ``answer``; only the way the object is found differs:

    def answer_by_link(request, pk, token):       # the link in the e-mail
        return linkpages.answer_by_link(
            request, ANSWER_PAGE, person_of=lambda: links.person_of(token, pk), named=CheckIn.objects.filter(pk=pk)
        )

    @login_required
    def answer(request, pk):                      # the same page, logged in
        return linkpages.answer(request, get_checkin_for(request.user, pk), ANSWER_PAGE)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .signing import BadLink

BROKEN = "Part of it may be missing or changed: e-mail programs sometimes break long links."


def link_problem(
    request: HttpRequest,
    reason: str,
    *,
    what: str,
    expired: str,
    remedy: str | None = None,
    **context: Any,
) -> HttpResponse:
    """The page for a link that opens nothing: why (a ``BadLink`` reason, or "inactive" when the account
    it was sent to is closed), and what the person can still do (``remedy``: "answer", "report" or
    "sign up"; none for a closed account). ``what`` names the thing the link opens ("check-in"),
    ``expired`` says how long such links work."""
    title, detail = {
        "expired": ("This link has expired", expired),
        "invalid": ("This link does not work", BROKEN),
        "elsewhere": (f"This link is for another {what}", f"Each link opens only the {what} it was sent for."),
        "inactive": (
            "This account is closed",
            f"The account this {what} was sent to is no longer active, so its link takes no answers. "
            "If that is a mistake, please contact the program coordinator.",
        ),
    }[reason]
    return render(
        request,
        "link_problem.html",
        {"title": title, "detail": detail, "what": what, "remedy": None if reason == "inactive" else remedy, **context},
        status=403 if reason == "inactive" else 400,
    )


def _no_initial(obj: Any) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class AnswerPage:
    """One kind of thing a person answers, by the link in an e-mail or logged in: the app's pieces.

    The object answered has a ``person`` (who answers it)."""

    what: str  # what it is called on a page ("check-in"), when a link to it opens nothing
    expired: str  # how long its links work, said when one has expired
    template: str  # rendered with the context below, ``form``, ``action`` (where the form posts),
    # ``editable`` (it may still be answered) and ``prefilled`` (the form starts with what ``initial`` found)
    form: Callable[[Any, Any, dict[str, Any]], BaseForm]  # (the object, the POST or None, initial)
    is_open: Callable[[Any], bool]  # may it still be answered (or the answer changed)
    submit: Callable[[HttpRequest, Any, dict[str, Any]], None]  # calls the service, says how it went in messages
    closed: tuple[int, str]  # the message (level, text) for a POST that comes when it is no longer open
    refused: str  # the message for a form that does not validate
    context: Callable[[HttpRequest, Any], dict[str, Any]]
    initial: Callable[[Any], dict[str, Any]] = _no_initial  # what the empty form starts with


def answer(request: HttpRequest, obj: Any, page: AnswerPage) -> HttpResponse:
    """A GET shows the form; a POST answers through the app's service and comes back to this same
    address (the link, or the logged-in page), where the messages say what happened. A POST after it
    closed saves nothing and says so."""
    is_open = page.is_open(obj)
    if request.method == "POST" and not is_open:
        messages.add_message(request, *page.closed)
        return redirect(request.path)
    initial = page.initial(obj)
    form = page.form(obj, request.POST if request.method == "POST" else None, initial)
    if form.is_bound:
        if form.is_valid():
            page.submit(request, obj, form.cleaned_data)
            return redirect(request.path)
        messages.error(request, page.refused)
    return render(
        request,
        page.template,
        {
            **page.context(request, obj),
            "form": form,
            "action": request.path,
            "editable": is_open,
            "prefilled": any(initial.values()),
        },
    )


def answer_by_link(
    request: HttpRequest, page: AnswerPage, *, person_of: Callable[[], int], named: QuerySet
) -> HttpResponse:
    """``answer``, for whoever holds the link: ``person_of()`` reads the token (``BadLink`` when it opens
    nothing); ``named`` is the object the URL names (``filter(pk=pk)``), opened only if it is that
    person's. A link that opens nothing says why; the link of a closed account takes no answers."""
    try:
        obj = named.filter(person_id=person_of()).first()
        if obj is None:
            raise BadLink("elsewhere")
    except BadLink as problem:
        return link_problem(request, problem.reason, what=page.what, expired=page.expired, remedy="answer")
    if not obj.person.is_active:
        return link_problem(request, "inactive", what=page.what, expired=page.expired)
    return answer(request, obj, page)
