"""Which hosts a fetch may reach: public addresses only, unless a host is allowed by name.

The check is made where the connection is opened, on the addresses the name resolves to then,
so a name that resolves to a private address later (DNS rebinding), or a redirect to one,
is refused as surely as a literal 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from typing import Any

import httpcore


class BlockedAddress(Exception):
    """A fetch would reach a loopback, private, link-local or reserved address."""


def normal_host(host: str) -> str:
    """A host as allow lists compare it: lower-case, without brackets or a trailing dot."""
    return host.strip().strip("[]").rstrip(".").lower()


def is_public(address: str) -> bool:
    """Whether an IP address is a global one (not loopback, private, link-local, reserved or multicast)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def public_addresses(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to, all public; BlockedAddress naming the first one that is not."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise httpcore.ConnectError(f"cannot resolve {host} ({exc.strerror})") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    for address in addresses:
        if not is_public(address):
            literal = normal_host(host) == normal_host(address)
            where = f"{host} is" if literal else f"{host} is at {address},"
            raise BlockedAddress(f"{where} a private or local address")
    return addresses


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's network backend, connecting only to public addresses or to the hosts allowed by name."""

    def __init__(self, allowed: Iterable[str] = ()) -> None:
        self.allowed = frozenset(normal_host(host) for host in allowed)

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, *args: Any,
                    **kwargs: Any) -> httpcore.NetworkStream:  # fmt: skip
        if normal_host(host) in self.allowed:
            return super().connect_tcp(host, port, timeout, *args, **kwargs)
        error: Exception | None = None
        for address in public_addresses(host, port):
            try:  # the address checked is the address connected to: no second resolution
                return super().connect_tcp(address, port, timeout, *args, **kwargs)
            except httpcore.ConnectError as exc:
                error = exc
        raise error or httpcore.ConnectError(f"cannot connect to {host}")

    def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        raise BlockedAddress("fetching through a Unix socket is not allowed")
