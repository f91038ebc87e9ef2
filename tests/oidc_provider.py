"""A minimal OpenID Connect identity provider on loopback, for tests of `st.login`.

The identity provider is a boundary we do not run in tests (there is no network), so this
stand-in speaks the real protocol Streamlit's Authlib client uses: discovery
(/.well-known/openid-configuration), the authorization code flow with PKCE (S256) and nonce,
a login form where the test picks one of the configured users, the token endpoint with client
authentication (basic or post), and an RS256-signed id_token whose key is published at /jwks.
"""

import base64
import contextlib
import hashlib
import html
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import RSAKey


@dataclass
class Provider:
    """One registered client and the users who can sign in (name -> extra claims)."""

    client_id: str
    client_secret: str
    redirect_uri: str
    users: dict[str, dict]
    issuer: str = ""
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "k1"}))
    codes: dict[str, dict] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def metadata(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", "email", "profile", "groups"],
        }

    def id_token(self, user: str, nonce: str | None) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": f"sub-{user}",
            "aud": self.client_id,
            "iat": now,
            "exp": now + 600,
            "preferred_username": user,
            **self.users[user],
        }
        if nonce:
            claims["nonce"] = nonce
        return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, self.key)


LOGIN_FORM = """<!doctype html><title>Test identity provider</title>
<form method="post" action="/authorize"><label>User
<select name="user">{options}</select></label>{hidden}
<button type="submit">Sign in</button></form>"""


class Handler(BaseHTTPRequestHandler):
    provider: Provider  # set on the subclass made per server

    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes, kind: str, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: dict) -> None:
        self._send(status, json.dumps(data).encode(), "application/json")

    def _form(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode()
        return {k: v[0] for k, v in parse_qs(body).items()}

    def do_GET(self) -> None:
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        p = self.provider
        if url.path == "/.well-known/openid-configuration":
            self._json(200, p.metadata())
        elif url.path == "/jwks":
            self._json(200, {"keys": [p.key.as_dict(private=False)]})
        elif url.path == "/authorize":
            if query.get("client_id") != p.client_id or query.get("redirect_uri") != (
                p.redirect_uri
            ):
                self._json(400, {"error": "invalid_request"})
                return
            options = "".join(
                f'<option value="{html.escape(u)}">{html.escape(u)}</option>' for u in p.users
            )
            hidden = "".join(
                f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                for k, v in query.items()
            )
            page = LOGIN_FORM.format(options=options, hidden=hidden)
            self._send(200, page.encode(), "text/html; charset=utf-8")
        else:
            self._json(404, {"error": "not_found"})

    def do_POST(self) -> None:
        url = urlparse(self.path)
        form = self._form()
        if url.path == "/authorize":
            self._authorize(form)
        elif url.path == "/token":
            self._token(form)
        else:
            self._json(404, {"error": "not_found"})

    def _authorize(self, form: dict[str, str]) -> None:
        p = self.provider
        if form.get("user") not in p.users or form.get("redirect_uri") != p.redirect_uri:
            self._json(400, {"error": "access_denied"})
            return
        code = secrets.token_urlsafe(24)
        with p.lock:
            p.codes[code] = {
                "user": form["user"],
                "nonce": form.get("nonce"),
                "challenge": form.get("code_challenge"),
                "redirect_uri": form["redirect_uri"],
            }
        back = f"{p.redirect_uri}?{urlencode({'code': code, 'state': form.get('state', '')})}"
        self._send(302, b"", "text/plain", {"Location": back})

    def _client(self, form: dict[str, str]) -> tuple[str | None, str | None]:
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            name, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
            return unquote(name), unquote(secret)
        return form.get("client_id"), form.get("client_secret")

    def _token(self, form: dict[str, str]) -> None:
        p = self.provider
        if self._client(form) != (p.client_id, p.client_secret):
            self._json(401, {"error": "invalid_client"})
            return
        with p.lock:
            grant = p.codes.pop(form.get("code", ""), None)  # a code is used once
        if grant is None or form.get("redirect_uri") != grant["redirect_uri"]:
            self._json(400, {"error": "invalid_grant"})
            return
        if grant["challenge"]:
            digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
                self._json(400, {"error": "invalid_grant", "error_description": "PKCE"})
                return
        self._json(
            200,
            {
                "access_token": secrets.token_urlsafe(24),
                "token_type": "Bearer",
                "expires_in": 600,
                "id_token": p.id_token(grant["user"], grant["nonce"]),
            },
        )


@contextlib.contextmanager
def identity_provider(provider: Provider):
    """Serve `provider` on a free loopback port until the block ends (its issuer is set)."""
    handler = type("BoundHandler", (Handler,), {"provider": provider})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    provider.issuer = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
