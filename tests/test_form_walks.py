"""Issue 21 by keyboard alone and out loud (findings 6 and 9), in headless Chromium on the built
site: /apply/ and /panel/ filled with Tab, typing, arrow keys and Ctrl+V only (a plan pasted as
Word puts it on the clipboard), each control's focus visible, the result copied with Enter and
passed by the real validator; a refused submit, on a phone and at a desk, focuses the first
problem with its message in view and says so in live regions (aria-live), which screen readers
read out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from factory import ROOT
from form_visit import (  # noqa: F401 (fixtures)
    APPLICATION,
    EXPECTED,
    REL,
    Visit,
    built,
    judge,
    scratch,
    server,
)
from site_helpers import wait_until

from site_builder.core.loader import load_text

pytestmark = [pytest.mark.browser, pytest.mark.build]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
SIZES = {"phone": PHONE, "desktop": DESKTOP}
# The plan as Word puts it on the clipboard: CR LF between lines.
PLAN = "\u4e00\u3001\u7ec4\u7ec7\u4fdd\u969c\r\n1\uff0e\u6210\u7acb\u5de5\u4f5c\u5c0f\u7ec4\r\n\uff081\uff09\u652f\u90e8\u4e66\u8bb0\u4efb\u7ec4\u957f"

FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return {id: "", visible: false, tag: ""};
  const s = getComputedStyle(e);
  const visible = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
  return {id: e.id || "", visible, tag: e.tagName, type: e.type || ""};
}"""


@pytest.fixture
def desk(browser, server: str) -> Iterator[Visit]:  # noqa: F811
    v = Visit(browser, server, **DESKTOP)
    yield v
    assert v.errors == []
    v.close()


def walk(page, act: dict, until: str, limit: int = 160) -> list[str]:
    """Press Tab from where the focus is until `until` has it, calling `act[id]()` on each control
    reached that has an action; every control reached shows its focus. The ids reached, in order."""
    reached: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUS)
        if not now["id"]:
            continue
        if now["id"].startswith("f-") or now["tag"] in ("BUTTON", "SELECT", "TEXTAREA"):
            assert now["visible"], f"no visible focus on {now['id']}"
        if not reached or reached[-1] != now["id"]:
            reached.append(now["id"])
        if now["id"] in act:
            act.pop(now["id"])()
        if now["id"] == until:
            return reached
    raise AssertionError(f"Tab never reached {until}: {reached}")


def pick_with_arrows(page, ident: str, value: str) -> None:
    """Choose `value` in the focused select with the arrow keys (Home, then down)."""
    page.keyboard.press("Home")
    for _ in range(40):
        if page.locator(f"[id='{ident}']").input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{value} is not among the choices of {ident}")


def typed(page, text: str):
    def act() -> None:
        page.keyboard.press("Control+a")
        page.keyboard.type(text)

    return act


def pasted(page, text: str):
    def act() -> None:
        page.evaluate("text => navigator.clipboard.writeText(text)", text)
        page.keyboard.press("Control+a")
        page.keyboard.press("Control+V")

    return act


def chosen(page, ident: str, value: str):
    return lambda: pick_with_arrows(page, ident, value)


def test_apply_filled_and_copied_by_keyboard_alone(desk: Visit, scratch: Path) -> None:  # noqa: F811
    v, page = desk, desk.page
    v.open("apply/")
    act = {
        "f-title": typed(page, APPLICATION["title"]),
        "f-category": chosen(page, "f-category", EXPECTED["category"]),
        "f-general_branch": chosen(page, "f-general_branch", EXPECTED["general_branch"]),
        "f-branch": chosen(page, "f-branch", EXPECTED["branch"]),
        "f-secretary": typed(page, APPLICATION["secretary"]),
        "f-executors": typed(page, APPLICATION["executors"]),
        "f-applied_on": typed(page, "2026\u5e745\u67086\u65e5"),  # understood as 2026-05-06
        "f-summary": typed(page, APPLICATION["summary"]),
        "f-tags": typed(page, APPLICATION["tags"]),
        "f-\u4e3a\u4ec0\u4e48\u5f00\u5c55\u6d3b\u52a8": typed(page, APPLICATION["为什么开展活动"]),
        "f-\u600e\u6837\u5f00\u5c55\u6d3b\u52a8": pasted(page, PLAN),
        "f-\u9884\u671f\u76ee\u6807": typed(page, APPLICATION["预期目标"]),
    }
    wanted = set(act)
    reached = walk(page, act, until="copy-file")
    assert act == {}, f"never reached: {sorted(act)}"
    assert wanted <= set(reached)
    assert (
        "\u5df2\u8bc6\u522b\u4e3a 2026-05-06"
        in page.locator("[data-field='applied_on']").inner_text()
    )
    wait_until(page, "() => document.getElementById('form-status').classList.contains('sb-good')")
    page.keyboard.press("Enter")  # 复制
    wait_until(page, "() => document.getElementById('github-note').textContent.length > 0")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == v.value("file-text")
    assert judge(scratch, REL, copied) == []
    data = load_text(copied)
    assert {k: data.data[k] for k in ("category", "branch", "applied_on", "executors")} == {
        k: EXPECTED[k] for k in ("category", "branch", "applied_on", "executors")
    }
    # The pasted plan keeps its three lines (Word's CR LF read as line breaks).
    assert "\u7ec4\u7ec7\u4fdd\u969c\n1\uff0e\u6210\u7acb\u5de5\u4f5c\u5c0f\u7ec4\n" in data.body


def test_panel_filled_and_copied_by_keyboard_alone(desk: Visit, scratch: Path) -> None:  # noqa: F811
    v, page = desk, desk.page
    v.open("panel/")
    rel = "projects/2026/admin-young-staff-dual-cultivation.md"
    opinion = "\u540c\u610f\u7acb\u9879\uff0c\u6ce8\u610f\u505a\u597d\u53f0\u8d26\u3002"
    act = {
        # A project not yet public, named as people do: no folder, no .md.
        "f-file": typed(page, "2026/admin-young-staff-dual-cultivation"),
        "f-approval.date": typed(page, "2026/5/20"),
        "f-approval.decision": chosen(page, "f-approval.decision", "approved"),
        "f-approval.opinion": typed(page, opinion),
    }
    walk(page, act, until="copy-approval")
    assert act == {}, f"never reached: {sorted(act)}"
    assert v.value("f-approval.grant") == "1000"
    page.keyboard.press("Enter")  # 复制
    wait_until(page, "() => document.getElementById('approval-note').textContent.length > 0")
    block = page.evaluate("navigator.clipboard.readText()")
    assert block == v.value("approval-text") and block
    original = (ROOT / rel).read_text(encoding="utf-8")
    text = original.replace("stage: applied\n", block, 1)
    assert judge(scratch, rel, text) == []
    assert load_text(text).data["approval"] == {
        "date": "2026-05-20",
        "decision": "approved",
        "grant": 1000,
        "opinion": opinion,
    }


def _announced(page, live: str, field: str) -> tuple[str, str]:
    """After a refused submit: the live region's text and the focused field's message; the
    focused field is `field`, marked invalid, described by its message, and in view."""
    wait_until(page, "id => document.getElementById(id).textContent.length > 0", arg=live)
    assert page.locator(f"[id='{live}']").get_attribute("aria-live") == "polite"
    assert page.evaluate("document.activeElement.id") == field
    control = page.locator(f"[id='{field}']")
    assert control.get_attribute("aria-invalid") == "true"
    assert f"{field}-msg" in (control.get_attribute("aria-describedby") or "").split()
    message = page.locator(f"[id='{field}-msg']")
    assert message.get_attribute("aria-live") == "polite"
    height = page.viewport_size["height"]
    for part in (control, message):
        box = part.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height
    return page.locator(f"[id='{live}']").inner_text(), message.inner_text()


@pytest.mark.parametrize("size", sorted(SIZES))
def test_a_refused_submit_is_announced_at_the_first_problem(browser, server, size) -> None:  # noqa: F811
    v = Visit(browser, server, **SIZES[size])
    page = v.page
    v.open("apply/")
    # Half typed, then a reload (the draft comes back) and the submit from the bottom.
    v.retype("secretary", "\u5218\u6d0b")
    page.reload()
    page.wait_for_load_state("networkidle")
    assert v.value("f-secretary") == "\u5218\u6d0b"
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    button = page.locator("#open-github")
    button.tap() if size == "phone" else button.click()
    note, said = _announced(page, "github-note", "f-title")
    assert "\u8bf7\u5148\u6539\u6b63" in note  # 请先改正
    assert said.strip()
    status = v.by_id("form-status")
    assert status.get_attribute("aria-live") == "polite"
    assert "\u9879\u76ee\u540d\u79f0" in status.inner_text()  # 项目名称, the first named
    assert "\u3002\u3001" not in status.inner_text()
    # /panel/: a score box out of range, submitted: that box, its message, in view.
    v.open("panel/")
    v.retype("file", "2026/admin-young-staff-dual-cultivation")
    card = page.locator("#score-rows .sb-reviewer").nth(0)
    box = card.locator('[name="completeness"]')
    box.click()
    page.keyboard.type("25")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    button = page.locator("#copy-acceptance")
    button.tap() if size == "phone" else button.click()
    field = page.evaluate("document.activeElement.id")
    assert field.startswith("f-"), field
    note, said = _announced(page, "acceptance-note", field)
    assert "\u8bf7\u5148\u6539\u6b63" in note and said.strip()
    # The box typed wrong says so itself, in its own live message.
    wrong = page.locator("[id='f-acceptance.scores.0.completeness']")
    assert wrong.get_attribute("aria-invalid") == "true"
    assert "25" in page.locator("[id='f-acceptance.scores.0.completeness-msg']").inner_text()
    assert v.errors == []
    v.close()
