"""Exit codes and the usage error, shared by every command (commands never import `cli` back)."""

from site_builder.core.errors import SiteBuilderError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
# A command line that argparse itself refuses (an unknown option, a missing or badly written value).
ARGUMENT_CODE = "SB100"


class UsageError(SiteBuilderError):
    """Misuse of the command line; the message is Chinese."""

    code = "SB101"


class OutputError(UsageError):
    """An output file that may not (the site's folders) or cannot (no such folder, no right to
    write, a read-only disk) be written; found before the work, not after it."""

    code = "SB103"
