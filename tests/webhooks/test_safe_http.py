"""SafeHttpClient: what it refuses, where it connects, and the caps it enforces.

Refusals are checked without any network: they happen before a connection is attempted, and the
resolver used for them fails the test if it is ever asked. Positive cases talk only to servers on
127.0.0.1 that the allow-list permits; public addresses are only checked, never connected to.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time

import httpx
import pytest

from chatlake.webhooks.safe_http import (
    MAX_RESPONSE_BYTES,
    AllowList,
    RefusedTarget,
    Response,
    SafeHttpClient,
    Target,
)
from tests.webhooks.local_servers import LocalServer, TlsFiles, make_tls_files, reply, trickle

PUBLIC_V4 = "93.184.216.34"
PUBLIC_V6 = "2606:2800:220:1:248:1893:25c8:1946"


def fake_dns(table: dict[str, list[str]]):
    """A resolver that knows only these names; anything else does not exist."""

    async def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, f"{host} is not in the test's table")
        return table[host]

    return resolve


async def no_dns(host: str, port: int) -> list[str]:
    raise AssertionError(f"the resolver must not be consulted here (asked for {host})")


def check(url: str, allowed: str = "", resolver=no_dns) -> Target:
    async def go() -> Target:
        client = SafeHttpClient(allowed, resolver=resolver)
        try:
            return await client.check(url)
        finally:
            await client.aclose()

    return asyncio.run(go())


def post(url: str, allowed: str = "", timeout: float = 5.0, **options) -> Response:
    async def go() -> Response:
        client = SafeHttpClient(allowed, timeout, **options)
        try:
            return await client.post(url, b'{"event":"test"}', {"Content-Type": "application/json"})
        finally:
            await client.aclose()

    return asyncio.run(go())


# ---------------------------------------------------------------------------------------------
# Refused without touching the network
# ---------------------------------------------------------------------------------------------

LOOPBACK_SPELLINGS = [
    "http://127.0.0.1/",
    "http://127.1/",
    "http://0x7f000001/",
    "http://0X7F000001/",
    "http://2130706433/",
    "http://017700000001/",
    "http://0177.0.0.1/",
    "http://0x7f.0.0.1/",
    "http://127.0.0.1./",
    "http://127.255.255.254:8080/hook",
    "https://127.0.0.1:8443/hook",
    "http://[::1]/",
    "http://[0:0:0:0:0:0:0:1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[::127.0.0.1]/",  # deprecated IPv4-compatible form
    "http://[64:ff9b::127.0.0.1]/",  # NAT64
    "http://[2002:7f00:1::1]/",  # 6to4
]

UNSPECIFIED = ["http://0.0.0.0/", "http://0/", "http://0x0/", "http://[::]/", "http://[::ffff:0.0.0.0]/"]

PRIVATE_AND_SPECIAL = [
    "http://10.0.0.1/",
    "http://10.255.255.255/",
    "http://172.16.0.1/",
    "http://172.31.255.254/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://169.254.0.1/",
    "http://100.64.0.1/",
    "http://100.127.255.254/",
    "http://224.0.0.1/",
    "http://239.255.255.250/",
    "http://240.0.0.1/",
    "http://255.255.255.255/",
    "http://192.0.0.8/",
    "http://192.0.2.1/",
    "http://198.18.0.1/",
    "http://[fc00::1]/",
    "http://[fd12:3456::1]/",
    "http://[fe80::1]/",
    "http://[fe80::1%25eth0]/",
    "http://[fec0::1]/",
    "http://[ff02::1]/",
    "http://[100::1]/",
    "http://[2001:db8::1]/",
    "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",  # Teredo
    "http://[::ffff:10.0.0.1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[64:ff9b::a00:1]/",  # NAT64 of 10.0.0.1
    "http://[64:ff9b::192.168.0.1]/",
    "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 of 169.254.169.254
    "http://[64:ff9b:1::8.8.8.8]/",  # local-use NAT64
    "http://[2002:c0a8:101::1]/",  # 6to4 of 192.168.1.1
    "http://[2002:a00:1::]/",  # 6to4 of 10.0.0.1
]

NOT_HTTP = [
    "ftp://example.com/",
    "file:///etc/passwd",
    "gopher://127.0.0.1:70/",
    "javascript:alert(1)",
    "//example.com/hook",
    "example.com/hook",
    "",
]

CREDENTIALS = [
    "http://user:pass@example.com/",
    "http://user@example.com/",
    "http://:secret@example.com/",
    "https://example.com@127.0.0.1/",
    "http://example.com\\@127.0.0.1/",  # browsers read this host as example.com, urlsplit as 127.0.0.1
]

MALFORMED = [
    "http:///no-host",
    "http://[::1/",
    "http://example.com:99999/",
    "http://example.com:port/",
    "http://1.2.3.999/",
    "http://256.256.256.256/",
    "http://1.2.3.4.5/",
    "http://example.123/",
    "http://08.0.0.1/",
    "http://exa mple.com/",
    "http://ex%41mple.com/",
    "http://" + "a" * 64 + ".com/",
]


@pytest.mark.parametrize("url", LOOPBACK_SPELLINGS + UNSPECIFIED + PRIVATE_AND_SPECIAL)
def test_private_literals_are_refused_without_resolving(url):
    with pytest.raises(RefusedTarget):
        check(url)


@pytest.mark.parametrize("url", NOT_HTTP + CREDENTIALS + MALFORMED)
def test_bad_urls_are_refused_before_resolving(url):
    with pytest.raises(RefusedTarget):
        check(url, resolver=fake_dns({"example.com": [PUBLIC_V4], "example.123": [PUBLIC_V4]}))


@pytest.mark.parametrize("url", ["http://localhost/", "http://LOCALHOST./hook", "https://localhost:8443/"])
def test_localhost_is_refused_through_the_system_resolver(url):
    async def go() -> None:
        client = SafeHttpClient()
        try:
            await client.check(url)
        finally:
            await client.aclose()

    with pytest.raises(RefusedTarget, match="loopback"):
        asyncio.run(go())


@pytest.mark.parametrize(
    "answer",
    [
        ["127.0.0.1"],
        ["::1"],
        ["::ffff:127.0.0.1"],
        ["169.254.169.254"],
        ["10.1.2.3"],
        ["fe80::1%eth0"],
        [PUBLIC_V4, "10.0.0.1"],  # one bad address spoils the name
        [PUBLIC_V6, "fd00::1"],
    ],
)
def test_names_resolving_to_private_addresses_are_refused(answer):
    with pytest.raises(RefusedTarget):
        check("https://innocent-looking.example/hook", resolver=fake_dns({"innocent-looking.example": answer}))


@pytest.mark.parametrize("answer", [[], ["not-an-address"], ["127.1"]])
def test_unusable_resolver_answers_are_refused(answer):
    with pytest.raises(RefusedTarget):
        check("http://odd.example/", resolver=fake_dns({"odd.example": answer}))


def test_unresolvable_name_is_refused():
    with pytest.raises(RefusedTarget, match="cannot resolve"):
        check("http://missing.example/", resolver=fake_dns({}))


# ---------------------------------------------------------------------------------------------
# Public targets pass the check (never connected to)
# ---------------------------------------------------------------------------------------------


def test_public_name_passes_and_is_pinned_to_its_address():
    target = check("https://Hooks.Example.com/receive?x=1", resolver=fake_dns({"hooks.example.com": [PUBLIC_V4]}))
    assert target.address == ipaddress.ip_address(PUBLIC_V4)
    assert target.host_header == "hooks.example.com"
    assert target.pinned_url == f"https://{PUBLIC_V4}:443/receive?x=1"


def test_public_ipv6_name_is_pinned_in_brackets():
    target = check("http://v6.example:8080/", resolver=fake_dns({"v6.example": [PUBLIC_V6]}))
    assert target.pinned_url == f"http://[{PUBLIC_V6}]:8080/"
    assert target.host_header == "v6.example:8080"


def test_first_of_several_public_addresses_is_used():
    target = check("http://multi.example/", resolver=fake_dns({"multi.example": [PUBLIC_V6, PUBLIC_V4]}))
    assert target.address == ipaddress.ip_address(PUBLIC_V6)


@pytest.mark.parametrize(
    ("url", "address"),
    [
        (f"http://{PUBLIC_V4}:8080/x", PUBLIC_V4),
        ("http://1572395042/", PUBLIC_V4),  # the same address as one number
        (f"http://[::ffff:{PUBLIC_V4}]/", PUBLIC_V4),  # mapped: connected to over IPv4
        ("http://[64:ff9b::5db8:d822]/", "64:ff9b::5db8:d822"),  # NAT64 of a public address
        (f"http://[{PUBLIC_V6}]/", PUBLIC_V6),
    ],
)
def test_public_literals_pass_without_resolving(url, address):
    assert check(url).address == ipaddress.ip_address(address)


def test_international_names_are_resolved_in_ascii_form():
    target = check("http://Bücher.example/", resolver=fake_dns({"xn--bcher-kva.example": [PUBLIC_V4]}))
    assert target.host_header == "xn--bcher-kva.example"


# ---------------------------------------------------------------------------------------------
# The allow-list
# ---------------------------------------------------------------------------------------------


def test_allowed_cidr_permits_addresses_inside_it():
    assert check("http://127.1/", allowed="127.0.0.0/8").address == ipaddress.ip_address("127.0.0.1")
    assert check("http://10.9.8.7/", allowed="192.168.0.0/16, 10.0.0.0/8").address.is_private


def test_allowed_cidr_does_not_permit_addresses_outside_it():
    with pytest.raises(RefusedTarget):
        check("http://127.0.0.1/", allowed="10.0.0.0/8")
    with pytest.raises(RefusedTarget):
        check("http://[::1]/", allowed="127.0.0.0/8")


def test_allowed_host_name_permits_only_that_name():
    dns = fake_dns({"receiver.internal": ["10.0.0.5"], "other.internal": ["10.0.0.5"]})
    assert str(check("http://Receiver.Internal./", allowed="receiver.internal", resolver=dns).address) == "10.0.0.5"
    with pytest.raises(RefusedTarget):
        check("http://other.internal/", allowed="receiver.internal", resolver=dns)


def test_allowed_host_name_does_not_permit_its_address_under_another_spelling():
    with pytest.raises(RefusedTarget):
        check("http://127.0.0.1/", allowed="localhost")


@pytest.mark.parametrize("entry", ["127.0.0.1", "::ffff:127.0.0.1", "[::ffff:127.0.0.1]", "::ffff:127.0.0.0/104"])
def test_ipv4_mapped_and_plain_entries_match_the_same_address(entry):
    assert check("http://[::ffff:127.0.0.1]/", allowed=entry).address == ipaddress.ip_address("127.0.0.1")


def test_allow_list_parsing():
    allow = AllowList.parse(" Receiver.Internal. , [::1], 10.0.0.0/8,,127.0.0.1 ")
    assert allow.hosts == {"receiver.internal"}
    assert [str(network) for network in allow.networks] == ["::1/128", "10.0.0.0/8", "127.0.0.1/32"]


def test_odd_ipv4_spelling_in_the_allow_list_is_an_address_not_a_name():
    allow = AllowList.parse("127.1, 0x0a000001")
    assert allow.hosts == frozenset()
    assert [str(network) for network in allow.networks] == ["127.0.0.1/32", "10.0.0.1/32"]


@pytest.mark.parametrize("raw", ["http://receiver.internal", "receiver.internal:8080", "bad host", "1.2.3.999"])
def test_unusable_allow_list_entries_fail_loudly(raw):
    with pytest.raises(ValueError):
        SafeHttpClient(raw)


# ---------------------------------------------------------------------------------------------
# Real requests to local servers
# ---------------------------------------------------------------------------------------------


def test_post_reaches_an_allowed_local_server():
    with LocalServer(reply(200, b"thanks")) as server:
        response = post(server.url("/hook?x=1"), allowed="127.0.0.0/8")
    assert response == Response(200, b"thanks")
    [seen] = server.seen
    assert seen.path == "/hook?x=1"
    assert seen.body == b'{"event":"test"}'
    assert seen.headers["host"] == f"127.0.0.1:{server.port}"
    assert seen.headers["accept-encoding"] == "identity"


def test_refused_post_never_reaches_the_server():
    with LocalServer() as server, pytest.raises(RefusedTarget):
        post(f"http://127.1:{server.port}/hook")
    assert server.seen == []


@pytest.mark.parametrize("host", ["2130706433", "0x7f.1", "[::ffff:127.0.0.1]"])
def test_odd_spellings_connect_to_the_address_that_was_checked(host):
    with LocalServer() as server:
        response = post(f"http://{host}:{server.port}/hook", allowed="127.0.0.0/8")
    assert response.status_code == 200
    assert server.seen[0].headers["host"] == f"127.0.0.1:{server.port}"


def test_allow_listed_name_is_sent_as_host_but_connected_by_address():
    with LocalServer() as server:
        response = post(
            server.url("/hook", host="receiver.test"),
            allowed="receiver.test",
            resolver=fake_dns({"receiver.test": ["127.0.0.1"]}),
        )
    assert response.status_code == 200
    assert server.seen[0].headers["host"] == f"receiver.test:{server.port}"


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirects_are_returned_not_followed(status):
    with LocalServer() as landing, LocalServer(reply(status, b"", {"Location": landing.url("/landed")})) as first:
        response = post(first.url("/hook"), allowed="127.0.0.0/8")
    assert response.status_code == status
    assert len(first.seen) == 1
    assert landing.seen == []


def test_non_2xx_is_returned_to_the_caller():
    with LocalServer(reply(503, b"busy")) as server:
        assert post(server.url(), allowed="127.0.0.1") == Response(503, b"busy")


def test_response_body_is_capped():
    with LocalServer(reply(200, b"x" * (MAX_RESPONSE_BYTES * 4))) as server:
        response = post(server.url(), allowed="127.0.0.1")
    assert response.status_code == 200
    assert len(response.body) == MAX_RESPONSE_BYTES


def test_trickling_server_hits_the_overall_deadline():
    # Every byte arrives well within the per-read timeout; only the overall deadline stops this.
    with LocalServer(trickle(total_bytes=100, interval=0.05)) as server:
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            post(server.url(), allowed="127.0.0.1", timeout=0.5)
        # Measured before the server shuts down: closing it waits for the trickling handler.
        assert time.monotonic() - started < 2


def test_slow_resolver_counts_against_the_deadline():
    async def hanging_resolver(host: str, port: int) -> list[str]:
        await asyncio.sleep(30)
        return ["127.0.0.1"]  # refused anyway, so a broken deadline could not send anything out

    started = time.monotonic()
    with pytest.raises(TimeoutError):
        post("http://slow.example/", timeout=0.2, resolver=hanging_resolver)
    assert time.monotonic() - started < 2


# ---------------------------------------------------------------------------------------------
# HTTPS: the certificate is checked against the name, not the pinned address
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tls(tmp_path_factory) -> TlsFiles:
    return make_tls_files(tmp_path_factory.mktemp("tls"), ["receiver.test"])


def test_https_sends_the_name_as_sni_and_verifies_it(tls):
    with LocalServer(tls=tls) as server:
        response = post(
            server.url("/hook", host="receiver.test"),
            allowed="127.0.0.1",
            resolver=fake_dns({"receiver.test": ["127.0.0.1"]}),
            ssl_context=tls.client_context(),
        )
    assert response.status_code == 200
    assert server.server_names == ["receiver.test"]
    assert server.seen[0].headers["host"] == f"receiver.test:{server.port}"


def test_https_connection_is_not_reused_for_a_name_the_certificate_does_not_cover(tls):
    # Both names point at the same address and port. Had the first, verified connection been kept
    # alive, the second request would ride on it without its own certificate check.
    dns = fake_dns({"receiver.test": ["127.0.0.1"], "impostor.test": ["127.0.0.1"]})

    async def go() -> None:
        client = SafeHttpClient("127.0.0.1", resolver=dns, ssl_context=tls.client_context())
        try:
            first = await client.post(server.url(host="receiver.test"), b"{}", {})
            assert first.status_code == 200
            with pytest.raises(httpx.ConnectError, match="certificate"):
                await client.post(server.url(host="impostor.test"), b"{}", {})
        finally:
            await client.aclose()

    with LocalServer(tls=tls) as server:
        asyncio.run(go())
    assert len(server.seen) == 1


# ---------------------------------------------------------------------------------------------
# Keep-alive: reused for the same name at the same address, never for another name
# ---------------------------------------------------------------------------------------------


def post_many(urls: list[str], allowed: str = "127.0.0.1", **options) -> list[Response]:
    async def go() -> list[Response]:
        client = SafeHttpClient(allowed, **options)
        try:
            return [await client.post(url, b"{}", {}) for url in urls]
        finally:
            await client.aclose()

    return asyncio.run(go())


def test_http_connection_is_kept_alive_for_the_same_name_only():
    dns = fake_dns({"receiver.test": ["127.0.0.1"], "other.test": ["127.0.0.1"]})
    with LocalServer() as server:
        urls = [server.url(host="receiver.test")] * 3 + [server.url(host="other.test")] * 2
        assert [r.status_code for r in post_many(urls, resolver=dns)] == [200] * 5
    ports = [seen.client_port for seen in server.seen]
    hosts = [seen.headers["host"].split(":")[0] for seen in server.seen]
    assert hosts == ["receiver.test"] * 3 + ["other.test"] * 2
    # One connection per name, each reused; the second name did not ride on the first one's.
    assert len(set(ports[:3])) == 1 and len(set(ports[3:])) == 1
    assert ports[0] != ports[3]


def test_https_connection_is_kept_alive_and_verified_once(tls):
    dns = fake_dns({"receiver.test": ["127.0.0.1"]})
    with LocalServer(tls=tls) as server:
        urls = [server.url("/hook", host="receiver.test")] * 3
        responses = post_many(urls, resolver=dns, ssl_context=tls.client_context())
    assert [r.status_code for r in responses] == [200] * 3
    assert server.server_names == ["receiver.test"]  # one handshake
    assert len({seen.client_port for seen in server.seen}) == 1
