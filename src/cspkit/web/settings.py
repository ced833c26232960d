"""Django settings for the cspkit web app, built from :mod:`cspkit.web.conf` (``CSPKIT_*`` variables).

Secure by default: every page needs a login unless its view says otherwise, a strict content
security policy (no inline script or style), login throttling, and security headers.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF

from cspkit.web.conf import SQLITE_OPTIONS, database_from_url, default_database_url, secret_key_from_home, web_settings

WEB_DIR = Path(__file__).resolve().parent
_web, HOME = web_settings()

DEBUG = _web.debug
SECRET_KEY = _web.secret_key or secret_key_from_home(HOME)
ALLOWED_HOSTS = _web.allowed_hosts

DATABASES = {"default": database_from_url(_web.database_url or default_database_url(HOME))}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # IMMEDIATE transactions and WAL let several gunicorn workers share one file without
    # "database is locked" errors; the timeout waits for a writer instead of failing.
    DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "cspkit.web.core",
    "cspkit.web.accounts",
    "cspkit.web.permissions",
    "cspkit.web.plan",
    "cspkit.web.performance",
    "cspkit.web.board",
    "cspkit.web.evidence",
    "cspkit.web.audit",
    "cspkit.web.dashboard",
    "cspkit.web.commissioning",
    "cspkit.web.registers",
    "cspkit.web.cases",
    "cspkit.web.reviews",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "simple_history",
    "axes",
    "csp",
    "django_htmx",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "cspkit.web.accounts.twofactor.TwoFactorMiddleware",
    "cspkit.web.core.middleware.NoStoreForSignedInMiddleware",
    "cspkit.web.core.middleware.BadPathValuesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "cspkit.web.core.middleware.PermissionsPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "cspkit.web.audit.middleware.AccessLogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cspkit.web.urls"
WSGI_APPLICATION = "cspkit.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cspkit.web.core.context.site",
            ],
        },
    }
]
FORM_RENDERER = "cspkit.web.core.forms.GovukFormRenderer"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "cspkit.web.accounts.backends.ModelBackend",  # Django's, with the signed-in person kept per generation
]
SESSION_ENGINE = "cspkit.web.accounts.sessions"  # Django's database sessions, read in one written-out query
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "dashboard:home"

# Login throttling: five wrong passwords for one user name from one address locks it for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Security headers and cookies.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(timedelta(hours=8).total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
if _web.https:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(timedelta(days=365).total_seconds())
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Content security policy: only our own scripts, styles and images; no inline code; no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = None  # served straight from the apps (below); no collectstatic step
# Static files are served from the apps' folders by WhiteNoise, so no collectstatic step is needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Casework rules a partnership may change (see cspkit/casework/*.yaml); None uses the shipped defaults.
CSPKIT_CASEWORK_SETTINGS = _web.casework_settings
CSPKIT_RISK_QUESTIONNAIRE = _web.risk_questionnaire

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "cspkit.web.log.CurrentStderrHandler"}},  # see its docstring
    "filters": {"one_line_refusals": {"()": "cspkit.web.log.OneLineRefusals"}},
    "loggers": {
        "django.request": {"filters": ["one_line_refusals"]},  # a 403 is one line, not a traceback
        "cspkit.web.audit": {"level": "INFO"},  # the audit log's head at start-up (audit.personal.log_chain_head)
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Mail (password resets, invitations): SMTP when CSPKIT_EMAIL_HOST is set, otherwise each message
# is written as a file in CSPKIT_HOME/mail for an administrator to read or forward.
if _web.email_host:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _web.email_host
    EMAIL_PORT = _web.email_port
    EMAIL_HOST_USER = _web.email_user
    EMAIL_HOST_PASSWORD = _web.email_password
    EMAIL_USE_TLS = _web.email_use_tls
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(HOME / "mail")
DEFAULT_FROM_EMAIL = _web.email_from
PASSWORD_RESET_TIMEOUT = int(timedelta(days=3).total_seconds())
