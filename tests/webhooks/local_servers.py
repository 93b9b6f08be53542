"""Real HTTP(S) servers on 127.0.0.1 for the outgoing-client tests, each in its own thread."""

from __future__ import annotations

import contextlib
import datetime
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

Responder = Callable[[BaseHTTPRequestHandler], None]


@dataclass(frozen=True)
class Seen:
    path: str
    headers: dict[str, str]  # keys lower-cased
    body: bytes
    client_port: int = 0  # tells connections apart: the same port means a kept-alive connection


def reply(status: int = 200, body: bytes = b"ok", headers: dict[str, str] | None = None) -> Responder:
    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return respond


def trickle(total_bytes: int, interval: float) -> Responder:
    """Announces a body, then sends it one byte at a time: each read is quick, the whole is not."""

    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(total_bytes))
        handler.end_headers()
        for _ in range(total_bytes):
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(interval)

    return respond


@dataclass(frozen=True)
class TlsFiles:
    cert_chain: Path
    key: Path
    ca_pem: str

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cadata=self.ca_pem)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(subject: str, key, issuer: str, issuer_key, *, is_ca: bool, dns_names: list[str]):
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
    )
    if is_ca:
        builder = builder.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
    else:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(name) for name in dns_names]), critical=False
        ).add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def make_tls_files(directory: Path, dns_names: list[str]) -> TlsFiles:
    """A throwaway CA and a server certificate for exactly these names."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = _certificate("Test CA", ca_key, "Test CA", ca_key, is_ca=True, dns_names=[])
    server_key = ec.generate_private_key(ec.SECP256R1())
    server_cert = _certificate(dns_names[0], server_key, "Test CA", ca_key, is_ca=False, dns_names=dns_names)
    pem = serialization.Encoding.PEM
    cert_chain = directory / "server-chain.pem"
    cert_chain.write_bytes(server_cert.public_bytes(pem) + ca_cert.public_bytes(pem))
    key = directory / "server-key.pem"
    key.write_bytes(server_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return TlsFiles(cert_chain, key, ca_cert.public_bytes(pem).decode())


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 so connections stay open between requests, as real receivers' do.
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        owner = self.server.owner
        headers = {name.lower(): value for name, value in self.headers.items()}
        self.request_body = body  # for responders that answer by what was sent
        owner.seen.append(Seen(self.path, headers, body, self.client_address[1]))
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client hung up on purpose
            owner.respond(self)

    def log_message(self, *args) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: LocalServer

    def handle_error(self, request, client_address) -> None:
        pass  # failed TLS handshakes and hang-ups are what some tests provoke


@dataclass
class LocalServer:
    """Serves POSTs on 127.0.0.1 with the given responder; records what it received."""

    respond: Responder = field(default_factory=reply)
    tls: TlsFiles | None = None
    seen: list[Seen] = field(default_factory=list)
    server_names: list[str | None] = field(default_factory=list)  # SNI of each TLS handshake

    def __enter__(self) -> LocalServer:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        if self.tls is not None:
            self._server.socket = self._server_context().wrap_socket(self._server.socket, server_side=True)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{host}:{self.port}{path}"

    def _server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.tls.cert_chain, self.tls.key)
        context.sni_callback = lambda _socket, name, _context: self.server_names.append(name)
        return context
