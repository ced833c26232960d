"""The WSGI application gunicorn serves (``cspkit.web.wsgi:application``).

gunicorn loads this module once, before it starts the workers (``--preload``), so what is done here
is shared by every worker: the report writers are imported (a worker never mixes them with newer code
installed after the server started) and the newest assessments' evidence pages are composed. The
personal-data audit log's head is written to the server log, an anchor kept outside the database.
"""

import os

from django.core.wsgi import get_wsgi_application

from cspkit.web.evidence.library import warm

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspkit.web.settings")
application = get_wsgi_application()
warm()


def _log_audit_head() -> None:
    from cspkit.web.audit.personal import log_chain_head  # a model module: only once Django is set up

    log_chain_head()


_log_audit_head()
