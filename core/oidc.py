"""Streamlit's `[auth]` secrets for `st.login`, made from our settings at start.

Streamlit reads its identity provider from a secrets file. We never keep one in the repository:
`finassist ui` writes it from `FINASSIST_AUTH__OIDC_*` to `$FINASSIST_HOME/streamlit/secrets.toml`
(readable by its owner only) and points Streamlit at it. The cookie secret, when none is set,
is generated once and kept beside it, so a restart does not sign everyone out.
"""

import json
import os
import secrets
from pathlib import Path

from core.errors import ConfigError
from core.settings import AuthSettings

REQUIRED = {
    "oidc_metadata_url": "FINASSIST_AUTH__OIDC_METADATA_URL",
    "oidc_client_id": "FINASSIST_AUTH__OIDC_CLIENT_ID",
    "oidc_client_secret": "FINASSIST_AUTH__OIDC_CLIENT_SECRET",
}


def secrets_dir(home: Path) -> Path:
    return Path(home) / "streamlit"


def _private_write(path: Path, text: str) -> None:
    """Write `text` to a file only its owner can read (created so, never widened)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(text)
    os.chmod(path, 0o600)


def cookie_secret(auth: AuthSettings, home: Path) -> str:
    """The configured cookie secret, else the one generated for this home (made on first use)."""
    configured = auth.oidc_cookie_secret.get_secret_value()
    if configured:
        return configured
    path = secrets_dir(home) / "cookie_secret"
    if path.is_file() and (kept := path.read_text().strip()):
        return kept
    generated = secrets.token_urlsafe(32)
    _private_write(path, generated)
    return generated


def auth_secrets(auth: AuthSettings, home: Path) -> dict:
    """The `[auth]` table Streamlit expects; ConfigError naming what is missing."""
    values = {
        "oidc_metadata_url": auth.oidc_metadata_url,
        "oidc_client_id": auth.oidc_client_id,
        "oidc_client_secret": auth.oidc_client_secret.get_secret_value(),
    }
    missing = [REQUIRED[key] for key, value in values.items() if not value.strip()]
    if missing:
        raise ConfigError(f"FINASSIST_AUTH__MODE=oidc needs {', '.join(missing)}")
    return {
        "redirect_uri": auth.oidc_redirect_uri,
        "cookie_secret": cookie_secret(auth, home),
        "client_id": values["oidc_client_id"],
        "client_secret": values["oidc_client_secret"],
        "server_metadata_url": values["oidc_metadata_url"],
        "client_kwargs": {"scope": auth.oidc_scope},
    }


def to_toml(table: str, values: dict) -> str:
    """A TOML table of strings and one level of sub-tables (JSON string quoting is valid TOML)."""
    lines, nested = [f"[{table}]"], []
    for key, value in values.items():
        if isinstance(value, dict):
            nested.append(to_toml(f"{table}.{key}", value))
        else:
            lines.append(f"{key} = {json.dumps(str(value))}")
    return "\n".join(lines) + "\n" + "".join("\n" + part for part in nested)


def write_secrets(auth: AuthSettings, home: Path) -> Path:
    """Write Streamlit's secrets file for OIDC login; returns its path (for --secrets.files)."""
    path = secrets_dir(home) / "secrets.toml"
    _private_write(path, to_toml("auth", auth_secrets(auth, home)))
    return path
