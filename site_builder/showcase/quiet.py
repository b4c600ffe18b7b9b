"""Silence third-party chatter on `mkdocs build` and `make serve`: jieba's dictionary-loading
lines and the `pkg_resources` deprecation warning that importing jieba raises. Neither says
anything a user can act on, and neither is Chinese.

Called when the plugin module is imported. The plugin is listed first in mkdocs.yml, so this runs before the
search plugin imports jieba. Harmless when jieba is not used: it only configures a logger and a
warnings filter."""

from __future__ import annotations

import logging
import warnings


def _warnings_only(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.WARNING


def silence() -> None:
    # A filter, not a level: importing jieba resets its logger's level to DEBUG.
    jieba_log = logging.getLogger("jieba")
    if _warnings_only not in jieba_log.filters:
        jieba_log.addFilter(_warnings_only)
    warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
    warnings.filterwarnings("ignore", message=".*pkg_resources", category=DeprecationWarning)
