"""Forms that forgive (issue 21, findings 1, 3 and 6) in headless Chromium, typed and pasted like a
person on a phone-sized and a desktop page: a draft kept on the device survives the form's own
guide link and Back, a reload and a new visit, with a note; 清空草稿 empties it; leaving with text
not yet copied is asked first; two /update/ drafts for two projects coexist; dates, amounts,
scores and names written the common Chinese ways are understood, shown back and written converted
into the file text, which the real validator passes; the messages focus and show the first
problem, never glue sentences, name the current project's file and the expense rows left out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from form_visit import (  # noqa: F401 (fixtures)
    REL,
    Visit,
    apply_update,
    built,
    choose,
    file_state,
    fill_application,
    judge,
    scratch,
    server,
)

from site_builder.core.loader import load_text

pytestmark = [pytest.mark.browser, pytest.mark.build]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
SIZES = {"phone": PHONE, "desktop": DESKTOP}
TITLE = "红色家书诵读进宿舍行动"
PLAN = "一、活动内容\n1．每月诵读一次\n（1）宿舍长带头"


class Person(Visit):
    """A visit whose requests are kept whole (method, address, body): no draft may leave."""

    def __init__(self, browser, address: str, **options) -> None:
        super().__init__(browser, address, **options)
        self.sent: list[str] = []
        self.page.on(
            "request",
            lambda r: self.sent.append(f"{r.method} {r.url} {r.post_data or ''}"),
        )

    def carried(self, *texts: str) -> list[str]:
        from urllib.parse import quote

        return [s for s in self.sent for t in texts if t in s or quote(t) in s]


@pytest.fixture(params=list(SIZES))
def person(request, browser, server: str) -> Iterator[Person]:  # noqa: F811
    v = Person(browser, server, **SIZES[request.param])
    yield v
    assert v.errors == []
    v.close()


def note(v: Visit, form: str = "sb-apply") -> str:
    return v.page.locator(
        f"#{form} >> xpath=preceding-sibling::div[contains(@class,'sb-draft')][1]"
    ).inner_text()


def type_half_an_application(v: Visit) -> None:
    v.open("apply/")
    v.page.locator('[name="title"]').click()
    v.page.keyboard.type(TITLE)
    v.page.select_option('[name="general_branch"]', "gb-eng")
    v.page.select_option('[name="branch"]', "eng-students")
    v.paste_in("为什么开展活动", PLAN)


def test_a_draft_survives_the_guide_link_back_reload_and_a_new_visit(person: Person) -> None:
    v, page = person, person.page
    type_half_an_application(v)
    assert "自动保存在本设备" in note(v)
    # The form's own 申报指南 link, then Back.
    page.locator("article a", has_text="申报指南").first.click()
    page.wait_for_url("**/guide/apply/")
    page.go_back()
    page.wait_for_load_state("networkidle")
    assert v.value("f-title") == TITLE
    assert v.value("f-为什么开展活动") == PLAN
    assert v.value("f-branch") == "eng-students"
    assert "已恢复" in note(v) and "保存的草稿" in note(v)
    # A reload, then a new visit.
    page.reload()
    page.wait_for_load_state("networkidle")
    assert v.value("f-title") == TITLE and "已恢复" in note(v)
    v.open("apply/")
    assert v.value("f-为什么开展活动") == PLAN
    # The draft never left the device.
    assert v.carried(TITLE, "宿舍长带头") == []
    assert all(s.startswith("GET ") for s in v.sent)
    # 清空草稿, confirmed: gone, and still gone after a reload.
    asked: list[str] = []
    page.once("dialog", lambda d: (asked.append(d.message), d.accept()))
    page.get_by_role("button", name="清空草稿").click()
    assert asked and "清空" in asked[0]
    assert v.value("f-title") == "" and v.value("f-为什么开展活动") == ""
    page.reload()
    page.wait_for_load_state("networkidle")
    assert v.value("f-title") == "" and "已恢复" not in note(v)


def test_a_refused_confirmation_keeps_the_draft(browser, server: str) -> None:  # noqa: F811
    v = Person(browser, server, **DESKTOP)
    type_half_an_application(v)
    v.page.once("dialog", lambda d: d.dismiss())
    v.page.get_by_role("button", name="清空草稿").click()
    assert v.value("f-title") == TITLE
    v.close()


def test_leaving_with_unsaved_text_is_asked_first(person: Person) -> None:
    v, page = person, person.page
    type_half_an_application(v)
    with page.expect_event("dialog") as asked:
        page.close(run_before_unload=True)
    assert asked.value.type == "beforeunload"
    asked.value.dismiss()  # the person stays with the form
    assert not page.is_closed() and v.value("f-title") == TITLE


@pytest.mark.parametrize("form", ["update", "panel"])
def test_leaving_update_or_panel_with_unsaved_text_is_asked_first(
    person: Person, form: str
) -> None:
    v, page = person, person.page
    v.open(f"{form}/")
    if form == "update":
        choose(v, "2026/eng-red-study-tour", "")
        page.select_option("#f-action", "progress")
        box, text = "\u4e2d\u671f\u8fdb\u5c55", "\u5df2\u7ec4\u7ec7\u7814\u5b66 4 \u6b21\u3002"
    else:
        v.retype("file", "2026/admin-young-staff-dual-cultivation")
        box, text = "approval.opinion", "\u540c\u610f\u7acb\u9879\u3002"
    v.paste_in(box, text)
    with page.expect_event("dialog") as asked:
        page.close(run_before_unload=True)
    assert asked.value.type == "beforeunload"
    asked.value.dismiss()
    assert not page.is_closed() and v.value(f"f-{box}") == text


def test_two_update_drafts_for_two_projects_coexist(person: Person) -> None:
    v, page = person, person.page
    v.open("update/")
    a, b = "2026/eng-red-study-tour", "2025/library-red-classics-reading"
    choose(v, a, "")
    page.select_option("#f-action", "progress")
    text_a = "截至 3 月，已组织研学 4 次。"
    v.paste_in("中期进展", text_a)
    assert a.split("/")[1] in v.by_id("project-info").inner_text()
    choose(v, b, "")
    assert page.locator("#f-action").input_value() == "conclude"
    v.retype("取得成效", "读书会 12 期。")
    info = v.by_id("project-info").inner_text()
    assert "library-red-classics-reading.md" in info and "eng-red-study-tour" not in info
    # The page's own guide link, then Back: the project and its draft are back.
    page.locator(
        "article a", has_text="\u7528\u7f51\u9875\u7f16\u8f91\u5668\u63d0\u4ea4"
    ).first.click()
    page.wait_for_url("**/guide/submit/")
    page.go_back()
    page.wait_for_load_state("networkidle")
    page.locator("#f-project:not([disabled])").wait_for()
    assert page.locator("#f-project").input_value() == b
    assert v.value("f-\u53d6\u5f97\u6210\u6548") == "\u8bfb\u4e66\u4f1a 12 \u671f\u3002"
    page.reload()
    page.wait_for_load_state("networkidle")
    page.locator("#f-project:not([disabled])").wait_for()
    assert page.locator("#f-project").input_value() == b  # the last project, its draft back
    assert v.value("f-取得成效") == "读书会 12 期。" and "已恢复" in note(v, "sb-update")
    choose(v, a, "")
    assert page.locator("#f-action").input_value() == "progress"
    assert v.value("f-中期进展") == text_a and "已恢复" in note(v, "sb-update")
    assert v.carried(text_a, "读书会 12 期") == []


def test_common_ways_of_writing_are_understood_and_written_converted(
    person: Person,
    scratch: Path,  # noqa: F811
) -> None:
    v, page = person, person.page
    fill_application(v)
    v.retype("applied_on", "2026年5月6日")
    assert "已识别为 2026-05-06" in page.locator('[data-field="applied_on"]').inner_text()
    for typed in ("2026/5/6", "２０２６－０５－０６", "2026-5-6"):
        v.retype("applied_on", typed)
        assert "已识别为 2026-05-06" in page.locator('[data-field="applied_on"]').inner_text(), (
            typed
        )
        assert (
            page.locator('[data-field="applied_on"] input.sb-picker').input_value() == "2026-05-06"
        )
    # The calendar writes the box; typing still works after it.
    page.locator('[data-field="applied_on"] input.sb-picker').fill("2026-05-07")
    assert v.value("f-applied_on") == "2026-05-07"
    v.retype("applied_on", "2026/5/6")
    v.retype("executors", "赵强 刘洋\n何欣")
    said = page.locator('[data-field="executors"]').inner_text()
    assert "已按空格分开为 3 人：赵强、刘洋、何欣" in said
    state = file_state(v)
    assert state["ok"], state["status"]
    doc = load_text(state["text"])
    assert doc.data["applied_on"] == "2026-05-06"
    assert doc.data["executors"] == ["赵强", "刘洋", "何欣"]
    assert judge(scratch, REL, state["text"]) == []


def test_update_and_panel_read_dates_amounts_and_scores(person: Person, scratch: Path) -> None:  # noqa: F811
    v, page = person, person.page
    v.open("update/")
    rel = "projects/2025/library-red-classics-reading.md"
    choose(v, "2025/library-red-classics-reading", "红色经典")
    v.retype("concluded_on", "２０２６年５月２０日")
    assert "已识别为 2026-05-20" in page.locator('[data-field="concluded_on"]').inner_text()
    rows = page.locator("#expense-rows .sb-row")
    typed = [
        ("2025/9/10", "购书", "386.5元"),
        ("2025年11月2日", "资料印制", "1,000"),
        ("2025-12-1", "场地", "１００"),
    ]
    for i, (day, item, amount) in enumerate(typed):
        if i:
            page.click("#add-expense")
        row = rows.nth(i)
        for name, text in (("date", day), ("item", item)):
            row.locator(f'[name="{name}"]').click()
            page.keyboard.type(text)
        row.locator('[name="amount"]').click()
        page.keyboard.insert_text(amount)  # as pasted
    assert (
        "已识别为 386.5" in rows.nth(0).inner_text() and "已识别为 1000" in rows.nth(1).inner_text()
    )
    assert "支出合计 1486.50 元" in v.by_id("expense-total").inner_text()
    for name in ("取得成效", "存在不足", "经验做法与制度成果"):
        v.retype(name, "已完成。")
    page.locator('.sb-output[data-ready="yes"]').wait_for()
    text = apply_update(rel, "concluded", v.value("update-front"), v.value("update-body"))
    assert judge(scratch, rel, text) == []
    doc = load_text(text)
    assert doc.data["concluded_on"] == "2026-05-20"
    assert doc.data["expenses"] == [
        {"date": "2025-09-10", "item": "购书", "amount": "386.5"},
        {"date": "2025-11-02", "item": "资料印制", "amount": 1000},
        {"date": "2025-12-01", "item": "场地", "amount": 100},
    ]
    # /panel/: a full-width score and date.
    v.open("panel/")
    v.retype("approval.date", "２０２６－０５－０８")
    assert "已识别为 2026-05-08" in page.locator('[data-field="approval.date"]').inner_text()
    card = page.locator("#score-rows .sb-reviewer").nth(0)
    card.locator('[name="completeness"]').click()
    page.keyboard.insert_text("２０")
    assert "已识别为 20" in card.inner_text()
    assert "超过" not in card.locator(".sb-msg").inner_text()


def test_messages_show_the_first_problem_and_never_glue_sentences(person: Person) -> None:
    v, page = person, person.page
    v.open("apply/")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.click("#open-github")
    focused = page.evaluate("document.activeElement.id")
    assert focused == "f-title"
    box = page.locator("#f-title").bounding_box()
    height = page.viewport_size["height"]
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height
    # /update/: a wrong expense row is named, left out of the total, and no sentence is glued.
    v.open("update/")
    choose(v, "2025/library-red-classics-reading", "红色经典")
    row = page.locator("#expense-rows .sb-row").nth(0)
    for name, text in (("date", "2025-09-10"), ("item", "购书"), ("amount", "85.555")):
        row.locator(f'[name="{name}"]').click()
        page.keyboard.type(text)
    page.click("#add-expense")
    second = page.locator("#expense-rows .sb-row").nth(1)
    for name, text in (("date", "2025-09-11"), ("item", "印制"), ("amount", "20")):
        second.locator(f'[name="{name}"]').click()
        page.keyboard.type(text)
    total = v.by_id("expense-total").inner_text()
    assert "第 1 笔尚未填好或有误，未计入合计" in total and "支出合计 20 元" in total
    page.click("#copy-front")
    status = v.by_id("form-status").inner_text()
    assert "。、" not in status and "经费支出" in status, status
    assert page.evaluate("document.activeElement.closest('.sb-row') !== null")
    # After opening one project's file on GitHub, the note names that file, and not the next
    # project's: switching projects clears it.
    amount = row.locator('[name="amount"]')
    amount.click()
    page.keyboard.press("Control+a")
    page.keyboard.type("85.50")
    for name in (
        "\u53d6\u5f97\u6210\u6548",
        "\u5b58\u5728\u4e0d\u8db3",
        "\u7ecf\u9a8c\u505a\u6cd5\u4e0e\u5236\u5ea6\u6210\u679c",
    ):
        v.retype(name, "\u5df2\u5b8c\u6210\u3002")
    v.retype("concluded_on", "2026-05-20")
    page.locator('.sb-output[data-ready="yes"]').wait_for()
    with v.context.expect_page() as opened:
        page.click("#open-github")
    opened.value.close()
    assert "library-red-classics-reading.md" in v.by_id("github-note").inner_text()
    choose(v, "2026/eng-red-study-tour", "")
    assert "library-red-classics-reading" not in v.by_id("github-note").inner_text()


def test_panel_drafts_one_per_project_file(person: Person) -> None:
    v, page = person, person.page
    v.open("panel/")
    a, b = "projects/2026/eng-red-study-tour.md", "projects/2025/library-red-classics-reading.md"
    # Projects not yet public are named in the picker's file box.
    v.retype("file", a)
    page.keyboard.press("Tab")
    v.paste_in("approval.opinion", "项目紧扣专业特色。")
    v.retype("file", b)
    page.keyboard.press("Tab")
    v.retype("approval.opinion", "服务对象明确。")
    page.reload()
    page.wait_for_load_state("networkidle")
    v.retype("file", b)
    page.keyboard.press("Tab")
    assert v.value("f-approval.opinion") == "服务对象明确。"
    assert "已恢复" in note(v, "sb-approval")
    v.retype("file", a)
    page.keyboard.press("Tab")
    assert v.value("f-approval.opinion") == "项目紧扣专业特色。"
    assert v.carried("项目紧扣专业特色", "服务对象明确") == []


def test_once_copied_leaving_is_not_asked(browser, server: str) -> None:  # noqa: F811
    v = Person(browser, server, **DESKTOP)
    fill_application(v)
    assert file_state(v)["ok"]
    v.page.click("#copy-file")
    asked: list[str] = []
    v.page.on("dialog", lambda d: (asked.append(d.type), d.dismiss()))
    with v.page.expect_event("close"):
        v.page.close(run_before_unload=True)
    assert asked == []
    v.context.close()
