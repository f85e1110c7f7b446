from allauth.account.adapter import DefaultAccountAdapter
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.html import strip_tags

from outbox.services import message_queue

from .mail import program_email, program_email_for


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_taken": (
            "There is already an account with this e-mail address. "
            "Please log in, or reset your password if you have forgotten it."
        ),
    }

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Send allauth's e-mails through the app's own templates and the outbox.

        ``account/email/login_code`` is rendered from ``emails/account/login_code-*``;
        an allauth e-mail we have not written ourselves keeps allauth's wording.
        """
        name = "account/" + template_prefix.rsplit("/", 1)[-1]
        try:
            get_template(f"emails/{name}-subject.txt")
        except TemplateDoesNotExist:
            message = self.render_mail(template_prefix, email, {"email": email, **context})
            html = next((body for body, mime in getattr(message, "alternatives", []) if mime == "text/html"), "")
            if message.content_subtype == "html":
                html, text = message.body, strip_tags(message.body)
            else:
                text = message.body
            reply_to = program_email_for(name=name, to=[email]).reply_to
            message_queue(to=[email], subject=message.subject, text=text, html=html, reply_to=reply_to)
            return
        program_email(name=name, to=[email], context={"email": email, **context})
