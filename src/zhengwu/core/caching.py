"""The shared cache (Redis) that degrades instead of failing.

With several web instances the page cache, rate limits, captcha answers, sessions and lockouts
live in Redis. If Redis stops, the site must stay up: a read is a miss, a write is dropped, and a
warning is logged once a minute per process — pages are rendered afresh, sessions are read from the
database (cached_db), and nothing stored in the database is lost. Once Redis is back the next
request uses it again (redis-py reconnects by itself).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)
_DOWN = (RedisConnectionError, RedisTimeoutError, OSError)
_last_warning = 0.0


def _warn(operation: str, exc: BaseException) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning > 60:
        _last_warning = now
        log.warning("shared cache unavailable (%s: %s); serving without it", operation, exc)


class ForgivingRedisCache(RedisCache):
    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except _DOWN as exc:
            _warn("get", exc)
            return default

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        try:
            return super().get_many(keys, version)
        except _DOWN as exc:
            _warn("get_many", exc)
            return {}

    def has_key(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().has_key(key, version)
        except _DOWN as exc:
            _warn("has_key", exc)
            return False

    def set(self, key: Any, value: Any, timeout: Any = ..., version: int | None = None) -> None:
        try:
            if timeout is ...:
                super().set(key, value, version=version)
            else:
                super().set(key, value, timeout, version)
        except _DOWN as exc:
            _warn("set", exc)

    def add(self, key: Any, value: Any, timeout: Any = ..., version: int | None = None) -> bool:
        # Unknown whether the key exists: answer as for a new key (availability first; the
        # callers — captcha answers, rate limits — then fall back to their other checks).
        try:
            if timeout is ...:
                return super().add(key, value, version=version)
            return super().add(key, value, timeout, version)
        except _DOWN as exc:
            _warn("add", exc)
            return True

    def set_many(self, data: dict[Any, Any], timeout: Any = ..., version: int | None = None):
        try:
            if timeout is ...:
                return super().set_many(data, version=version)
            return super().set_many(data, timeout, version)
        except _DOWN as exc:
            _warn("set_many", exc)
            return list(data)

    def touch(self, key: Any, timeout: Any = ..., version: int | None = None) -> bool:
        try:
            if timeout is ...:
                return super().touch(key, version=version)
            return super().touch(key, timeout, version)
        except _DOWN as exc:
            _warn("touch", exc)
            return False

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().delete(key, version)
        except _DOWN as exc:
            _warn("delete", exc)
            return False

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        try:
            super().delete_many(keys, version)
        except _DOWN as exc:
            _warn("delete_many", exc)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        try:
            return super().incr(key, delta, version)
        except _DOWN as exc:
            _warn("incr", exc)
            raise ValueError("shared cache unavailable") from exc  # as for a missing key

    def clear(self) -> None:
        try:
            super().clear()
        except _DOWN as exc:
            _warn("clear", exc)
