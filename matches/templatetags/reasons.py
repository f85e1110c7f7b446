from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def points(value) -> str:
    """A reason's points as ``floatformat:"-1"`` shows them (7.0 → "7", 7.5 → "7.5"), whole points without
    floatformat's Decimal arithmetic: a suggestions page shows some fifty of them."""
    if type(value) is int:
        return str(value)
    if type(value) is float and value.is_integer():
        return str(int(value))
    return floatformat(value, "-1")
