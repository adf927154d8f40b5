import pytest
from django.core.cache import cache

from tests.integrations.world import ApiWorld
from tests.worlds import rolled_back_world


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Throttling counts requests in the cache; each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One data set for the module, rolled back after its last test."""
    with rolled_back_world(ApiWorld, django_db_blocker) as world:
        yield world
