from celery import shared_task

from profiles.models import ProgramSettings

from .selectors import figures_keep
from .services import board_pdf_draw
from .years import current_year


@shared_task
def current_year_refresh_task():
    """Beat, every 10 minutes: recompute the running program year's figures and keep their copy."""
    program = ProgramSettings.load()
    figures_keep(current_year(program), program=program)


@shared_task
def board_pdf_task(board_pdf_id: int):
    """Draw the board's PDF a coordinator asked for (``services.board_pdf_draw``)."""
    board_pdf_draw(board_pdf_id=board_pdf_id)
