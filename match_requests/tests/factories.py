from profiles.models import MatchMode, ProgramSettings
from profiles.tests.factories import ProfileFactory


def requests_on(mode: str = MatchMode.REQUESTS, **fields) -> ProgramSettings:
    """The program with mentees requesting (M8)."""
    program = ProgramSettings.load()
    program.match_mode = mode
    for name, value in fields.items():
        setattr(program, name, value)
    program.save()
    return program


def mentor(name: str, **fields):
    return ProfileFactory(mentor=True, user__name=name, **fields).user


def mentee(name: str, **fields):
    return ProfileFactory(user__name=name, **fields).user
