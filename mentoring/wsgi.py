import os

from django.core.wsgi import get_wsgi_application

from core import memory

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")

application = get_wsgi_application()
# The loaded app lives as long as the worker: out of the garbage collector's full passes (see core.memory).
memory.keep_long_lived()
