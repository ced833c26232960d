"""The WSGI application gunicorn serves (``cspkit.web.wsgi:application``).

gunicorn loads this module once, before it starts the workers (``--preload``), so what is done here
is shared by every worker: the report writers are imported (a worker never mixes them with newer code
installed after the server started) and the newest assessments' evidence pages are composed.
"""

import os

from django.core.wsgi import get_wsgi_application

from cspkit.web.evidence.library import warm

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspkit.web.settings")
application = get_wsgi_application()
warm()
