import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kompas.settings")

application = get_wsgi_application()

# What is loaded by now (modules, models, URL patterns) lives as long as the worker. Frozen, it is
# left out of the garbage collector's full collections, which otherwise paused a request now and
# then for 50 ms or more (measured with `make bench`).
gc.collect()
gc.freeze()
