"""A browser visit to the built site for the forms' tests (test_panel_form.py): every request
recorded, none leaving this machine (another host gets a stub page), console errors kept; and
the validator's judgement of a file the forms wrote. The same shape as test_online_forms.py's
Visit, which a test module may not import."""

from __future__ import annotations

from pathlib import Path

from factory import write

from site_builder.core.diagnostics import Diagnostic
from site_builder.core.programme import Programme
from site_builder.rules.validate import validate


class Visit:
    def __init__(self, browser, server: str, **options) -> None:
        self.server = server
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(
            permissions=["clipboard-read", "clipboard-write"], **options
        )
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        if url.startswith(self.server):
            route.continue_()
        else:
            route.fulfill(status=200, content_type="text/html", body="<p>stub</p>")

    def outside(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(self.server)]

    def open(self, path: str) -> None:
        self.page.goto(self.server + path)
        self.page.wait_for_load_state("networkidle")

    def by_id(self, ident: str):
        return self.page.locator(f'[id="{ident}"]')

    def retype(self, name: str, text: str) -> None:
        """Clear the field named `name` with the keyboard and type `text` key by key."""
        box = self.page.locator(f'[name="{name}"]').first
        box.click()
        self.page.keyboard.press("Control+a")
        self.page.keyboard.press("Delete")
        if text:
            self.page.keyboard.type(text)

    def value(self, ident: str) -> str:
        return self.by_id(ident).input_value()

    def close(self) -> None:
        self.context.close()


def judge(root: Path, rel: str, text: str) -> list[Diagnostic]:
    """The validator's errors for `text` standing at `rel` in the repository at `root`."""
    path = write(root, rel, text)
    try:
        result = validate(root, Programme.load(root), {rel})
    finally:
        path.unlink()
    return [d for d in result.diagnostics if d.severity == "error"]
