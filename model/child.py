"""The model's child process (`python -m model.child FD`): loads the backend, serves generations.

Started by `model.process.ModelProcess`, which hands it one end of a socket pair as file
descriptor FD. The first message is the Settings; the child answers ("ready", facts) or
("failed", error, facts), then serves ("generate", id, messages, max_tokens) until ("close",) or
until the parent goes away, answering ("pieces", id, [text, ...]) then ("done", id) or ("error",
id, error). Between two tokens it reads ("stop", id) and stops that generation.
"""

import signal
import sys
import time
from multiprocessing.connection import Connection

from core.errors import FinAssistError, ModelError
from core.settings import Settings

SEND_EVERY_S = 0.025  # at most 40 messages a second to the parent; the eye sees no difference


class _Closed(Exception):
    """The parent asked the child to exit."""


def main(fd: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in a terminal is the parent's to handle
    conn = Connection(fd)
    try:
        serve(conn, conn.recv())
    except (EOFError, BrokenPipeError, ConnectionResetError):
        pass  # the parent is gone: nothing to answer to


def serve(conn: Connection, settings: Settings) -> None:
    """Load the backend, say so, then serve generations until closed."""
    facts: dict = {}
    try:
        llm = _load(settings, facts)
    except BaseException as exc:  # noqa: BLE001 - every load failure is reported to the parent
        conn.send(("failed", _portable(exc, "could not load the model"), facts))
        return
    conn.send(("ready", facts))
    while True:
        message = conn.recv()
        if message[0] == "close":
            return
        if message[0] == "generate":
            try:
                _generate(conn, llm, *message[1:])
            except _Closed:
                return
        # a "stop" for a generation that already ended needs nothing


def _load(settings: Settings, facts: dict):
    """The configured backend; `facts` says what it runs on, filled in as loading goes."""
    from model import load_backend

    if settings.llm.backend == "llamacpp":
        from model.llamacpp_runtime import loaded_backend_files, system_info

        facts["llama_cpp_features"] = system_info()
        facts["backend_files"] = loaded_backend_files()
    llm = load_backend(settings)
    path = getattr(llm, "path", None)
    facts.update(name=llm.name, path=str(path) if path else None)
    facts["threads"] = getattr(llm, "threads", None)
    return llm


def _generate(conn: Connection, llm, gen: int, messages: list, max_tokens: int) -> None:
    """Stream one generation: the first piece at once, then the pieces of every SEND_EVERY_S
    together (each still its own piece), so the parent is not woken for every token: on two
    cores its wake-ups competed with llama.cpp's threads and cost ~10% of decode speed."""
    pieces = llm.stream(messages, max_tokens=max_tokens)
    pending: list[str] = []
    sent = 0.0
    try:
        for piece in pieces:
            pending.append(piece)
            if time.monotonic() - sent >= SEND_EVERY_S:
                conn.send(("pieces", gen, pending))
                pending, sent = [], time.monotonic()
            if _stop_asked(conn, gen):
                break
    except (_Closed, OSError):
        raise
    except Exception as exc:  # noqa: BLE001 - reported to the caller; the child lives on
        _flush(conn, gen, pending)
        conn.send(("error", gen, _portable(exc, "generation failed")))
        return
    finally:
        close = getattr(pieces, "close", None)
        if close:
            close()  # stops llama.cpp's evaluation
    _flush(conn, gen, pending)
    conn.send(("done", gen))


def _flush(conn: Connection, gen: int, pending: list[str]) -> None:
    if pending:
        conn.send(("pieces", gen, pending))


def _stop_asked(conn: Connection, gen: int) -> bool:
    """Whether the parent asked to stop generation `gen` (read between two tokens)."""
    while conn.poll():
        message = conn.recv()
        if message[0] == "close":
            raise _Closed
        if message[0] == "stop" and message[1] == gen:
            return True
    return False


def _portable(exc: BaseException, doing: str) -> FinAssistError:
    """An error the parent can unpickle: ours as they are, anything else as a ModelError."""
    if isinstance(exc, FinAssistError) and type(exc).__module__ == "core.errors":
        return exc
    return ModelError(f"{doing}: {exc}")


if __name__ == "__main__":
    main(int(sys.argv[1]))
