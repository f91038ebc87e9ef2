"""Streamlit's [auth] secrets made from the settings: complete, owner-only, the cookie secret
kept across restarts, and a clear error naming what is missing."""

import tomllib

import pytest

from core.errors import ConfigError
from core.oidc import write_secrets
from core.settings import load_settings


def oidc_settings(tmp_path, **auth):
    base = {
        "mode": "oidc",
        "oidc_metadata_url": "https://idp.example/.well-known/openid-configuration",
        "oidc_client_id": "finassist",
        "oidc_client_secret": 'se"cret\\with\nodd characters',
    }
    return load_settings(home=tmp_path / "home", auth={**base, **auth})


def test_the_secrets_file_is_streamlits_auth_table_readable_by_its_owner_only(tmp_path):
    settings = oidc_settings(tmp_path, groups_claim="roles", oidc_scope="openid email groups")
    path = write_secrets(settings.auth, settings.home)
    assert path.stat().st_mode & 0o077 == 0 and path.parent.stat().st_mode & 0o077 == 0
    auth = tomllib.loads(path.read_text())["auth"]
    assert auth["client_secret"] == 'se"cret\\with\nodd characters'  # quoted, not broken
    assert auth["server_metadata_url"] == settings.auth.oidc_metadata_url
    assert auth["redirect_uri"] == "http://localhost:{port}/oauth2callback"
    assert auth["client_kwargs"] == {"scope": "openid email groups"}
    assert len(auth["cookie_secret"]) >= 32
    again = tomllib.loads(write_secrets(settings.auth, settings.home).read_text())["auth"]
    assert again["cookie_secret"] == auth["cookie_secret"]  # a restart keeps users signed in


def test_a_configured_cookie_secret_is_used(tmp_path):
    settings = oidc_settings(tmp_path, oidc_cookie_secret="a-long-configured-cookie-secret")
    auth = tomllib.loads(write_secrets(settings.auth, settings.home).read_text())["auth"]
    assert auth["cookie_secret"] == "a-long-configured-cookie-secret"


def test_missing_provider_settings_are_named(tmp_path):
    settings = oidc_settings(tmp_path, oidc_client_id="", oidc_client_secret="")
    with pytest.raises(ConfigError, match="OIDC_CLIENT_ID, FINASSIST_AUTH__OIDC_CLIENT_SECRET"):
        write_secrets(settings.auth, settings.home)
    assert not (settings.home / "streamlit" / "secrets.toml").exists()
