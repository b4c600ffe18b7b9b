"""What the browser tests of the online forms share (tests/test_form_drafts.py): the built site
served locally, a recorded browser context, the validator's verdict on a written file, an
application typed like a person, a project file with material added as /update/ says. Also
imported by tests/test_online_forms.py (test modules do not import each other; this is a helper)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from factory import ROOT, write
from site_helpers import mkdocs_build, serve, site_repo

from site_builder.core.diagnostics import Diagnostic
from site_builder.core.programme import Programme
from site_builder.rules.validate import validate


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = site_repo(tmp_path_factory.mktemp("forms") / "repo")
    proc = mkdocs_build(root, {"SHOWCASE_TODAY": "2026-05-06"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    return root / "site"


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example repository, where the forms' files are put to the validator."""
    root = tmp_path_factory.mktemp("scratch") / "repo"
    root.mkdir()
    for name in ("data", "projects", "schema"):
        shutil.copytree(ROOT / name, root / name)
    return root


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[str]:
    with serve(built) as address:
        yield address


class Visit:
    """A browser context whose every request is recorded; none leaves this machine: the site's
    are served, any other (GitHub, opened by a button) gets a stub page."""

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
        """Clear the field named `name` with the keyboard and type `text` key by key (text not
        on a keyboard, like Chinese, arrives as an IME would send it)."""
        box = self.page.locator(f'[name="{name}"]').first
        box.click()
        self.page.keyboard.press("Control+a")
        self.page.keyboard.press("Delete")
        if text:
            self.page.keyboard.type(text)

    def paste_in(self, name: str, text: str) -> None:
        """Long text, as an input method or a paste delivers it."""
        box = self.page.locator(f'[name="{name}"]').first
        box.click()
        self.page.keyboard.press("Control+a")
        self.page.keyboard.press("Delete")
        self.page.keyboard.insert_text(text)

    def value(self, ident: str) -> str:
        return self.by_id(ident).input_value()

    def close(self) -> None:
        self.context.close()


def judge(root: Path, rel: str, text: str) -> list[Diagnostic]:
    """The validator's errors for `text` standing at `rel` among the example projects."""
    path = write(root, rel, text)
    try:
        result = validate(root, Programme.load(root), {rel})
    finally:
        path.unlink()
    return [d for d in result.diagnostics if d.severity == "error"]


SUMMARY = "组织学生党员在实验室和宿舍区设立先锋岗\uff0c亮身份、作表率\uff0c带动同学共同进步。"
APPLICATION = {
    "title": "学生党员先锋岗“亮身份”行动",
    "secretary": "刘洋",
    "executors": "刘洋\uff0c何欣\n邱子涵\u3001潘宇航",
    "applied_on": "2026-05-06",
    "summary": SUMMARY,
    "tags": "先锋岗\uff1b志愿服务",
    "为什么开展活动": "支部有党员 26 名\uff0c部分党员在班级中作用发挥不明显。\n\n需要搭建平台。",
    "怎样开展活动": "- 设立先锋岗\n- 每月讲评一次\n\n### 时间安排\n\n9 月启动\uff0c次年 5 月总结。",
    "预期目标": "先锋岗覆盖全部班级\uff0c形成一项支部制度。",
}
EXPECTED = {
    "title": APPLICATION["title"],
    "year": 2026,
    "category": "student",
    "unit": "工程技术系",
    "general_branch": "gb-eng",
    "branch": "eng-students",
    "secretary": "刘洋",
    "executors": ["刘洋", "何欣", "邱子涵", "潘宇航"],
    "applied_on": "2026-05-06",
    "summary": SUMMARY,
    "duration_months": 12,
    "tags": ["先锋岗", "志愿服务"],
    "stage": "applied",
}
SLUG = "eng-students-2026-01"
REL = f"projects/2026/{SLUG}.md"


def fill_application(v: Visit) -> None:
    v.open("apply/")
    page = v.page
    assert v.value("f-applied_on") == date.today().isoformat()  # today by default
    page.select_option('[name="category"]', "student")
    page.select_option('[name="general_branch"]', "gb-eng")
    branches = page.locator('[name="branch"] option').all_inner_texts()
    assert branches == [
        "请选择",
        "工程技术系教工党支部",
        "工程技术系学生党支部",
        "汽车与智能制造教工党支部",
    ]
    page.select_option('[name="branch"]', "eng-students")
    assert v.value("f-unit") == "工程技术系"  # the general branch's name without 党总支
    for name, text in APPLICATION.items():
        v.retype(name, text)
    assert v.value("f-slug") == SLUG  # suggested: <branch>-<year>-NN


def file_state(v: Visit) -> dict:
    return v.page.evaluate(
        """() => ({
            ok: document.getElementById('form-status').classList.contains('sb-good'),
            status: document.getElementById('form-status').textContent,
            text: document.getElementById('file-text').value,
        })"""
    )


def apply_update(rel: str, stage: str | None, front: str, body: str) -> str:
    """Follow the page's steps on the project's file: change the stage line, put the front
    matter lines before the closing ---, add the body at the end."""
    text = (ROOT / rel).read_text(encoding="utf-8")
    head, rest = text.split("\n---\n", 1)
    if stage:
        head, n = re.subn(r"(?m)^stage: \w+$", f"stage: {stage}", head)
        assert n == 1
    return head + "\n" + front + "---\n" + rest.rstrip("\n") + "\n" + body


def choose(v: Visit, key: str, search: str) -> None:
    v.page.locator("#f-project:not([disabled])").wait_for()
    v.retype("filter", search)
    v.page.select_option("#f-project", key)
