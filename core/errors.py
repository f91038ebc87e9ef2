"""Errors we expect and can explain to a person.

* FinAssistError
  + ConfigError    a setting is missing or inconsistent
  + SourceError    a data source failed or sent something we cannot parse
    + Unreachable  the network did not answer (offline, DNS, refused, timed out)
  + InputError     an uploaded file or a question we cannot accept
  + ModelError     a model could not be loaded or failed to generate
    + ModelBusy    the inference queue is full; retry later
  + NotAvailable   a feature that this build does not provide yet
  + WriterBusy     another process holds the writer lock; retry when it ends
  + Forbidden      the user may not do this (an admin action, another user's data, no sign-in)

The CLI turns these into a one-line message and a non-zero exit; the UI into a friendly notice.
"""


class FinAssistError(Exception):
    """Base of every error we raise on purpose."""


class ConfigError(FinAssistError):
    """A setting is missing or inconsistent; the message names the setting to change."""


class SourceError(FinAssistError):
    """A data source failed or sent something we cannot parse."""


class Unreachable(SourceError):
    """The source could not be reached: offline, DNS, connection refused, timed out. Nothing
    was answered, so nothing may be recorded as fresh or as "no data"."""


class InputError(FinAssistError):
    """An uploaded file or a question we cannot accept."""


class ModelError(FinAssistError):
    """A model could not be loaded or failed to generate."""


class ModelBusy(ModelError):
    """The inference queue is full."""


class NotAvailable(FinAssistError):
    """A feature that this build does not provide yet."""


class WriterBusy(FinAssistError):
    """Another process is writing to the stores; `owner` says which (pid and start time)."""

    def __init__(self, owner: str):
        super().__init__(f"another FinAssist writer is running ({owner})")
        self.owner = owner


class Forbidden(FinAssistError):
    """The current user may not do this: an admin action asked by an analyst, another user's
    document, or a request whose user could not be established."""
