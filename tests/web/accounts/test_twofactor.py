"""Two-factor sign-in: required for personal-data roles unless the partnership says otherwise,
set up with a QR code, verified with a TOTP code or a one-use recovery code."""

from __future__ import annotations

import re

import pyotp
import pytest
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from cspkit.web.accounts import twofactor
from cspkit.web.accounts.models import Partnership, TwoFactorDevice, User
from cspkit.web.audit import events
from cspkit.web.audit.models import AccessLog
from cspkit.web.demo import DEMO_PARTNERSHIP
from cspkit.web.permissions.roles import PERSONAL_DATA_ROLES


@pytest.fixture
def requires_it(demo) -> Partnership:
    """The demo partnership with the default rule: personal-data roles need a second factor."""
    partnership = Partnership.objects.get(name=DEMO_PARTNERSHIP)
    partnership.two_factor_roles = sorted(PERSONAL_DATA_ROLES)
    partnership.save()
    return partnership


def _set_up(client) -> TwoFactorDevice:
    client.get(reverse("accounts:two_factor_setup"))
    device = TwoFactorDevice.objects.get(user__username="coordinator")
    page = client.post(reverse("accounts:two_factor_setup"), {"code": pyotp.TOTP(device.secret).now()})
    assert "Your recovery codes" in page.content.decode()
    return device


@pytest.mark.django_db
def test_a_new_partnership_requires_it_for_every_personal_data_role() -> None:
    partnership = Partnership.objects.create(name="New CSP")
    assert set(partnership.two_factor_roles) == {str(r) for r in PERSONAL_DATA_ROLES}


@pytest.mark.django_db
def test_a_coordinator_reaches_nothing_but_set_up_until_verified(requires_it, sign_in) -> None:
    client = sign_in("coordinator")
    for url in (reverse("dashboard:home"), reverse("plan:list"), reverse("audit:log")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:two_factor_setup"))
    setup = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert 'src="data:image/svg+xml' in setup  # the QR code, within the content security policy
    _set_up(client)
    assert client.get(reverse("dashboard:home")).status_code == 200
    assert sign_in("analyst").get(reverse("dashboard:home")).status_code == 200  # analysts see no personal data


@pytest.mark.django_db
def test_a_partnership_can_require_it_for_other_roles(requires_it, sign_in) -> None:
    requires_it.two_factor_roles = ["analyst"]
    requires_it.save()
    assert sign_in("analyst").get(reverse("dashboard:home")).status_code == 302
    assert sign_in("coordinator").get(reverse("dashboard:home")).status_code == 200


@pytest.mark.django_db
def test_a_changed_rule_applies_from_the_next_page_though_the_answer_is_kept(requires_it, sign_in) -> None:
    analyst = sign_in("analyst")
    assert analyst.get(reverse("dashboard:home")).status_code == 200  # "not required" is now kept
    requires_it.two_factor_roles = ["analyst"]
    requires_it.save()
    assert analyst.get(reverse("dashboard:home")).status_code == 302


@pytest.mark.django_db
def test_next_sign_in_asks_for_a_code_and_a_recovery_code_works_once(requires_it, sign_in, client) -> None:
    _set_up(sign_in("coordinator"))
    client.logout()
    coordinator = User.objects.get(username="coordinator")
    codes = twofactor.make_recovery_codes(coordinator)
    client.force_login(coordinator)
    assert client.get(reverse("dashboard:home"))["Location"].startswith(reverse("accounts:two_factor_verify"))
    wrong = client.post(reverse("accounts:two_factor_verify"), {"code": "000000"})
    assert wrong.status_code == 200 and "Enter the 6-digit code" in wrong.content.decode()
    assert client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]}).status_code == 302
    assert client.get(reverse("dashboard:home")).status_code == 200
    client.logout()
    client.force_login(coordinator)
    assert client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]}).status_code == 200  # used
    log = AccessLog.objects.filter(username="coordinator").values_list("view", flat=True)
    assert "two-factor verified" in log and "two-factor failed" in log


@pytest.mark.django_db
def test_set_up_asks_for_the_apps_code_only_as_no_recovery_codes_exist_yet(requires_it, sign_in) -> None:
    page = sign_in("coordinator").get(reverse("accounts:two_factor_setup")).content.decode()
    assert "The 6-digit code your authenticator app shows now" in page
    assert "recovery code" not in page


@pytest.mark.django_db
def test_the_verify_page_puts_the_focus_on_the_code_field(requires_it, sign_in, client) -> None:
    _set_up(sign_in("coordinator"))
    client.logout()
    client.force_login(User.objects.get(username="coordinator"))
    page = client.get(reverse("accounts:two_factor_verify")).content.decode()
    field = re.search(r'<input[^>]*name="code"[^>]*>', page)
    assert field is not None and " autofocus" in field.group(0)
    assert "or one of your recovery codes" in page


@pytest.mark.django_db
def test_a_code_cannot_be_used_twice(requires_it, sign_in) -> None:
    device = _set_up(sign_in("coordinator"))
    device.refresh_from_db()
    code = pyotp.TOTP(device.secret).now()
    assert not twofactor.check_code(device, code)  # the one just used to set up


@pytest.mark.django_db
def test_require_verified_guards_a_view_other_apps_write(requires_it) -> None:
    @twofactor.require_verified
    def case_file(request):
        return HttpResponse("personal data")

    request = RequestFactory().get("/cases/1/")
    request.user = User.objects.get(username="coordinator")
    request.session = {}
    assert case_file(request).status_code == 302
    request.session[twofactor.SESSION_KEY] = request.user.pk
    assert case_file(request).content == b"personal data"


@pytest.mark.django_db
def test_a_failed_access_log_write_is_reported_and_the_page_still_answers(demo, sign_in, caplog) -> None:
    """Finding: a locked database turned every signed-in page into a 500 and the request went unlogged."""
    client = sign_in("board")

    def locked(execute, sql, params, many, context):
        if sql.startswith(f'INSERT INTO "{AccessLog._meta.db_table}"'):
            raise OperationalError("database is locked")
        return execute(sql, params, many, context)

    before = events.FAILED_WRITES["count"]
    with connection.execute_wrapper(locked):
        assert client.get(reverse("dashboard:home")).status_code == 200
    assert events.FAILED_WRITES["count"] == before + 1
    assert "Access log row not written (database is locked): GET / 200 by board" in caplog.text


@pytest.mark.django_db
def test_signed_in_pages_and_downloads_are_not_stored_by_browsers(demo, sign_in, client) -> None:
    """Finding: no Cache-Control: no-store on signed-in pages and downloads."""
    assert "no-store" not in client.get(reverse("board:published")).get("Cache-Control", "")
    board = sign_in("board")
    for url in (reverse("dashboard:home"), reverse("plan:export", args=[demo.plan.pk])):
        assert "no-store" in board.get(url)["Cache-Control"], url
