"""Subcommands beyond `validate`; each module exposes `register(subparsers)`."""
