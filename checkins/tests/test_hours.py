"""The one list of the hours' fields (``checkins.models.HOURS_FIELDS``): what the models declare and the form asks."""

from django.db import models

from checkins.forms import MentorCheckInForm
from checkins.models import CONTACT_FORMS, HOURS_FIELDS, CheckIn, MonthFigures


def hours_declared(model):
    return [field.name for field in model._meta.concrete_fields if isinstance(field, models.DecimalField)]


def test_the_check_in_and_the_month_figures_declare_exactly_the_listed_hours_in_order():
    listed = [hours.field for hours in HOURS_FIELDS]

    assert listed == ["hours_in_person", "hours_email", "hours_video", "hours_phone", "hours_other"]
    assert hours_declared(CheckIn) == listed
    assert hours_declared(MonthFigures) == listed
    assert [hours.form for hours in HOURS_FIELDS] == CONTACT_FORMS


def test_the_mentor_is_asked_the_hours_of_each_form_of_contact_in_the_lists_order():
    fields = MentorCheckInForm().fields

    asked = [(name, field.label) for name, field in fields.items() if name.startswith("hours_")]

    assert asked == [(hours.field, hours.label) for hours in HOURS_FIELDS]
    assert [label for _, label in asked] == ["In person", "E-mail", "Video call", "Phone", "Other"]
