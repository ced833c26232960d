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
