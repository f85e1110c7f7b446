from .models import ProgramSettings


def program(request):
    """The program's name and contact, shown in every page's header and footer."""
    return {"program": ProgramSettings.load()}
