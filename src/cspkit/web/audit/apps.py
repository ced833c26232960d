from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cspkit.web.audit"
    label = "audit"
    verbose_name = "Access log"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from cspkit.web.audit import events

        # Signing in, signing out and failed attempts go in the access log beside the pages seen.
        user_logged_in.connect(events.on_signed_in, dispatch_uid="cspkit_access_log_sign_in")
        user_logged_out.connect(events.on_signed_out, dispatch_uid="cspkit_access_log_sign_out")
        user_login_failed.connect(events.on_sign_in_failed, dispatch_uid="cspkit_access_log_failed")
