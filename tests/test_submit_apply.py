"""提交申报 on /apply/ in headless Chromium against the GitHub double, typed like a person: a
branch secretary signs in, fills the application on a phone, adds two phone photos (their
location and camera metadata removed in the browser, byte for byte as `media clean` does) and
submits: one commit with the file and both photos on a new branch, the pull request with the
application template as its body, and the real `check` passes on it. The network dropping
between the commit and the pull request is resumed after a reload with 继续 to exactly one pull
request; 放弃 deletes the branch; an expired token, a token without the Pull requests permission
and a login not in the roster are each told before anything is written. The token never goes
anywhere but the API address."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from factory import ROOT
from form_visit import APPLICATION, REL, SLUG, fill_application
from github_visit import DESKTOP, KEY, PHONE, Visit
from gitrepo_helpers import init
from imagefactory import encode, phone_exif, picture, png_chunk, with_png_chunks
from site_helpers import mkdocs_build, serve, site_repo, wait_until

from site_builder.core import imagemeta
from site_builder.core.imageclean import clean_image
from tools.github_double import GitHubDouble, openapi
from tools.github_double.gitstore import GitStore

pytestmark = [pytest.mark.browser, pytest.mark.build, pytest.mark.git]

OWNER, NAME = "caishen-college", "projects"  # mkdocs.yml repo_url
SECRETARY = "liu-yang-eng"  # 工程技术系学生党支部's maintainer in data/roster.yml
ALL = {"contents": "write", "pull_requests": "write", "actions": "read", "metadata": "read"}
DRAFT = "sb-draft:apply"
JPEG = encode(picture((120, 90)), exif=phone_exif(1))
PNG = with_png_chunks(
    encode(picture((60, 40), seed=4), "PNG"),
    png_chunk(b"eXIf", phone_exif(1)),
    png_chunk(b"tEXt", b"Comment\x00home address"),
)
PHOTOS = [
    {"name": "IMG_0001.JPG", "mimeType": "image/jpeg", "buffer": JPEG},
    {"name": "Screenshot.png", "mimeType": "image/png", "buffer": PNG},
]


@pytest.fixture(scope="module")
def double(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GitHubDouble]:
    """This site's repository on the GitHub double; checks wait until a test runs them."""
    try:
        openapi.description()
    except openapi.DescriptionMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    tmp = tmp_path_factory.mktemp("double")
    work = site_repo(tmp / "work")
    init(work)
    GitStore.clone_bare(work, tmp / "bare.git")
    d = GitHubDouble(tmp / "bare.git", owner=OWNER, name=NAME, hold_checks=True).start()
    d.add_person(SECRETARY, "刘洋")
    d.add_person("stranger", "陌生人")
    yield d
    d.stop()
    assert d.violations == [], "\n".join(d.violations)


@pytest.fixture(scope="module")
def server(double: GitHubDouble, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site built once, its API address the double's, with the pull-request templates."""
    root = site_repo(tmp_path_factory.mktemp("site") / "repo")
    shutil.copytree(ROOT / ".github/PULL_REQUEST_TEMPLATE", root / ".github/PULL_REQUEST_TEMPLATE")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("https://api.github.com", double.api), encoding="utf-8")
    proc = mkdocs_build(root, {"SHOWCASE_TODAY": "2026-05-06"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    with serve(root / "site") as address:
        yield address


@pytest.fixture
def visits(browser, server: str) -> Iterator[list]:
    made: list[Visit] = []
    yield made
    for v in made:
        v.close()


def visit(browser, server: str, visits: list, size: dict = DESKTOP) -> Visit:
    phone = size is PHONE
    v = Visit(browser, server, size, is_mobile=phone, has_touch=phone)
    v.page.on("dialog", lambda d: d.accept())  # 放弃 asks first
    visits.append(v)
    return v


def signed_in(v: Visit, double: GitHubDouble, token: str, login: str = SECRETARY) -> None:
    """A tab signed in on /signin/ before (the session as session.js keeps it)."""
    v.open("apply/")
    session = {"token": token, "login": login, "api": double.api, "expires": "", "remember": False}
    v.page.evaluate("([k, s]) => sessionStorage.setItem(k, s)", [KEY, json.dumps(session)])


def apply(v: Visit, slug: str) -> None:
    fill_application(v)
    v.retype("slug", slug)
    v.page.locator("#submit-pr").wait_for(state="visible")


def press_submit(v: Visit) -> str:
    v.page.locator("#submit-pr").click()
    return finished(v)


def finished(v: Visit) -> str:
    wait_until(
        v.page,
        "() => { const s = document.getElementById('submit-status');"
        " return s.classList.contains('sb-good') || s.classList.contains('sb-bad'); }",
    )
    return v.page.locator("#submit-status").inner_text()


def heads(double: GitHubDouble) -> set[str]:
    return set(double.store.refs("refs/heads/"))


def storage(v: Visit) -> dict:
    return v.page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")


def lose_the_pull_request(double: GitHubDouble) -> None:
    """The connection drops on the request that opens the pull request (the permission probe
    before it goes through). Chromium sends a request again once when a kept-alive connection
    closes without an answer, so the drop is armed for that second try too."""
    double.drop_next("POST", r"/pulls$", "before", skip=1)
    double.drop_next("POST", r"/pulls$", "before")


def choose_photos(v: Visit) -> None:
    """As a person does: tap the box, pick two photos in the phone's chooser."""
    with v.page.expect_file_chooser() as chooser:
        v.page.locator("#f-photos").click()
    assert chooser.value.is_multiple()
    chooser.value.set_files(PHOTOS)
    wait_until(v.page, "() => document.querySelectorAll('#photo-list li').length === 2")


def test_secretary_applies_with_two_photos_from_a_phone(
    browser, server: str, double: GitHubDouble, visits: list
) -> None:
    token = double.add_token(SECRETARY, ALL)
    v = visit(browser, server, visits, PHONE)
    v.open("signin/")
    v.type_token(token)
    assert v.status() == f"已登录：{SECRETARY}"
    before = heads(double)
    fill_application(v)
    page = v.page
    page.locator("#submit-pr").wait_for(state="visible")
    assert "工程技术系学生党支部维护人" in v.by_id("submit-who").inner_text()
    assert page.locator("#f-photos").get_attribute("accept") == "image/*"
    choose_photos(v)
    facts = page.locator("#photo-list .sb-help").all_inner_texts()
    assert "120 × 90 像素" in facts[0] and "已删除其中的拍摄信息（EXIF）" in facts[0], facts
    # No alt text yet: PM610's message at the photo, nothing sent.
    page.locator("#submit-pr").click()
    assert "请为照片 IMG_0001.JPG 写说明文字" in v.by_id("photo-1-alt-msg").inner_text()
    assert heads(double) == before
    v.by_id("photo-1-alt").click()
    page.keyboard.type("先锋岗授牌仪式")
    v.by_id("photo-2-alt").click()
    page.keyboard.type("先锋岗值班表")
    page.select_option("#photo-2-section", "预期目标")
    status = press_submit(v)
    assert status.startswith("已发起拉取请求 #"), status
    (pr,) = [p for p in double.pulls.values() if p.head.startswith(f"apply/{SLUG}")]
    assert page.locator("#submit-links a").first.get_attribute("href") == (
        f"https://github.com/{OWNER}/{NAME}/pull/{pr.number}"
    ) or page.locator("#submit-links a").first.get_attribute("href").endswith(f"/pull/{pr.number}")
    assert page.locator("#submit-links a").nth(1).get_attribute("href") == "../mine/"
    steps = page.locator("#submit-steps li").all_inner_texts()
    assert steps[0].startswith("正在核对") and steps[-1] == f"完成：已发起拉取请求 #{pr.number}。"
    # One commit on main holding the file and both photos, their metadata gone, as media clean.
    main = double.store.ref("refs/heads/main")
    head = double.store.ref(f"refs/heads/{pr.head}")
    assert double.store.git("rev-list", f"{main}..{head}").decode().split() == [head]
    folder = f"projects/2026/{SLUG}"
    changed = double.store.git("diff", "--name-only", main, head).decode().split()
    assert sorted(changed) == sorted([REL, f"{folder}/photo-1.jpg", f"{folder}/photo-2.png"])
    for name, original in (("photo-1.jpg", JPEG), ("photo-2.png", PNG)):
        data = double.store.git("show", f"{head}:{folder}/{name}")
        assert data == clean_image(original).data
        assert not [
            b for b in imagemeta.blocks("JPEG" if name.endswith("jpg") else "PNG", data) if b.name
        ]
    text = double.store.git("show", f"{head}:{REL}").decode()
    assert f"![先锋岗授牌仪式]({SLUG}/photo-1.jpg)" in text.split("## 预期目标")[0]
    assert f"![先锋岗值班表]({SLUG}/photo-2.png)" in text.split("## 预期目标")[1]
    assert APPLICATION["title"] in text
    # The pull request: a Chinese title, the application template filled in.
    assert pr.title == f"申报：{APPLICATION['title']}（工程技术系学生党支部）"
    template = (ROOT / ".github/PULL_REQUEST_TEMPLATE/apply.md").read_text(encoding="utf-8")
    assert pr.body.splitlines()[:4] == template.splitlines()[:4]
    assert f"- 项目文件：`{REL}`" in pr.body
    assert f"- 项目名称：{APPLICATION['title']}" in pr.body
    assert "- 所在支部：工程技术系学生党支部" in pr.body
    assert "## 正文章节核对" in pr.body
    # The real check judges it as it judges any pull request.
    double.run_held_checks()
    check = double.checks.latest(head, "validate")
    assert check is not None and check.conclusion == "success", check and check.summary
    # Nothing left to lose: the draft and the journal are gone; the page fits the phone.
    assert not [k for k in storage(v) if k.startswith(("sb-draft:apply", "sb-submit:"))]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    v.assert_token_kept_to_the_api(token, double.api)


def test_network_drop_before_the_pull_request_then_reload_and_continue(
    browser, server: str, double: GitHubDouble, visits: list
) -> None:
    token = double.add_token(SECRETARY, ALL)
    v = visit(browser, server, visits)
    signed_in(v, double, token)
    apply(v, "eng-students-2026-11")
    before = set(double.pulls)
    lose_the_pull_request(double)
    status = press_submit(v)
    assert status.startswith("发起拉取请求时出错：连不上 GitHub"), status
    assert "继续" in status
    branch = "refs/heads/apply/eng-students-2026-11"
    assert double.store.ref(branch) is not None and set(double.pulls) == before
    assert "停在“发起拉取请求”" in v.by_id("submit-unfinished").inner_text()
    v.page.reload()
    v.page.wait_for_load_state("networkidle")
    assert v.value("f-slug") == "eng-students-2026-11"  # the draft is kept
    go = v.page.get_by_role("button", name="继续")
    go.wait_for()
    go.click()
    status = finished(v)
    assert status.startswith("已发起拉取请求 #"), status
    new = [p for n, p in double.pulls.items() if n not in before]
    assert len(new) == 1 and new[0].head == "apply/eng-students-2026-11"
    assert v.by_id("submit-unfinished").inner_text() == ""
    assert DRAFT not in storage(v)
    double.checks.held.clear()
    v.assert_token_kept_to_the_api(token, double.api)


def test_abandon_deletes_the_branch_and_keeps_the_draft(
    browser, server: str, double: GitHubDouble, visits: list
) -> None:
    token = double.add_token(SECRETARY, ALL)
    v = visit(browser, server, visits, PHONE)
    signed_in(v, double, token)
    apply(v, "eng-students-2026-12")
    lose_the_pull_request(double)
    press_submit(v)
    branch = "refs/heads/apply/eng-students-2026-12"
    assert double.store.ref(branch) is not None
    v.page.get_by_role("button", name="放弃").click()
    wait_until(
        v.page, "() => document.getElementById('submit-status').textContent.includes('已放弃')"
    )
    assert v.page.locator("#submit-status").inner_text() == (
        "已放弃：分支 apply/eng-students-2026-12 已删除。"
    )
    assert double.store.ref(branch) is None
    assert not [p for p in double.pulls.values() if p.head == "apply/eng-students-2026-12"]
    assert v.by_id("submit-unfinished").inner_text() == ""
    assert DRAFT in storage(v) and v.value("f-slug") == "eng-students-2026-12"
    v.assert_token_kept_to_the_api(token, double.api)


def test_expired_token_at_submit_time_writes_nothing_and_keeps_the_draft(
    browser, server: str, double: GitHubDouble, visits: list
) -> None:
    token = double.add_token(SECRETARY, ALL)
    v = visit(browser, server, visits)
    signed_in(v, double, token)
    apply(v, "eng-students-2026-13")
    before = (heads(double), set(double.pulls))
    double.tokens[token].expires = datetime.now(UTC) - timedelta(seconds=1)
    status = press_submit(v)
    assert status.startswith("核对时出错：令牌无效或已过期"), status
    assert status.endswith("这次什么都没有写入。")
    assert (heads(double), set(double.pulls)) == before
    assert DRAFT in storage(v) and v.value("f-title") == APPLICATION["title"]
    assert v.by_id("submit-unfinished").inner_text() == ""  # nothing to continue or clean up
    v.assert_token_kept_to_the_api(token, double.api)


def test_token_without_pull_requests_permission_is_told_before_writing(
    browser, server: str, double: GitHubDouble, visits: list
) -> None:
    token = double.add_token(SECRETARY, {**ALL, "pull_requests": "read"})
    v = visit(browser, server, visits, PHONE)
    signed_in(v, double, token)
    apply(v, "eng-students-2026-14")
    before = (heads(double), set(double.pulls))
    status = press_submit(v)
    assert status.startswith(
        "核对时出错：令牌缺少权限：拉取请求（Pull requests）读写（Read and write）"
    ), status
    assert "这次什么都没有写入" in status
    assert (heads(double), set(double.pulls)) == before
    assert DRAFT in storage(v)
    v.assert_token_kept_to_the_api(token, double.api)


def test_login_not_in_the_roster_is_told_and_not_offered(
    browser, server: str, double: GitHubDouble, visits: list
) -> None:
    token = double.add_token("stranger", ALL)
    v = visit(browser, server, visits, PHONE)
    signed_in(v, double, token, "stranger")
    v.page.reload()
    v.page.wait_for_load_state("networkidle")
    wait_until(
        v.page, "() => !document.getElementById('submit-who').textContent.includes('正在核对')"
    )
    assert v.by_id("submit-who").inner_text().startswith("账号 stranger 不在名册中")
    assert not v.page.locator("#submit-pr").is_visible()
    assert not v.page.locator("#apply-photos").is_visible()
    assert v.page.locator("#open-github").is_visible()  # the copy-and-open route stays
    v.assert_token_kept_to_the_api(token, double.api)


def test_not_signed_in_the_page_is_as_before(browser, server: str, visits: list) -> None:
    v = visit(browser, server, visits, PHONE)
    v.open("apply/")
    assert not v.page.locator("#apply-submit").is_visible()
    assert not v.page.locator("#apply-photos").is_visible()
    assert v.page.locator("#copy-file").is_visible() and v.page.locator("#open-github").is_visible()
    assert v.errors == []


def test_photos_are_turned_upright_and_checked_in_the_browser(
    browser, server: str, double: GitHubDouble, visits: list
) -> None:
    """A portrait saved sideways with an EXIF turn (as phones do) is drawn upright by the browser
    and saved again without metadata; a HEIC photo and one photo too many are refused with the
    rules' messages."""
    token = double.add_token(SECRETARY, ALL)
    v = visit(browser, server, visits, PHONE)
    signed_in(v, double, token)
    v.page.reload()
    v.page.locator("#f-photos").wait_for(state="visible")
    portrait = encode(picture((40, 20)), exif=phone_exif(6))
    heic = b"\x00\x00\x00\x18ftypheic" + b"\x00" * 40
    with v.page.expect_file_chooser() as chooser:
        v.page.locator("#f-photos").click()
    chooser.value.set_files(
        [
            {"name": "portrait.jpg", "mimeType": "image/jpeg", "buffer": portrait},
            {"name": "IMG_0002.HEIC", "mimeType": "image/heic", "buffer": heic},
        ]
    )
    wait_until(v.page, "() => document.querySelectorAll('#photo-list li').length === 1")
    facts = v.page.locator("#photo-list .sb-help").inner_text()
    assert "20 × 40 像素" in facts and "已按拍摄方向摆正" in facts, facts
    assert "已删除其中的拍摄信息（EXIF）" in facts
    refused = v.by_id("f-photos-msg").inner_text()
    assert refused.startswith("IMG_0002.HEIC 不是 JPEG、PNG 或 WebP 图片（实际是 HEIC 格式）")
    limit = json.loads(v.page.locator("#sb-form-spec").text_content() or "{}")["pack"]["media"][
        "max_files"
    ]
    many = [
        {"name": f"p{n}.png", "mimeType": "image/png", "buffer": encode(picture(), "PNG")}
        for n in range(limit)
    ]
    with v.page.expect_file_chooser() as chooser:
        v.page.locator("#f-photos").click()
    chooser.value.set_files(many)
    wait_until(v.page, "() => document.getElementById('f-photos-msg').textContent.includes('最多')")
    assert v.by_id("f-photos-msg").inner_text() == (
        f"每个项目最多 {limit} 个图片和 PDF 文件，已选了 {limit + 1} 个。请挑选有代表性的照片。"
    )
    assert v.page.locator("#photo-list li").count() == 1
    v.assert_token_kept_to_the_api(token, double.api)
