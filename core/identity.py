"""Who is asking: a `User` (name and role) resolved from the auth settings and the request.

Three modes (`FINASSIST_AUTH__MODE`): `local` is one local user, an admin, with no login (the
laptop default); `proxy` takes the user from a sign-on proxy's header, accepted only when the
request comes from a trusted proxy address; `oidc` takes the identity provider's claims after
Streamlit's `st.login`. Roles: `admin` for names in AUTH__ADMINS or members of AUTH__ADMIN_GROUP,
`analyst` otherwise. The stores use the user's name as the owner of private data.
"""

import ipaddress
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from core.errors import Forbidden
from core.settings import AuthSettings

LOCAL_USER = "local"  # the one user of the laptop mode; owner of uploads made before users
EVERYONE = "*"  # the maintenance viewer (ingestion, repair): sees every user's documents
Role = Literal["admin", "analyst"]
_NAME = re.compile(r"[\w.@+-]{1,128}")  # what a user name may be (e-mail addresses fit)


@dataclass(frozen=True)
class User:
    """A signed-in person: `name` owns their uploads and chats; `role` decides admin actions."""

    name: str
    role: Role = "analyst"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


LOCAL = User(LOCAL_USER, "admin")


def check_name(name: str) -> str:
    """The user name, or Forbidden when it is not one (empty, too long, odd characters)."""
    name = name.strip()
    if not _NAME.fullmatch(name) or name == EVERYONE:
        raise Forbidden(f"not a valid user name: {name[:40]!r}")
    return name


def role_of(auth: AuthSettings, name: str, groups: Iterable[str] = ()) -> Role:
    """admin when the name is listed in AUTH__ADMINS or a group is AUTH__ADMIN_GROUP."""
    if name == LOCAL_USER or name in auth.admins:
        return "admin"
    if auth.admin_group and auth.admin_group in {g.strip() for g in groups}:
        return "admin"
    return "analyst"


def named_user(auth: AuthSettings, name: str | None) -> User:
    """The CLI's user: `--user NAME` (or FINASSIST_USER); none means the local user."""
    if not name or name == LOCAL_USER:
        return LOCAL
    name = check_name(name)
    return User(name, role_of(auth, name))


def trusted(auth: AuthSettings, peer: str | None) -> bool:
    """Whether `peer` (an IP address) is one of AUTH__TRUSTED_PROXIES (addresses or networks)."""
    if not peer:
        return False
    try:
        address = ipaddress.ip_address(peer.split("%")[0])
    except ValueError:
        return False
    for entry in auth.trusted_proxies:
        try:
            if address in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def from_proxy(auth: AuthSettings, headers: Mapping[str, str], peer: str | None) -> User:
    """The user a sign-on proxy names in AUTH__HEADER; Forbidden unless the request came from a
    trusted proxy and carries the header."""
    if not trusted(auth, peer):
        raise Forbidden(f"requests must come through the sign-on proxy (not from {peer or '?'})")
    lowered = {key.lower(): value for key, value in headers.items()}
    name = lowered.get(auth.header.lower(), "")
    if not name.strip():
        raise Forbidden(f"no signed-in user: the proxy sent no {auth.header} header")
    groups = lowered.get(auth.group_header.lower(), "").split(",")
    name = check_name(name)
    return User(name, role_of(auth, name, groups))


def from_claims(auth: AuthSettings, claims: Mapping[str, object]) -> User:
    """The user of an OIDC login: e-mail, else preferred_username, else subject; groups claim."""
    for key in ("email", "preferred_username", "sub"):
        value = claims.get(key)
        if isinstance(value, str) and value.strip():
            name = check_name(value)
            break
    else:
        raise Forbidden("the identity provider named no user")
    groups = claims.get(auth.groups_claim) or []
    groups = [str(g) for g in groups] if isinstance(groups, list) else str(groups).split(",")
    return User(name, role_of(auth, name, groups))


def resolve(
    auth: AuthSettings,
    headers: Mapping[str, str] | None = None,
    peer: str | None = None,
    claims: Mapping[str, object] | None = None,
) -> User:
    """The user of a request in the configured mode (Forbidden when there is none)."""
    if auth.mode == "local":
        return LOCAL
    if auth.mode == "proxy":
        return from_proxy(auth, headers or {}, peer)
    if not claims:
        raise Forbidden("not signed in")
    return from_claims(auth, claims)


def require_admin(user: User, action: str) -> None:
    """Forbidden unless `user` is an admin."""
    if not user.is_admin:
        raise Forbidden(f"{action} is an admin action; {user.name} is an analyst")
