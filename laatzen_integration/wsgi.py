import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laatzen_integration.settings")
application = get_wsgi_application()

# Everything loaded so far (modules, settings, URLconf) lives as long as the process: keep it
# out of the cyclic garbage collector's full passes, which then only walk what requests
# allocate. Done before gunicorn forks its workers, it also keeps those pages shared.
gc.collect()
gc.freeze()
