"""The Content-Security-Policy of every published page, built here and nowhere else.

GitHub Pages sets no headers, so the policy is a `<meta http-equiv>` first in every page's head
(`overrides/main.html`, from `config.extra.content_security_policy`, which the plugin sets and
`export` writes into its plain mkdocs.yml). Everything comes from the site itself: scripts (files
only; the theme's inline scripts are files in `overrides/assets/javascripts/`, and a script a page
holds never runs), styles (files only), fonts, images (plus `data:` and `blob:` for previews) and
connections. Pagefind's search runs its WebAssembly in a worker (`pagefind/pagefind-worker.js`,
a script of the site, allowed by script-src as worker-src falls back to it); a worker is not
bound by its page's `<meta>` policy, so the page needs no 'wasm-unsafe-eval' and gets none
(tests/test_csp.py searches under the policy). `connect` adds origins a page may call, e.g. the
GitHub API address once people submit from the site; today there are none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from site_builder.core.errors import SiteBuilderError

_ORIGIN = re.compile(r"https://[a-z0-9.-]+(?::[0-9]{1,5})?")


class PolicyError(SiteBuilderError, ValueError):
    """An extra origin is not a plain https origin; the message is Chinese."""

    code = "SB507"


def content_security_policy(connect: Sequence[str] = ()) -> str:
    for origin in connect:
        if not _ORIGIN.fullmatch(origin):
            raise PolicyError(
                f"\u201c{origin}\u201d不是可以连接的网站地址\uff1a只能是 https://主机名\uff08可带端口\uff09\uff0c"
                "不带路径\u3002"
            )
    directives = {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "font-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "connect-src": ["'self'", *connect],
        "manifest-src": ["'self'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())
