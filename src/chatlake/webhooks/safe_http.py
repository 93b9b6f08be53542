"""The one outgoing HTTP client: refuses private targets, pins the checked address, caps time and size.

The rules, in the order they are applied (docs/security.md explains them for operators):

1. Only http and https URLs without credentials, with a syntactically valid host, are accepted.
2. The host is normalised once. IPv4 literals in any encoding browsers and inet_aton accept
   (``127.1``, ``0x7f000001``, ``2130706433``, ``017700000001``) become the dotted address they stand
   for; bracketed IPv6 literals are parsed; names are lower-cased, IDNA-encoded, trailing dot dropped.
3. Names are resolved; literals are not. Every resulting address must be public, or permitted by
   the operator's allow-list (a host name, or a CIDR containing the address).
4. The request is sent to the first checked address itself (the URL is rewritten to it), with the
   original name only in the Host header and the TLS SNI/certificate check. Nothing is resolved again.
5. Redirects are never followed, the whole exchange has one deadline, and the body read is capped.
6. Connections are kept alive and reused only for the same (scheme, checked address, port, host name):
   each such endpoint has a pool of its own, so a connection opened (and, over TLS, verified) for one
   name never carries a request for another name on the same address.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
import ssl
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

import httpx

MAX_RESPONSE_BYTES = 64 * 1024
# Connections per endpoint, and endpoints whose idle connections are kept (least recently used dropped).
CONNECTIONS_PER_ENDPOINT = 8
MAX_ENDPOINT_POOLS = 256
KEEPALIVE_SECONDS = 30.0

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Given a host name and port, returns the addresses (as text) a connection could go to.
Resolver = Callable[[str, int], Awaitable[Iterable[str]]]


class RefusedTarget(Exception):
    """The URL points somewhere outgoing requests may not go."""


@dataclass(frozen=True)
class Response:
    status_code: int
    body: bytes


@dataclass(frozen=True)
class Target:
    """A URL that passed every check, reduced to what the request will actually use."""

    scheme: str
    host: str  # normalised name, or the canonical text of an IP literal
    port: int
    address: IPAddress  # the address that was checked and that will be connected to
    path_and_query: str
    is_ip_literal: bool

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == _DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"

    @property
    def pool_key(self) -> tuple[str, IPAddress, int, str]:
        """What a kept-alive connection may be reused for: exactly this name at exactly this address."""
        return (self.scheme, self.address, self.port, self.host)

    @property
    def pinned_url(self) -> str:
        address = f"[{self.address}]" if self.address.version == 6 else str(self.address)
        return f"{self.scheme}://{address}:{self.port}{self.path_and_query}"


_DEFAULT_PORTS = {"http": 80, "https": 443}


# ---------------------------------------------------------------------------------------------
# Which addresses are refused unless allow-listed
# ---------------------------------------------------------------------------------------------


def _networks(*entries: tuple[str, str]) -> tuple[tuple[IPNetwork, str], ...]:
    return tuple((ipaddress.ip_network(cidr), label) for cidr, label in entries)


# Spelled out rather than left to ipaddress.is_private, whose lists changed between Python patch
# releases; the stdlib flags are still consulted afterwards as a second opinion.
_REFUSED_IPV4 = _networks(
    ("0.0.0.0/8", "unspecified / this network"),
    ("10.0.0.0/8", "private"),
    ("100.64.0.0/10", "carrier-grade NAT"),
    ("127.0.0.0/8", "loopback"),
    ("169.254.0.0/16", "link-local (cloud metadata)"),
    ("172.16.0.0/12", "private"),
    ("192.0.0.0/24", "IETF protocol assignments"),
    ("192.0.2.0/24", "documentation"),
    ("192.88.99.0/24", "6to4 relay anycast"),
    ("192.168.0.0/16", "private"),
    ("198.18.0.0/15", "benchmarking"),
    ("198.51.100.0/24", "documentation"),
    ("203.0.113.0/24", "documentation"),
    ("224.0.0.0/4", "multicast"),
    ("240.0.0.0/4", "reserved / broadcast"),
)

_REFUSED_IPV6 = _networks(
    ("::/128", "unspecified"),
    ("::1/128", "loopback"),
    ("::/96", "IPv4-compatible (deprecated)"),
    ("64:ff9b:1::/48", "local-use NAT64"),
    ("100::/64", "discard-only"),
    ("2001::/23", "IETF protocol assignments (incl. Teredo)"),
    ("2001:db8::/32", "documentation"),
    # 6to4 is deprecated and not globally reachable; refusing it whole also covers relays that
    # would deliver to a private IPv4 address embedded in it.
    ("2002::/16", "6to4"),
    ("3fff::/20", "documentation"),
    ("fc00::/7", "unique local (private)"),
    ("fe80::/10", "link-local"),
    ("fec0::/10", "site-local (deprecated)"),
    ("ff00::/8", "multicast"),
)

# Well-known NAT64 prefix: the translator connects to the IPv4 address in the last 32 bits.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Everything public in IPv6 today lies in here; anything else is reserved in one way or another.
_GLOBAL_UNICAST_IPV6 = ipaddress.ip_network("2000::/3")


def _first_matching_label(address: IPAddress, networks: tuple[tuple[IPNetwork, str], ...]) -> str | None:
    return next((label for network, label in networks if address in network), None)


def _ipv4_refusal(address: ipaddress.IPv4Address) -> str | None:
    label = _first_matching_label(address, _REFUSED_IPV4)
    if label is None and not address.is_global:
        label = "not globally routable"
    return label


def _ipv6_refusal(address: ipaddress.IPv6Address) -> str | None:
    if address.ipv4_mapped is not None:
        return _ipv4_refusal(address.ipv4_mapped)
    if address in _NAT64:
        embedded = _ipv4_refusal(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        return f"NAT64 of {embedded}" if embedded else None
    label = _first_matching_label(address, _REFUSED_IPV6)
    if label is None and address not in _GLOBAL_UNICAST_IPV6:
        label = "reserved"
    if label is None and not address.is_global:
        label = "not globally routable"
    return label


def refusal_reason(address: IPAddress) -> str | None:
    """Why connecting to this address is refused by default; None when it is public."""
    if isinstance(address, ipaddress.IPv4Address):
        return _ipv4_refusal(address)
    return _ipv6_refusal(address)


def _unmap(address: IPAddress) -> IPAddress:
    """::ffff:a.b.c.d is connected to over IPv4 as a.b.c.d, so that is the address to check and use."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


# ---------------------------------------------------------------------------------------------
# Host normalisation
# ---------------------------------------------------------------------------------------------

_LABEL = re.compile(r"[a-z0-9_-]{1,63}")
_HEX_DIGITS = set("0123456789abcdefABCDEF")


def normalise_host_name(raw: str) -> str:
    """Lower-case ASCII (IDNA) form without a trailing dot; raises ValueError for anything else."""
    name = raw.lower().removesuffix(".")
    if not name.isascii():
        try:
            name = name.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise ValueError(f"invalid host name {raw!r}") from exc
    if len(name) > 253 or not all(_LABEL.fullmatch(label) for label in name.split(".")):
        raise ValueError(f"invalid host name {raw!r}")
    return name


def _is_numeric_label(label: str) -> bool:
    if label[:2].lower() == "0x":
        return all(char in _HEX_DIGITS for char in label[2:])
    return label.isascii() and label.isdigit()


def _ipv4_number(label: str) -> int:
    # int() alone would also take "1_0", " 10" and Unicode digits, which no resolver does.
    if label[:2].lower() == "0x":
        digits, base = label[2:] or "0", 16
    elif len(label) > 1 and label.startswith("0"):
        digits, base = label[1:], 8
    else:
        digits, base = label, 10
    if not (label.isascii() and digits.isalnum()):
        raise ValueError(label)
    return int(digits, base)


def parse_ipv4_literal(host: str) -> ipaddress.IPv4Address | None:
    """The address a numeric host stands for, in every form inet_aton and browsers accept.

    Returns None for a host name. A host whose last label is numeric but that is not a valid
    address (``1.2.3.999``, ``example.123``) raises ValueError rather than being looked up in DNS,
    as browsers do.
    """
    labels = host.split(".")
    if len(labels) > 1 and labels[-1] == "":
        labels.pop()
    if not labels[-1] or not _is_numeric_label(labels[-1]):
        return None
    try:
        if len(labels) > 4 or "" in labels:
            raise ValueError(host)
        *leading, last = (_ipv4_number(label) for label in labels)
        if any(number > 255 for number in leading) or last >= 256 ** (5 - len(labels)):
            raise ValueError(host)
    except ValueError:
        raise ValueError(f"invalid IPv4 address {host!r}") from None
    value = last
    for position, number in enumerate(leading):
        value += number << (8 * (3 - position))
    return ipaddress.IPv4Address(value)


def _parse_ipv6_literal(host: str) -> IPAddress:
    # A zone (fe80::1%eth0) picks an interface; only link-local addresses use one and they are refused.
    if "%" in host:
        raise ValueError("IPv6 zone identifiers are not allowed")
    return _unmap(ipaddress.IPv6Address(host))


def _ip_literal(host: str) -> IPAddress | None:
    if ":" in host:
        return _parse_ipv6_literal(host)
    return parse_ipv4_literal(host)


# ---------------------------------------------------------------------------------------------
# Allow-list
# ---------------------------------------------------------------------------------------------


def _allow_list_network(entry: str) -> IPNetwork | None:
    try:
        network = ipaddress.ip_network(entry, strict=False)
    except ValueError:
        # "127.1" would otherwise be taken for a host name that no URL host ever normalises to.
        address = parse_ipv4_literal(entry)
        return ipaddress.IPv4Network(address) if address is not None else None
    mapped = network.network_address.ipv4_mapped if network.version == 6 else None
    if mapped is not None and network.prefixlen >= 96:
        # Addresses are checked in unmapped form, so a mapped entry has to be too.
        return ipaddress.IPv4Network(f"{mapped}/{network.prefixlen - 96}", strict=False)
    return network


@dataclass(frozen=True)
class AllowList:
    """Operator-chosen exceptions: host names, and CIDRs (a bare address is a /32 or /128)."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def parse(cls, raw: str) -> AllowList:
        """Comma-separated entries; raises ValueError on one that is neither, rather than ignore it."""
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        for entry in (part.strip().removeprefix("[").removesuffix("]") for part in raw.split(",")):
            if not entry:
                continue
            network = _allow_list_network(entry)
            if network is not None:
                networks.append(network)
            else:
                hosts.add(normalise_host_name(entry))
        return cls(frozenset(hosts), tuple(networks))

    def permits(self, host: str, address: IPAddress) -> bool:
        if host in self.hosts:
            return True
        return any(address in network for network in self.networks if network.version == address.version)


# ---------------------------------------------------------------------------------------------
# URL checking
# ---------------------------------------------------------------------------------------------


async def system_resolver(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [info[4][0] for info in infos]


def _split_url(url: str) -> tuple[SplitResult, int]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:  # bad brackets, port out of range or not a number
        raise RefusedTarget(f"malformed URL: {exc}") from None
    if parts.scheme not in _DEFAULT_PORTS:
        raise RefusedTarget("only http and https URLs are allowed")
    # Parsers disagree about where user info ends (http://a.com\@b.com/), so any "@" is refused.
    if "@" in parts.netloc:
        raise RefusedTarget("credentials in the URL are not allowed")
    if not parts.hostname:
        raise RefusedTarget("the URL has no host")
    return parts, port or _DEFAULT_PORTS[parts.scheme]


def _path_and_query(parts: SplitResult) -> str:
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path


def _parse_resolved(host: str, texts: Iterable[str]) -> list[IPAddress]:
    addresses: list[IPAddress] = []
    for text in texts:
        try:
            # getaddrinfo appends the zone to link-local results; the address alone decides.
            address = _unmap(ipaddress.ip_address(text.split("%", 1)[0]))
        except ValueError:
            raise RefusedTarget(f"{host} resolved to something that is not an address: {text!r}") from None
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise RefusedTarget(f"{host} has no address")
    return addresses


# ---------------------------------------------------------------------------------------------
# The client
# ---------------------------------------------------------------------------------------------


class SafeHttpClient:
    def __init__(
        self,
        allowed_private_hosts: str = "",
        timeout: float = 5.0,
        *,
        resolver: Resolver = system_resolver,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self._allow_list = AllowList.parse(allowed_private_hosts)
        self._timeout = timeout
        self._resolver = resolver
        # Built once and shared by every pool: loading the trust store is costly.
        self._ssl_context = httpx.create_ssl_context(
            verify=ssl_context if ssl_context is not None else True, trust_env=False
        )
        self._pools: OrderedDict[tuple[str, IPAddress, int, str], httpx.AsyncHTTPTransport] = OrderedDict()

    def _transport(self, target: Target) -> httpx.AsyncHTTPTransport:
        """The pool for exactly this endpoint (rule 6), created on first use."""
        transport = self._pools.get(target.pool_key)
        if transport is not None:
            self._pools.move_to_end(target.pool_key)
            return transport
        # The bare transport, not httpx.AsyncClient: it has no redirect handling, cookie jar,
        # authentication or proxy settings that could send a request anywhere but the pinned address.
        transport = httpx.AsyncHTTPTransport(
            verify=self._ssl_context,
            trust_env=False,
            limits=httpx.Limits(
                max_connections=CONNECTIONS_PER_ENDPOINT,
                max_keepalive_connections=CONNECTIONS_PER_ENDPOINT,
                keepalive_expiry=KEEPALIVE_SECONDS,
            ),
        )
        self._pools[target.pool_key] = transport
        if len(self._pools) > MAX_ENDPOINT_POOLS:
            _, oldest = self._pools.popitem(last=False)
            # Its connections are closed; a request still on one fails and is retried like any failure.
            asyncio.get_running_loop().create_task(oldest.aclose())
        return transport

    async def check(self, url: str) -> Target:
        """Everything but the connection: raises RefusedTarget, or returns where to connect."""
        parts, port = _split_url(url)
        try:
            literal = _ip_literal(parts.hostname)
            host = str(literal) if literal is not None else normalise_host_name(parts.hostname)
        except ValueError as exc:
            raise RefusedTarget(str(exc)) from None
        addresses = [literal] if literal is not None else await self._resolve(host, port)
        # Every address must pass, not just the one used: a name that mixes public and private
        # addresses is refused as a whole.
        for address in addresses:
            self._ensure_allowed(host, address)
        return Target(parts.scheme, host, port, addresses[0], _path_and_query(parts), literal is not None)

    async def _resolve(self, host: str, port: int) -> list[IPAddress]:
        try:
            texts = await self._resolver(host, port)
        except (OSError, UnicodeError) as exc:
            raise RefusedTarget(f"cannot resolve {host}: {exc}") from None
        return _parse_resolved(host, texts)

    def _ensure_allowed(self, host: str, address: IPAddress) -> None:
        reason = refusal_reason(address)
        if reason is not None and not self._allow_list.permits(host, address):
            raise RefusedTarget(
                f"{host} is {address} ({reason}); allow it with CHATLAKE_ALLOWED_PRIVATE_HOSTS if intended"
            )

    async def post(self, url: str, content: bytes, headers: dict[str, str]) -> Response:
        """POST to a checked URL. Raises RefusedTarget, TimeoutError (overall deadline) or httpx errors.

        A redirect is returned like any other response, never followed; the body is cut at
        MAX_RESPONSE_BYTES.
        """
        # One deadline for resolving, connecting, sending and reading: per-phase timeouts alone
        # let a server that trickles a byte at a time hold the request open indefinitely.
        async with asyncio.timeout(self._timeout):
            target = await self.check(url)
            return await self._send(target, content, headers)

    async def _send(self, target: Target, content: bytes, headers: dict[str, str]) -> Response:
        request = self._build_request(target, content, headers)
        response = await self._transport(target).handle_async_request(request)
        try:
            body = await _read_capped(response, MAX_RESPONSE_BYTES)
        finally:
            await response.aclose()
        return Response(response.status_code, body)

    def _build_request(self, target: Target, content: bytes, headers: dict[str, str]) -> httpx.Request:
        request_headers = httpx.Headers(headers)
        request_headers["Host"] = target.host_header
        # The cap counts bytes on the wire; a compressed body could expand far beyond it.
        request_headers["Accept-Encoding"] = "identity"
        timeout = {"connect": self._timeout, "read": self._timeout, "write": self._timeout, "pool": self._timeout}
        extensions: dict = {"timeout": timeout}
        if target.scheme == "https" and not target.is_ip_literal:
            extensions["sni_hostname"] = target.host
        request = httpx.Request(
            "POST", target.pinned_url, content=content, headers=request_headers, extensions=extensions
        )
        _ensure_pinned(request, target)
        return request

    async def aclose(self) -> None:
        pools = list(self._pools.values())
        self._pools.clear()
        for transport in pools:
            await transport.aclose()


def _ensure_pinned(request: httpx.Request, target: Target) -> None:
    """Guard: the URL handed to the transport must parse back to exactly the checked address and port."""
    port = request.url.port or _DEFAULT_PORTS[request.url.scheme]
    if ipaddress.ip_address(request.url.host) != target.address or port != target.port:
        raise RefusedTarget(f"pinned URL {request.url} does not match the checked address {target.address}")


async def _read_capped(response: httpx.Response, limit: int) -> bytes:
    body = bytearray()
    async for chunk in response.aiter_raw():
        body += chunk[: limit - len(body)]
        if len(body) >= limit:
            break  # closing the response drops the connection instead of draining the rest
    return bytes(body)
