"""A real local-memory cache that also notes which keys were read, for counting lookups."""

from django.core.cache.backends.locmem import LocMemCache


class KeyNotingLocMemCache(LocMemCache):
    """Django's local-memory cache; `read_keys` lists every key read through it, in order."""

    def __init__(self, name: str, params: dict) -> None:
        super().__init__(name, params)
        self.read_keys: list[str] = []

    def get(self, key, default=None, version=None):
        self.read_keys.append(key)
        return super().get(key, default, version)  # get_many() reads through get()
