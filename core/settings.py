"""All configuration, read once from the environment (and `.env`) by the composition roots.

Every setting is an environment variable with the `FINASSIST_` prefix; sections are joined with a
double underscore, e.g. `FINASSIST_LLM__BACKEND=openai`. Nothing deeper in the code reads the
environment: the entry points (`cli.py`, the page in `ui/`) call `load_settings()` and pass
sections down.
"""

import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from core.errors import ConfigError
from core.home import Home

ENV_PREFIX = "FINASSIST_"


def _default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "finassist"


class LLMSettings(BaseModel):
    """The chat model and its inference worker."""

    backend: Literal["llamacpp", "transformers", "openai", "scripted"] = Field(
        "llamacpp", description="llamacpp (CPU default), transformers, openai, or scripted (tests)"
    )
    model_path: Path | None = Field(
        None, description="A GGUF file or a Hugging Face directory; empty means the shipped model"
    )
    n_ctx: int = Field(4096, ge=512, description="Context window in tokens")
    n_threads: int = Field(0, ge=0, description="CPU threads for generation; 0 means all cores")
    quant: Literal["Q4_0", "Q8_0", "shipped"] = Field(
        "Q4_0",
        description="llamacpp, shipped model only: run a copy re-quantized once from the shipped "
        "Q4_1 file; Q4_0 is fastest, Q8_0 keeps Q4_1's quality, shipped uses the file as is",
    )
    quantize: Literal["none", "int8"] = Field(
        "none", description="transformers: dynamic int8 quantization of linear layers"
    )
    max_tokens: int = Field(384, ge=1, description="Upper bound on generated tokens per answer")
    temperature: float = Field(0.0, ge=0.0, le=2.0, description="Sampling temperature")
    deadline_s: float = Field(120.0, gt=0, description="Wall-clock limit for one generation")
    answer_budget_s: float = Field(
        25.0,
        gt=0,
        description="Wall-clock limit for a whole answer (search, figures, the model's text, "
        "its checks); the model's text is stopped check_reserve_s before it, with a notice, and "
        "a sentence not checked by it is left out",
    )
    check_reserve_s: float = Field(
        1.5,
        ge=0,
        description="Seconds of the answer budget kept for checking the model's last sentences "
        "after its text is stopped (at most half the budget)",
    )
    queue_size: int = Field(4, ge=1, description="Requests waiting for the model before 'busy'")
    queue_order: Literal["users", "arrival"] = Field(
        "users",
        description="users: the model serves users round-robin, so one user's burst cannot starve "
        "the others; arrival: first come, first served (the baseline of `finassist bench users`)",
    )
    isolate: bool = Field(
        True,
        description="llamacpp and transformers: run the model in a child process, so a crash in it "
        "fails one answer instead of the app",
    )


class OpenAISettings(BaseModel):
    """An OpenAI-compatible server (vLLM, Ollama, llama.cpp server, hosted APIs)."""

    base_url: str = Field("http://127.0.0.1:8000/v1", description="The server's /v1 URL")
    model: str = Field("smollm2", description="Model name the server expects")
    api_key: SecretStr | None = Field(
        None, description="API key; falls back to OPENAI_API_KEY; never stored in the repo"
    )
    timeout_s: float = Field(60.0, gt=0, description="Connect/read timeout per request")
    max_retries: int = Field(2, ge=0, description="Retries on 429/5xx and connection errors")


class EmbedderSettings(BaseModel):
    """The sentence embedder used for retrieval."""

    model_path: Path | None = Field(
        None, description="A sentence-transformers directory; empty means the shipped MiniLM"
    )
    batch_size: int = Field(64, ge=1, description="Texts per embedding batch")
    max_tokens: int = Field(
        128, ge=16, le=512, description="Word pieces embedded per text (MiniLM was trained on 128)"
    )


def _comma_list(value: object) -> object:
    """Accept `AAPL,MSFT` as well as a JSON list in the environment."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


CommaList = Annotated[list[str], NoDecode]


class SecSettings(BaseModel):
    """SEC EDGAR access (fair-access policy: a contact User-Agent, at most 10 requests/s)."""

    user_agent: str = Field(
        "", description="Contact User-Agent for live EDGAR requests, e.g. 'Jane Doe jane@firm.com'"
    )


class IngestSettings(BaseModel):
    """What to ingest, how often, and how text is chunked."""

    watchlist: CommaList = Field(
        ["AAPL", "MSFT", "NVDA", "TSLA", "AMZN", "JPM"],
        description="Tickers that `finassist refresh` and the scheduler keep fresh (comma list)",
    )
    feeds: CommaList = Field([], description="RSS/Atom feed URLs to ingest (comma list)")
    sec_every_min: int = Field(360, ge=1, description="Scheduler: minutes between SEC refreshes")
    prices_every_min: int = Field(
        60, ge=1, description="Scheduler: minutes between price refreshes"
    )
    news_every_min: int = Field(30, ge=1, description="Scheduler: minutes between news refreshes")
    job_timeout_s: int = Field(
        900,
        ge=10,
        description="Scheduler and the app (Refresh now, uploads): a job running longer is stopped",
    )
    lock_wait_s: int = Field(
        120,
        ge=0,
        description="Scheduler: how long a job waits for a busy writer lock (trying every 5 s) "
        "before it skips this run",
    )
    chunk_words: int = Field(100, ge=40, description="Target words per indexed chunk")

    _split = field_validator("watchlist", "feeds", mode="before")(_comma_list)


class UploadSettings(BaseModel):
    """What one uploaded file may cost; over a budget the file is refused, naming it."""

    max_mb: float = Field(50.0, gt=0, description="Uploads: largest file accepted, in MB")
    max_pages: int = Field(1_000, ge=1, description="Uploads: most PDF pages in one file")
    max_chars: int = Field(
        5_000_000, ge=1_000, description="Uploads: most characters of text one file may yield"
    )
    max_chunks: int = Field(
        5_000, ge=1, description="Uploads: most indexed chunks one file may yield"
    )
    wall_s: float = Field(
        240.0,
        gt=0,
        description="Uploads: wall-clock seconds to read one file and derive its text, chunks "
        "and tables (in the sandboxed child, killed at the limit)",
    )
    embed_s: float = Field(
        300.0,
        ge=0,
        description="Uploads: wall-clock seconds to embed one file's chunks (checked between "
        "slices of 32); past it the upload is refused and nothing of it kept",
    )
    memory_mb: int = Field(
        1024, ge=64, description="Uploads: address space of the child that reads one file, MiB"
    )


class AuthSettings(BaseModel):
    """Who is asking: one local user (the default), a sign-on proxy's header, or OIDC login."""

    mode: Literal["local", "proxy", "oidc"] = Field(
        "local",
        description="local: one local user, no login; proxy: the user from HEADER, accepted only "
        "from TRUSTED_PROXIES; oidc: Streamlit's st.login with an identity provider",
    )
    header: str = Field(
        "X-Forwarded-User", description="proxy: the request header naming the signed-in user"
    )
    group_header: str = Field(
        "X-Forwarded-Groups",
        description="proxy: the request header listing the user's groups (comma list)",
    )
    trusted_proxies: CommaList = Field(
        ["127.0.0.1", "::1"],
        description="proxy: addresses (or CIDR networks) the user header is accepted from",
    )
    admins: CommaList = Field(
        [], description="User names with the admin role (the local user is always an admin)"
    )
    admin_group: str = Field(
        "", description="A group (proxy group header or OIDC groups claim) whose members are admins"
    )
    oidc_metadata_url: str = Field(
        "",
        description="oidc: the identity provider's discovery document "
        "(.../.well-known/openid-configuration)",
    )
    oidc_client_id: str = Field("", description="oidc: this app's client id at the provider")
    oidc_client_secret: SecretStr = Field(
        SecretStr(""),
        description="oidc: this app's client secret (environment or .env only, never in the "
        "repository)",
    )
    oidc_redirect_uri: str = Field(
        "http://localhost:{port}/oauth2callback",
        description="oidc: where the provider sends the browser back ({port}: the app's port)",
    )
    oidc_cookie_secret: SecretStr = Field(
        SecretStr(""),
        description="oidc: the key that signs the login cookie (empty: one is generated once and "
        "kept in FINASSIST_HOME, readable by its owner only)",
    )
    oidc_scope: str = Field(
        "openid email profile", description="oidc: the scopes asked for (add the groups scope)"
    )
    groups_claim: str = Field("groups", description="oidc: the claim listing the user's groups")

    _split = field_validator("trusted_proxies", "admins", mode="before")(_comma_list)


class Settings(BaseSettings):
    """FinAssist settings: `FINASSIST_HOME` plus one section per component."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        env_file=".env",
        extra="ignore",
    )

    home: Path = Field(
        default_factory=_default_home,
        description="Folder for all state: indexes, databases, uploads, derived model files",
    )
    llm: LLMSettings = LLMSettings()
    openai: OpenAISettings = OpenAISettings()
    embedder: EmbedderSettings = EmbedderSettings()
    sec: SecSettings = SecSettings()
    ingest: IngestSettings = IngestSettings()
    uploads: UploadSettings = UploadSettings()
    auth: AuthSettings = AuthSettings()
    user: str = Field(
        "",
        description="The CLI's user (as `--user`); empty means the local user; "
        "an admin only if listed in AUTH__ADMINS (or the local user)",
    )
    chroma_url: str | None = Field(
        None, description="A Chroma server (http://host:port) instead of the embedded store"
    )

    @property
    def paths(self) -> Home:
        """Every path under `home`, spelled once."""
        return Home(self.home)


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment, turning validation errors into one-line ConfigErrors."""
    try:
        settings = Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        name = env_name(tuple(str(part) for part in err["loc"]))
        raise ConfigError(f"{name}: {err['msg']} (got {err.get('input')!r})") from exc
    if settings.openai.api_key is None and os.environ.get("OPENAI_API_KEY"):
        settings.openai.api_key = SecretStr(os.environ["OPENAI_API_KEY"])
    return settings


def env_name(path: tuple[str, ...]) -> str:
    """The variable of a settings path: ('llm', 'backend') -> FINASSIST_LLM__BACKEND."""
    return ENV_PREFIX + "__".join(part.upper() for part in path)


def describe_settings() -> list[tuple[str, str, str]]:
    """Every setting as (environment variable, default, description), for docs and checks."""
    rows: list[tuple[str, str, str]] = []

    def walk(model: type[BaseModel], prefix: tuple[str, ...]) -> None:
        for name, field in model.model_fields.items():
            annotation = field.annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                walk(annotation, (*prefix, name))
                continue
            default = "" if field.default_factory or field.default is None else field.default
            if isinstance(default, list):
                default = ",".join(default)
            rows.append((env_name((*prefix, name)), str(default), field.description or ""))

    walk(Settings, ())
    return rows
