"""Settings of the test provider (see __init__). Not Kompas' settings."""

import os
from pathlib import Path

DATA = Path(os.environ["PROVIDER_DATA"])
SECRET_KEY = "test-provider-only-" + "p" * 50
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SITE_URL = os.environ["PROVIDER_URL"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "kompas.sso.tests.provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA / "provider.sqlite3")}
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
LOGIN_URL = "/login/"
# Its cookies must not collide with Kompas' on the same loopback address.
SESSION_COOKIE_NAME = "provider_session"
CSRF_COOKIE_NAME = "provider_csrf"
OIDC_IDTOKEN_SUB_GENERATOR = "kompas.sso.tests.provider.views.subject"
OIDC_IDTOKEN_PROCESSING_HOOK = "kompas.sso.tests.provider.views.id_token_hook"
OIDC_IDTOKEN_INCLUDE_CLAIMS = False
OIDC_SKIP_CONSENT_EXPIRE = 365
LOGGING = {
    "version": 1,
    "disable_existing_loggers": True,
    "root": {"handlers": [], "level": "CRITICAL"},
}
