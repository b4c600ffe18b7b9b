"""Accessibility (issue 21, finding 9), on the built site in headless Chromium: axe-core (4.12.1,
bundled by axe-playwright-python) finds no serious or critical violation on any kind of page, on a
phone and on a desktop; the theme's colours reach WCAG AA; the catalogue's sort buttons are a
finger's size; every form field's help and message describe it; /apply/ can be filled by keyboard
alone, with the focus always visible."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from site_helpers import mkdocs_build, serve, site_repo, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.build]

# One page of every kind.
PAGES = {
    "home": "",
    "awards": "awards/",
    "catalogue": "catalogue/",
    "project": "projects/2025/eng-rural-skills-service/",
    "stats": "stats/",
    "guide": "guide/apply/",
    "apply": "apply/",
    "update": "update/",
    "panel": "panel/",
    "mine": "mine/",
    "404": "404.html",
}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SIZES = {"phone": PHONE, "desktop": DESKTOP}
BLOCKING = ("serious", "critical")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = site_repo(tmp_path_factory.mktemp("a11y") / "repo")
    proc = mkdocs_build(root, {"SHOWCASE_TODAY": "2026-05-06"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    with serve(root / "site") as address:
        yield address


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def open_page(browser, server: str, path: str, size: dict, **options):
    context = browser.new_context(viewport=size, **options)
    page = context.new_page()
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    return context, page


def blocking(results: dict) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']} "
        f"{v['nodes'][0].get('failureSummary', '')[:300]}"
        for v in results["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("kind", sorted(PAGES))
def test_no_serious_axe_violation(browser, server, axe, kind: str, size: str) -> None:
    context, page = open_page(browser, server, PAGES[kind], SIZES[size])
    if kind == "apply":
        # With every message shown: an empty form submitted (the errors are checked too).
        page.locator("#open-github").click()
    found = blocking(axe.run(page).response)
    context.close()
    assert found == [], "\n".join(found)


# Contrast (WCAG 1.4.3, 1.4.11): the theme's red and the white-on-red button, measured in the page.
CONTRAST = """(selector) => {
  const rgb = (s) => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map((v) => v / 255).map((v) => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const el = document.querySelector(selector);
  const style = getComputedStyle(el);
  let bg = style.backgroundColor, node = el;
  while (/rgba\\(.*, 0\\)|transparent/.test(bg) && node.parentElement) {
    node = node.parentElement;
    bg = getComputedStyle(node).backgroundColor;
  }
  const [a, b] = [lum(rgb(style.color)), lum(rgb(bg))].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


def test_the_red_reaches_aa_for_links_and_white_on_red_buttons(browser, server) -> None:
    context, page = open_page(browser, server, "apply/", DESKTOP)
    assert page.evaluate(CONTRAST, ".md-content a[href]") >= 4.5
    assert page.evaluate(CONTRAST, "#open-github") >= 4.5  # 在 GitHub 上提交: white on red
    assert page.evaluate(CONTRAST, ".md-header") >= 4.5  # the site's name on the header
    context.close()


def test_the_catalogue_sort_buttons_are_a_fingers_size(browser, server) -> None:
    context, page = open_page(
        browser, server, "catalogue/", PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    buttons = page.locator(".showcase-listing th button")
    assert buttons.count() >= 3
    for i in range(buttons.count()):
        box = buttons.nth(i).bounding_box()
        assert box and box["width"] >= 44 and box["height"] >= 44, (i, box)
    context.close()


def test_every_field_is_described_by_its_help_and_message(browser, server) -> None:
    context, page = open_page(browser, server, "apply/", DESKTOP)
    fields = page.locator(
        "#sb-apply .sb-field:not(.sb-hidden) :is(input, textarea, select):not(.sb-picker)"
    )
    assert fields.count() >= 10
    # A date box's calendar is described by the box's own help and message.
    pickers = page.locator("#sb-apply .sb-picker")
    assert pickers.count() >= 1
    for i in range(pickers.count()):
        picker = pickers.nth(i)
        box = picker.locator("xpath=preceding-sibling::input[1]")
        assert picker.get_attribute("aria-describedby") == box.get_attribute("aria-describedby")
        assert (picker.get_attribute("id") or "") == f"{box.get_attribute('id')}-calendar"
    for i in range(fields.count()):
        control = fields.nth(i)
        ids = (control.get_attribute("aria-describedby") or "").split()
        key = control.get_attribute("id")
        assert f"{key}-help" in ids and f"{key}-msg" in ids, key
        assert page.locator(f"[id='{key}-msg']").get_attribute("aria-live") == "polite"
    # A wrong value: the control is marked invalid, its message is what describes it.
    title = page.locator("#f-title")
    title.fill("x")
    title.press("Tab")
    page.locator("#open-github").click()
    wait_until(page, "() => document.querySelector('#f-title').ariaInvalid === 'true'")
    message = page.locator("#f-title-msg").inner_text()
    assert message.strip(), "the error is shown in the field's own message"
    title.fill("智能制造专业党员先锋岗建设")
    title.press("Tab")
    wait_until(page, "() => !document.querySelector('#f-title').hasAttribute('aria-invalid')")
    context.close()


def test_apply_can_be_filled_by_keyboard_alone(browser, server) -> None:
    context, page = open_page(browser, server, "apply/", DESKTOP)
    page.locator("#sb-apply").scroll_into_view_if_needed()
    controls = page.eval_on_selector_all(
        "#sb-apply :is(input, textarea, select, button, summary), .sb-output :is(textarea, button)",
        "els => els.filter(e => !e.disabled && e.offsetParent !== null && e.tabIndex >= 0"
        # what a closed 查看文件内容 holds is reached by opening it (its summary is reached)
        "  && (e.tagName === 'SUMMARY' || !e.closest('details:not([open])')))"
        "  .map(e => e.id || e.parentElement.querySelector('[id]').id + ':summary')",
    )
    assert len(controls) >= 10
    # Start at the form's first control's predecessor: Tab walks from there.
    page.focus(f"#{controls[0]}")
    reached = [controls[0]]
    for _ in range(len(controls) * 3):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
              const e = document.activeElement;
              if (!e) return null;
              return e.id || (e.tagName === 'SUMMARY'
                ? e.parentElement.querySelector('[id]').id + ':summary' : null);
            }"""
        )
        if not focused or not page.evaluate(
            "() => !!document.activeElement.closest('#sb-apply, .sb-output')"
        ):
            break
        reached.append(focused)
        # The focus is visible: an outline or a box shadow.
        visible = page.evaluate(
            """() => {
              const s = getComputedStyle(document.activeElement);
              return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
                || s.boxShadow !== 'none';
            }"""
        )
        assert visible, focused
    missing = [c for c in controls if c not in reached]
    assert missing == [], missing
    context.close()


def test_wide_tables_scroll_by_keyboard(browser, server) -> None:
    context, page = open_page(browser, server, "stats/", PHONE)
    wait_until(page, "() => document.querySelector('.md-typeset__scrollwrap[tabindex]')")
    regions = page.eval_on_selector_all(
        ".md-typeset__scrollwrap",
        "els => els.map(e => [e.scrollWidth > e.clientWidth + 1, e.tabIndex,"
        " e.getAttribute('aria-label')])",
    )
    scrolling = [r for r in regions if r[0]]
    assert scrolling and all(r[1] == 0 for r in scrolling), regions
    labels = [r[2] for r in scrolling]
    assert len(set(labels)) == len(labels), labels  # one region told from another
    context.close()


# Every control a finger taps on a phone (links inside running text are exempt, WCAG 2.5.8).
TARGETS = (
    "article :is(input:not([type=hidden]), select, button, summary, .md-button),"
    " .showcase-filters :is(input, select)"
)


@pytest.mark.parametrize("path", ["catalogue/", "apply/", "update/", "panel/"])
def test_controls_are_a_fingers_size_on_a_phone(browser, server, path: str) -> None:
    context, page = open_page(browser, server, path, PHONE, is_mobile=True, has_touch=True)
    boxes = page.eval_on_selector_all(
        TARGETS,
        "els => els.filter(e => e.offsetParent !== null).map(e => {"
        " const r = e.getBoundingClientRect();"
        " return [e.id || e.tagName + '.' + e.className, r.width, r.height]; })",
    )
    assert boxes
    small = [b for b in boxes if b[2] < 44 or (b[1] < 44)]
    assert small == [], small
    context.close()


EDGE = """(selector) => {
  const rgb = (s) => s.match(/[\\d.]+/g).slice(0, 4).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map((v) => v / 255).map((v) => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const el = document.querySelector(selector);
  const [r, g, b, a = 1] = rgb(getComputedStyle(el).borderTopColor);
  let node = el.parentElement, bg = getComputedStyle(node).backgroundColor;
  while (/rgba\\(.*, 0\\)|transparent/.test(bg) && node.parentElement) {
    node = node.parentElement;
    bg = getComputedStyle(node).backgroundColor;
  }
  const back = rgb(bg);
  const edge = [r, g, b].map((v, i) => v * a + back[i] * (1 - a));
  const [x, y] = [lum(edge), lum(back)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}"""


@pytest.mark.parametrize(
    ("path", "selector"),
    [("apply/", "#f-title"), ("apply/", "#f-category"), ("catalogue/", ".showcase-filters select")],
)
def test_a_controls_edge_stands_out(browser, server, path: str, selector: str) -> None:
    context, page = open_page(browser, server, path, DESKTOP)
    assert page.evaluate(EDGE, selector) >= 3
    context.close()


def test_expense_rows_are_described_by_their_message(browser, server) -> None:
    context, page = open_page(browser, server, "update/", DESKTOP)
    page.locator("#f-project:not([disabled])").wait_for()
    page.locator("#f-filter").fill("红色经典")
    page.select_option("#f-project", "2025/library-red-classics-reading")
    row = page.locator("#expense-rows .sb-row").first
    row.wait_for()
    message = row.locator(".sb-msg")
    assert message.get_attribute("aria-live") == "polite"
    amount = row.locator('[name="amount"]')
    assert amount.get_attribute("aria-describedby") == message.get_attribute("id")
    amount.fill("三百元")
    page.locator("#open-github").click()  # every message shown
    wait_until(
        page,
        "() => document.querySelector('#expense-rows .sb-row [name=amount]').ariaInvalid === 'true'",
    )
    assert message.inner_text().strip()
    context.close()
