"""The one base of every exception the package raises on purpose.

Each failure has a Chinese message (what is wrong, where, and how to fix it) and a stable code,
so a person can look it up and a test can tell failures apart. The command line prints the code
and the message of any `SiteBuilderError` that reaches it, never a traceback; the MkDocs plugin
reports each one for what it is. A project file's findings are not exceptions: they are
diagnostics with their rule's code (PF, PS, PR, PB, PM, PT); a file that cannot be read at all
raises `LoadError`, whose code is its rule's (PF1xx).

Codes (SB, then the area): 1xx the command line, 2xx the repository's configuration, 3xx git and
GitHub, 4xx forms and printing, 5xx the showcase, 6xx photos and documents, 7xx the `new` command.
"""

from __future__ import annotations

from site_builder.core.safetext import visible


class SiteBuilderError(Exception):
    """A failure the package reports on purpose; `str(exc)` is its Chinese message."""

    code = "SB000"

    def __init__(self, message: str = "", *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:  # a failure reported as another kind keeps its own code
            self.code = code

    def report(self) -> str:
        """The code and the message, as the command line and the plugin print them."""
        return visible(f"{self.code} {self}")  # a path in the message is shown, not acted on
