"""Page prose and styling that staff edit live in `templates/` folders inside the package.

Each subpackage that has templates (showcase, panel) renders them through `render`. The loader
reads them as package resources, so they work from an installed wheel as well as a checkout.
Any variable a template names but is not given is an error (StrictUndefined), never an empty
string. HTML templates are autoescaped; Markdown templates are not, so their callers escape
every value that comes from project files before passing it in.
"""

from __future__ import annotations

from functools import cache

import jinja2

HTML_SUFFIXES = (".html", ".html.j2")


def _autoescape(name: str | None) -> bool:
    return name is not None and name.endswith(HTML_SUFFIXES)


@cache
def environment(package: str) -> jinja2.Environment:
    """The environment for `package`'s `templates/` folder (one per package, built once)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=_autoescape,
        # Tag-only lines ({% for %}, {# #}) leave no blank line behind; the final newline stays.
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(package: str, template: str, /, **values: object) -> str:
    """`template` from `package`'s templates/ filled with `values` (any name, even `name`)."""
    return environment(package).get_template(template).render(**values)
