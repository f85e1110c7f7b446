import re

from django.core import mail

LINK = re.compile(r"https?://[^\s<>\"]+")


def links_in(message) -> list[str]:
    return LINK.findall(message.body)


def only_email_to(address: str):
    """The single e-mail sent to ``address``; fails if there is none or more than one."""
    sent = [m for m in mail.outbox if address in m.to]
    assert len(sent) == 1, f"expected one e-mail to {address}, got {[m.subject for m in sent]}"
    return sent[0]


def html_of(message) -> str:
    return next(body for body, mime in message.alternatives if mime == "text/html")
