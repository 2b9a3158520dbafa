"""Sign-in throttling: too many failures for a user name or an address lock it for a while.

Counts live in the cache (``JASTAR_CACHE_URL``: Redis when several web processes serve).
"""

from __future__ import annotations

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache


def _address(ip: str) -> str:
    """The address counted: an IPv6 client is counted by its /64 network, which one
    subscriber gets whole (a new address each attempt would otherwise escape the count)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _keys(username: str, ip: str | None) -> list[str]:
    name = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    keys = [f"jastar:login-fail:user:{name}"]
    if ip:
        keys.append(f"jastar:login-fail:ip:{_address(ip)}")
    return keys


def login_blocked(username: str, ip: str | None) -> bool:
    """Whether sign-in for ``username`` or from ``ip`` is refused for now."""
    limit = settings.JASTAR_LOGIN_MAX_FAILURES
    # An address may try a few user names (a shared office connection) before it is held.
    limits = [limit, limit * 4]
    counts = [cache.get(key, 0) for key in _keys(username, ip)]
    return any(count >= lim for count, lim in zip(counts, limits, strict=False))


def login_failed(username: str, ip: str | None) -> None:
    """Count one failed attempt for ``username`` and ``ip``."""
    window = settings.JASTAR_LOGIN_WINDOW_SECONDS
    for key in _keys(username, ip):
        if cache.add(key, 1, timeout=window):
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=window)


def login_succeeded(username: str) -> None:
    """Forget the failures of ``username`` (the address keeps its count)."""
    cache.delete(_keys(username, None)[0])
