"""Identity: the local user, the proxy header only from a trusted proxy, roles from settings."""

import pytest

from core.errors import Forbidden
from core.identity import LOCAL, from_claims, named_user, require_admin, resolve
from core.settings import AuthSettings

PROXY = AuthSettings(mode="proxy", trusted_proxies=["10.0.0.0/8"], admins=["root"])


def test_local_mode_is_one_admin_without_login():
    assert resolve(AuthSettings(), {"X-Forwarded-User": "mallory"}, "8.8.8.8") == LOCAL
    assert LOCAL.is_admin


def test_proxy_header_from_a_trusted_proxy_names_the_user():
    user = resolve(PROXY, {"x-forwarded-user": "alice"}, "10.1.2.3")
    assert (user.name, user.role) == ("alice", "analyst")
    assert resolve(PROXY, {"X-Forwarded-User": "root"}, "10.1.2.3").is_admin


def test_proxy_header_from_another_address_is_refused():
    with pytest.raises(Forbidden, match="sign-on proxy"):
        resolve(PROXY, {"X-Forwarded-User": "root"}, "192.168.1.5")
    with pytest.raises(Forbidden):
        resolve(PROXY, {"X-Forwarded-User": "root"}, None)


def test_proxy_request_without_header_or_with_a_bad_name_is_refused():
    with pytest.raises(Forbidden, match="no signed-in user"):
        resolve(PROXY, {}, "10.0.0.1")
    for bad in ("*", "a b", "x" * 200, "../etc"):
        with pytest.raises(Forbidden):
            resolve(PROXY, {"X-Forwarded-User": bad}, "10.0.0.1")


def test_admin_group_from_the_group_header_or_claims():
    auth = PROXY.model_copy(update={"admin_group": "desk-admins"})
    headers = {"X-Forwarded-User": "bob", "X-Forwarded-Groups": "analysts, desk-admins"}
    assert resolve(auth, headers, "10.0.0.1").is_admin
    claims = {"email": "carol@bank.com", "groups": ["desk-admins"]}
    assert from_claims(auth, claims) == from_claims(auth, claims)
    assert from_claims(auth, claims).is_admin
    assert not from_claims(auth, {"email": "dan@bank.com"}).is_admin
    with pytest.raises(Forbidden):
        resolve(auth.model_copy(update={"mode": "oidc"}), claims=None)


def test_cli_user_and_admin_check():
    assert named_user(PROXY, None) == LOCAL
    alice = named_user(PROXY, "alice")
    with pytest.raises(Forbidden, match="admin action"):
        require_admin(alice, "refresh")
    require_admin(named_user(PROXY, "root"), "refresh")
