from .selectors import program_shown


def program(request):
    """The program's name and contact, shown in every page's header and footer."""
    return {"program": program_shown()}
