"""Shared test set-up for Bodø bolig.

Sections:
  1. Settings for the whole test session
  2. External services: Redis, Chromium (skip locally, fail under CI=true)
  3. Markers: `postgres` tests run only in the PostgreSQL pass
  4. Fixtures for the domain (factories, users per role, ...)

How the two CI passes split the suite (see .ci/run):
  * pass 1: SQLite (the default DATABASE_URL). Tests marked `postgres` do not
    run here: locally they are skipped with a reason, under CI=true they are
    deselected (the PostgreSQL pass runs them), so CI never reports a skip.
  * pass 2: DATABASE_URL=postgres://postgres@127.0.0.1:5432/bodobolig. Every
    test runs, the `postgres` ones included.
Under CI=true a missing service (Redis, Chromium, axe-core) fails the test
instead of skipping it, and any skip at all fails the run: "a skip in CI is a
defect" (STYLE.md).
"""

import os
import shutil
from pathlib import Path

import pytest
from django.test import override_settings

IN_CI = os.environ.get("CI") == "true"
BASE_DIR = Path(__file__).resolve().parent.parent


# --- 1. Settings for the whole test session --------------------------------


@pytest.fixture(scope="session", autouse=True)
def _test_settings(tmp_path_factory):
    """Fast hashing, in-memory e-mail, a throw-away MEDIA_ROOT, tasks in process.

    Settings are read from the environment before this file is imported (by
    pytest-django), so the overrides are applied here rather than through env
    vars. The Celery app caches its configuration, so it is told directly too.
    """
    media_root = tmp_path_factory.mktemp("media")
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        MEDIA_ROOT=str(media_root),
        PRIVATE_MEDIA_ROOT=str(media_root / "private"),
        CELERY_TASK_ALWAYS_EAGER=True,
    ):
        celery_app = _celery_app()
        previous_eager = celery_app.conf.task_always_eager if celery_app else None
        if celery_app:
            celery_app.conf.task_always_eager = True
        try:
            yield
        finally:
            if celery_app:
                celery_app.conf.task_always_eager = previous_eager
    shutil.rmtree(media_root, ignore_errors=True)


def _celery_app():
    try:
        from bodobolig.celery import app
    except ImportError:  # the project without its Celery app (early development)
        return None
    return app


# --- 2. External services ---------------------------------------------------


def require_service(name: str, reason: str) -> None:
    """Stop the current test because `name` is unavailable.

    Locally that is a skip (a laptop without Redis can still run the rest); in
    CI (CI=true) it is a failure, because CI provides every service.
    """
    message = f"{name} is not available: {reason}"
    if IN_CI:
        pytest.fail(f"{message} (CI=true: a missing service fails the run)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def redis_url() -> str:
    """URL of a Redis database the tests may use (and flush): TEST_REDIS_URL,
    default redis://127.0.0.1:6379/15. Checked with PING once per session."""
    import redis

    url = os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/15"
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
        error = None
    except redis.RedisError as exc:
        error = exc
    finally:
        client.close()
    if error:
        require_service("Redis", f"{url} did not answer PING ({error})")
    return url


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path to Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium)."""
    path = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    if not os.access(path, os.X_OK):
        require_service("Chromium", f"{path} not found; apt-get install chromium")
    return path


# --- 3. Markers ---------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    postgres_only = [item for item in items if item.get_closest_marker("postgres")]
    if not postgres_only:
        return
    if IN_CI:
        # The PostgreSQL pass of .ci/run runs these; here they are not part of
        # the selection at all, so the SQLite pass has no skips.
        config.hook.pytest_deselected(items=postgres_only)
        items[:] = [item for item in items if not item.get_closest_marker("postgres")]
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL: run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/bodobolig"
    )
    for item in postgres_only:
        item.add_marker(skip)


def pytest_sessionfinish(session, exitstatus):
    """Under CI=true a skipped test fails the run (STYLE.md: a skip in CI is a defect)."""
    if not IN_CI or exitstatus != pytest.ExitCode.OK:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_sep(
            "!", f"CI=true: {len(skipped)} test(s) skipped; skips are not allowed in CI", red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# --- 4. Fixtures for the domain ---------------------------------------------


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request in English (set_language + LocaleMiddleware) leaves English active in
    the thread; put the default language back so later tests see Norwegian messages."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
