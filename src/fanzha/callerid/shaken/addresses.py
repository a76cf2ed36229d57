"""Which addresses an x5u fetch may connect to.

An x5u URL is chosen by whoever sent the call, so fetching it blindly lets any
caller make the verifier probe the operator's own network (SSRF). Only
globally routable unicast addresses are allowed, plus the networks an operator
lists for closed test networks. IPv6 forms that embed an IPv4 address
(v4-mapped, NAT64, 6to4) are judged by the embedded address too, because
``ipaddress`` calls some of them global.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))


def parse_networks(text: str) -> tuple[IPNetwork, ...]:
    """Comma-separated CIDRs ("127.0.0.0/8, ::1/128"); ValueError on a bad one."""
    return tuple(
        ipaddress.ip_network(part.strip(), strict=False) for part in text.split(",") if part.strip()
    )


def forbidden_reason(address: IPAddress, allowed: Iterable[IPNetwork] = ()) -> str | None:
    """None if the address may be fetched from, else why not ("loopback", "private" ...)."""
    allowed = tuple(allowed)
    candidates = [address, *_embedded_ipv4(address)]
    if any(addr in net for addr in candidates for net in allowed if addr.version == net.version):
        return None
    for addr in candidates:
        reason = _reason(addr)
        if reason is not None:
            return reason
    return None


def _reason(addr: IPAddress) -> str | None:
    if addr.is_unspecified:
        return "unspecified"
    if addr.is_loopback:
        return "loopback"
    if addr.is_link_local:
        return "link-local"
    if addr.is_multicast:
        return "multicast"
    if addr.is_private:
        return "private"
    if addr.is_reserved:
        return "reserved"
    if not addr.is_global:
        return "not globally routable"
    return None


def _embedded_ipv4(addr: IPAddress) -> list[ipaddress.IPv4Address]:
    if not isinstance(addr, ipaddress.IPv6Address):
        return []
    found = [a for a in (addr.ipv4_mapped, addr.sixtofour) if a is not None]
    if any(addr in net for net in _NAT64):
        found.append(ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF))
    return found
