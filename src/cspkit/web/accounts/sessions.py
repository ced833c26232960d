"""Django's database sessions, read with one written-out query.

Every signed-in page reads its session; building that query through the ORM cost about twenty
times what the database spent answering it. The same statement reads the data generation, which
every signed-in page asks next (one round trip fewer to PostgreSQL on every page). Writing,
expiry and ``clearsessions`` are Django's.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from cspkit.web.core import generation


class SessionStore(db.SessionStore):
    def load(self) -> dict[str, Any]:
        key = self.session_key
        data = None
        if key is not None:
            using = router.db_for_read(self.model)
            connection = connections[using]
            with connection.cursor() as cursor:
                cursor.execute(
                    f'SELECT "session_data", ({generation.CURRENT}) FROM "{self.model._meta.db_table}" '
                    'WHERE "session_key" = %s AND "expire_date" > %s',
                    [key, connection.ops.adapt_datetimefield_value(timezone.now())],
                )
                row = cursor.fetchone()
            data = row[0] if row else None
            if row and using == "default":
                generation.read_with_session(row[1])
        if data is None:
            self._session_key = None  # as Django does: a new key if this session is saved
            return {}
        return self.decode(data)
