"""Exit codes and the usage error, shared by every command (commands never import `cli` back)."""

from site_builder.core.errors import SiteBuilderError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(SiteBuilderError):
    """Misuse of the command line; the message is Chinese."""

    code = "SB101"
