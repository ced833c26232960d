"""The web app's log handler writes to the standard error of the moment, so a warning logged after
the stream Django was set up with has been closed is written, not a "Logging error" traceback."""

from __future__ import annotations

import io
import logging
import sys

import pytest

from cspkit.web import settings
from cspkit.web.log import CurrentStderrHandler


@pytest.mark.parametrize("handler_class", [CurrentStderrHandler, logging.StreamHandler])
def test_a_warning_after_the_first_stream_is_closed(handler_class, monkeypatch: pytest.MonkeyPatch) -> None:
    first = io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    handler = handler_class()
    first.close()  # as a test runner closes a command's captured output
    second = io.StringIO()
    monkeypatch.setattr(sys, "stderr", second)
    logger = logging.getLogger("cspkit.tests.log")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        logger.warning("a font was not found")
    finally:
        logger.removeHandler(handler)
    if handler_class is CurrentStderrHandler:
        assert second.getvalue() == "a font was not found\n"
    else:  # what the web app's settings used before: the traceback this module is about
        assert "Logging error" in second.getvalue()


def test_the_web_apps_settings_use_it() -> None:
    assert settings.LOGGING["handlers"]["console"]["class"] == "cspkit.web.log.CurrentStderrHandler"


@pytest.mark.django_db
def test_a_refusal_is_one_line_naming_who_what_and_why(sign_in, capsys: pytest.CaptureFixture[str]) -> None:
    from django.urls import reverse

    response = sign_in("analyst").get(reverse("cases:list"))
    assert response.status_code == 403
    log = capsys.readouterr().err
    assert "Traceback" not in log
    lines = [line for line in log.splitlines() if "Forbidden" in line]
    assert lines == ["403 Forbidden: user=analyst (role analyst) path=/cases/ reason=PermissionDenied on cases:list"]


def test_a_server_error_keeps_its_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    try:
        raise RuntimeError("the database went away")
    except RuntimeError:
        logging.getLogger("django.request").error(
            "Internal Server Error: %s", "/cases/", exc_info=True, extra={"status_code": 500}
        )
    log = capsys.readouterr().err
    assert "Internal Server Error: /cases/" in log
    assert "Traceback" in log and "RuntimeError: the database went away" in log
