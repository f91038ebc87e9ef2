"""Every path under FINASSIST_HOME, spelled once.

home = Home(settings.home)
home.database          the stores' SQLite file (chunks + FTS5, prices, facts, runs)
home.database_wal      its write-ahead log
home.chroma            the embedded Chroma directory
home.workspace_db      the analyst's own state: watchlist, chats
home.uploads           uploaded originals, stored under their SHA-256
home.quarantine        records a run could not read, kept with the error for a look later
home.models            derived model files (re-quantized GGUF copies)
home.aliases           the analyst's company aliases ("alias,ticker" lines, e.g. "Amex,AXP")
home.lock(name)        a lock file (the writer lock, the scheduler's leader lock)
home.eval(suite)       a separate Home for an evaluation suite's own index
"""

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Home:
    root: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root))

    @property
    def database(self) -> Path:
        return self.root / "finassist.db"

    @property
    def database_wal(self) -> Path:
        """The database's write-ahead log (WAL mode), beside it."""
        return self.database.with_name(f"{self.database.name}-wal")

    @property
    def chroma(self) -> Path:
        return self.root / "chroma"

    @property
    def workspace_db(self) -> Path:
        return self.root / "workspace.db"

    @property
    def uploads(self) -> Path:
        return self.root / "uploads"

    @property
    def quarantine(self) -> Path:
        return self.root / "quarantine"

    @property
    def models(self) -> Path:
        return self.root / "models"

    @property
    def aliases(self) -> Path:
        """Company aliases the analyst adds to the shipped ones (data/lexicon/aliases.csv)."""
        return self.root / "aliases.csv"

    def lock(self, name: str) -> Path:
        return self.root / f"{name}.lock"

    def lock_owner(self, name: str) -> Path:
        return self.root / f"{name}.owner.json"

    def eval(self, suite: str) -> "Home":
        return Home(self.root / "eval" / suite)

    @property
    def indexed(self) -> bool:
        """True once an index has been built here."""
        return self.database.exists()
