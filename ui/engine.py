"""The process-wide parts every session shares: the model, the embedder, the index and the chat
store, each built once per configuration and loaded in the background (`ui.jobs.Loader`).

What the parts are and how an Assistant is composed from them is `wiring`'s; this module only
caches and shares them between sessions and reruns.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

import wiring
from core.identity import LOCAL, LOCAL_USER, User
from core.protocols import LLM
from core.settings import Settings
from ui.chats import ChatStore
from ui.jobs import Loader

if TYPE_CHECKING:
    from ingestion.watchlist import Watchlist
    from ingestion.workspace import Workspace
    from rag.answer.assistant import Assistant


@st.cache_resource(show_spinner=False)
def shared_libraries() -> bool:
    """Import the numeric libraries the page and the loaders share, once, before any loader runs."""
    import numpy.typing  # noqa: F401
    import pandas  # noqa: F401

    return True


def _key(settings: Settings, *sections: str) -> str:
    return settings.model_dump_json(include=set(sections))


@st.cache_resource(show_spinner=False)
def model_loader(_settings: Settings, key: str) -> Loader:
    """The LLM behind this process's inference worker (one per configuration)."""
    return Loader("model", lambda: wiring.load_llm(_settings))


@st.cache_resource(show_spinner=False)
def embedder_loader(_settings: Settings, key: str) -> Loader:
    """The sentence embedder, shared by retrieval and indexing."""
    return Loader("embedder", lambda: wiring.load_embedder(_settings, beside_llm=True))


def embedder(settings: Settings) -> Loader:
    return embedder_loader(settings, _key(settings, "embedder"))


@st.cache_resource(show_spinner=False)
def store_loader(_settings: Settings, key: str) -> Loader:
    """The index (chunks in Chroma + SQLite, prices, facts) of a FINASSIST_HOME."""
    return Loader("index", lambda: wiring.open_index(_settings))


@st.cache_resource(show_spinner=False)
def chat_store(path: str) -> ChatStore:
    return ChatStore(Path(path))


@dataclass
class Engine:
    """The parts every session shares."""

    settings: Settings
    llm: Loader
    embedder: Loader | None  # loaded once there is an index to search (or on the first upload)
    store: Loader | None  # None until something has been indexed in this home

    @classmethod
    def of(cls, settings: Settings) -> "Engine":
        indexed = settings.paths.indexed
        shared_libraries()
        return cls(
            settings,
            model_loader(settings, _key(settings, "home", "llm", "openai")),
            embedder(settings) if indexed else None,
            store_loader(settings, _key(settings, "home", "chroma_url")) if indexed else None,
        )

    def assistant(self, llm: LLM, viewer: str = LOCAL_USER) -> "Assistant":
        """The Assistant over the current index (composed as for `finassist ask`) as `viewer`
        sees it, answering with `llm`; waits for the index and the embedder while they load."""
        store, loaded = self.store, self.embedder
        return wiring.build_assistant(
            self.settings,
            llm,
            index=lambda: store.get() if store is not None else None,
            embedder=lambda: loaded.get(),
            viewer=viewer,
        )

    def workspace(self, user: User = LOCAL) -> "Workspace":
        """The index writer for `user`'s uploads and deletes (and an admin's refresh),
        embedding with the shared embedder."""
        from ingestion.workspace import Workspace

        shared = embedder(self.settings)
        return Workspace(self.settings, wiring.late_embedder(self.settings, shared.get), user=user)

    def watchlist(self, user: User = LOCAL) -> "Watchlist":
        from ingestion.watchlist import Watchlist

        return Watchlist.open(self.settings, user)
