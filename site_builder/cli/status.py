"""Exit codes and the usage error, shared by every command (commands never import `cli` back)."""

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Misuse of the command line; the message is Chinese."""
