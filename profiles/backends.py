"""The login backends, loading the person behind each request with their role in the same query.

Django's and allauth's backends load the user by primary key; every page then asks whether they
coordinate (navigation, access), which was a second query on every request. These load
``User.objects.with_roles()`` instead, with the person's profile. Otherwise they are the libraries' own.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from .models import User


class _WithRoles(DjangoModelBackend):
    def get_user(self, user_id):
        try:
            # Their profile too: every participant's page reads it (role, status), a third query otherwise.
            user = User.objects.with_roles().select_related("profile").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class ModelBackend(_WithRoles, DjangoModelBackend):
    pass


class AuthenticationBackend(_WithRoles, AllauthBackend):
    pass
