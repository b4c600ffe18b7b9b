"""A browser visit to the site whose every request, console line and page error is recorded,
for the pages that use the person's GitHub token (tests/test_signin.py, tests/test_submit_apply.py):
above all, that the token goes to the API address only, in the Authorization header only."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from site_helpers import wait_until

from site_builder.showcase.links import api_origin

KEY = "sb-github-session"  # docs/javascripts/shared/session.js
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


class Visit:
    """A browser context whose requests, console and page errors are all recorded."""

    def __init__(self, browser, server: str, viewport: dict, **options) -> None:
        self.server = server
        self.requests: list = []
        self.console: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport=viewport, **options)
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append(r))
        self.page.on("console", lambda m: self.console.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, path: str = "signin/") -> None:
        self.page.goto(self.server + path)
        self.page.wait_for_load_state("networkidle")

    def by_id(self, ident: str):
        return self.page.locator(f'[id="{ident}"]')

    def value(self, ident: str) -> str:
        return self.by_id(ident).input_value()

    def retype(self, name: str, text: str) -> None:
        """Clear the field named `name` with the keyboard and type `text` key by key."""
        box = self.page.locator(f'[name="{name}"]').first
        box.click()
        self.page.keyboard.press("Control+a")
        self.page.keyboard.press("Delete")
        if text:
            self.page.keyboard.type(text)

    def type_token(self, token: str, *, expires: str = "", remember: bool = False) -> None:
        self.page.locator("#f-token").click()
        self.page.keyboard.type(token)
        self._rest(expires, remember)

    def paste_token(self, token: str, *, expires: str = "", remember: bool = False) -> None:
        """As a paste delivers it: the clipboard holds the token, Ctrl+V puts it in the box."""
        self.page.evaluate("(text) => navigator.clipboard.writeText(text)", token)
        self.page.locator("#f-token").click()
        self.page.keyboard.press("Control+V")
        assert self.page.locator("#f-token").input_value() == token
        self._rest(expires, remember)

    def _rest(self, expires: str, remember: bool) -> None:
        if expires:
            self.page.locator("#f-expires").click()
            self.page.keyboard.type(expires)
        if remember:
            self.page.locator("#f-remember").click()  # a tap on the box
        self.page.locator("#sign-in").click()
        self.wait()

    def wait(self) -> None:
        wait_until(
            self.page,
            "() => { const s = document.getElementById('signin-status');"
            " return s && !s.textContent.includes('正在检查'); }",
        )
        self.page.wait_for_load_state("networkidle")

    def status(self) -> str:
        return self.page.locator("#signin-status").inner_text()

    def checks(self) -> list[str]:
        return self.page.locator("#signin-checks li").all_inner_texts()

    def storage(self) -> dict[str, dict[str, str]]:
        return self.page.evaluate(
            "() => ({local: Object.fromEntries(Object.entries(localStorage)),"
            " session: Object.fromEntries(Object.entries(sessionStorage))})"
        )

    def assert_token_kept_to_the_api(self, token: str, api: str) -> None:
        """No request outside the API address carries the token, no address holds it, the API's
        requests carry it in Authorization only; storage holds it under KEY only; the console and
        the page's text never show it; nothing fails in the page."""
        origin = api_origin(api)
        sent_to_api = 0
        for request in self.requests:
            assert token not in request.url, request.url
            headers = request.all_headers()
            carried = [k for k, v in headers.items() if token in v]
            body = request.post_data or ""
            assert token not in body, request.url
            parts = urlsplit(request.url)
            if f"{parts.scheme}://{parts.netloc}" == origin:
                if carried:
                    assert carried == ["authorization"], (request.url, carried)
                    assert headers["authorization"] == f"Bearer {token}"
                    sent_to_api += 1
            else:
                assert not carried, (request.url, carried)
        assert sent_to_api > 0
        for store in self.storage().values():
            for key, value in store.items():
                assert key == KEY or token not in value, key
        assert not any(token in line for line in self.console), self.console
        assert token not in self.page.content()
        text = self.page.locator("body").inner_text()
        assert token not in text
        assert not re.search(r"\{[a-z]+\}", text), "a message left a placeholder unfilled"
        if self.page.locator("#f-token").count():
            assert self.page.locator("#f-token").input_value() == ""
        assert self.errors == [], self.errors

    def close(self) -> None:
        self.context.close()
