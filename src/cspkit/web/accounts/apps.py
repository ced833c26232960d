from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cspkit.web.accounts"
    label = "accounts"
    verbose_name = "People and partnerships"

    def ready(self) -> None:
        from django.contrib.auth import user_logged_in

        from cspkit.web.accounts.signals import record_last_login

        # Signing in is recorded in the access log; the account's history is kept for real changes
        # (role, agency, partnerships), so the time of the last sign-in is saved without a history row.
        user_logged_in.disconnect(dispatch_uid="update_last_login")
        user_logged_in.connect(record_last_login, dispatch_uid="update_last_login")
