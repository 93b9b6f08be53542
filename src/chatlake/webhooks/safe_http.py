"""The one outgoing HTTP client: refuses private targets, pins the checked address, caps time and size."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpx

MAX_RESPONSE_BYTES = 64 * 1024


class RefusedTarget(Exception):
    """The URL points somewhere outgoing requests may not go."""


@dataclass(frozen=True)
class Response:
    status_code: int
    body: bytes


def _parse_allow_list(raw: str) -> tuple[set[str], list[ipaddress._BaseNetwork]]:
    hosts: set[str] = set()
    networks: list[ipaddress._BaseNetwork] = []
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            hosts.add(item.lower())
    return hosts, networks


def _is_public(address: ipaddress._BaseAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


class SafeHttpClient:
    def __init__(self, allowed_private_hosts: str = "", timeout: float = 5.0) -> None:
        self._allowed_hosts, self._allowed_networks = _parse_allow_list(allowed_private_hosts)
        self._timeout = timeout
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            trust_env=False,
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
        )

    def _allowed(self, host: str, address: ipaddress._BaseAddress) -> bool:
        if _is_public(address) or host.lower() in self._allowed_hosts:
            return True
        plain = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped else address
        return any(plain in net for net in self._allowed_networks if net.version == plain.version)

    async def resolve_checked(self, host: str, port: int) -> str:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise RefusedTarget(f"cannot resolve {host}: {exc}") from None
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
        if not addresses:
            raise RefusedTarget(f"{host} has no address")
        # Every address must pass: otherwise DNS could hand out a private one on the next lookup.
        for address in addresses:
            if not self._allowed(host, address):
                raise RefusedTarget(f"{host} resolves to a refused address ({address})")
        return str(addresses[0])

    async def post(self, url: str, content: bytes, headers: dict[str, str]) -> Response:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise RefusedTarget("only http(s) URLs are allowed")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = await self.resolve_checked(parts.hostname, port)
        netloc = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
        pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
        request_headers = {**headers, "Host": parts.netloc.rsplit("@", 1)[-1]}
        extensions = {"sni_hostname": parts.hostname} if parts.scheme == "https" else {}
        request = self._client.build_request(
            "POST", pinned, content=content, headers=request_headers, extensions=extensions
        )
        response = await self._client.send(request, stream=True)
        try:
            body = b""
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) >= MAX_RESPONSE_BYTES:
                    body = body[:MAX_RESPONSE_BYTES]
                    break
        finally:
            await response.aclose()
        return Response(response.status_code, body)

    async def aclose(self) -> None:
        await self._client.aclose()
