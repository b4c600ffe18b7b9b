"""提交申报 on /apply/ in headless Chromium against the GitHub double, typed like a person: a
branch secretary signs in, fills the application on a phone, adds two phone photos (their
location and camera metadata removed in the browser, byte for byte as `media clean` does) and an
outcome PDF (a Word file chosen first is refused in Chinese) and submits: one commit with the
file, both photos and the PDF on a new branch, the pull request with the
application template as its body, and the real `check` passes on it. The network dropping
between the commit and the pull request is resumed after a reload with 继续 to exactly one pull
request; 放弃 deletes the branch; an expired token, a token without the Pull requests permission
and a login not in the roster are each told before anything is written. An application pull
request whose check failed is opened from 我的提交 at /apply/?pull=N, filled from its file with the
check's message beside the field, fixed by typing and resubmitted as one new commit on the same
branch (its photo kept); a closed one, or nobody signed in, is told and the normal form stays.
The token never goes anywhere but the API address."""

from __future__ import annotations

import base64
import json
import re
import shutil
import urllib.request
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from factory import ROOT, render
from form_visit import APPLICATION, EXPECTED, REL, SLUG, fill_application
from github_visit import DESKTOP, KEY, PHONE, Visit
from gitrepo_helpers import init
from imagefactory import encode, pdf, phone_exif, picture, png_chunk, with_png_chunks
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
OUTCOME = pdf("先锋岗制度汇编")
# A Word file a secretary may pick by mistake: refused before anything is sent (not a PDF).
NOT_PDF = {
    "name": "值班制度.docx",
    "mimeType": "application/octet-stream",
    "buffer": b"PK\x03\x04" + bytes(64),
}
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


def choose_documents(v: Visit, files: list[dict]) -> None:
    """Tap 选择成果文件 and pick files in the device's chooser."""
    with v.page.expect_file_chooser() as chooser:
        v.page.locator("#f-documents").click()
    chooser.value.set_files(files)


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
    # An outcome file (成果文件): a Word file is refused in Chinese, then the PDF is taken.
    assert page.locator("#f-documents").get_attribute("accept") == "application/pdf,.pdf"
    choose_documents(v, [NOT_PDF])
    wait_until(v.page, "() => document.getElementById('f-documents-msg').textContent !== ''")
    assert v.by_id("f-documents-msg").inner_text() == (
        "值班制度.docx 不是 PDF 文件（文件开头没有 PDF 的标记）。"
        "请用办公软件的“导出为 PDF”或“打印为 PDF”生成 PDF 后再选。"
    )
    assert page.locator("#document-list li").count() == 0
    choose_documents(
        v, [{"name": "先锋岗 制度汇编.pdf", "mimeType": "application/pdf", "buffer": OUTCOME}]
    )
    wait_until(v.page, "() => document.querySelectorAll('#document-list li').length === 1")
    assert v.by_id("f-documents-msg").inner_text() == ""
    assert v.value("document-1-label") == "先锋岗 制度汇编"  # the chosen name, to keep or retype
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
    changed = double.store.git("diff", "--name-only", "-z", main, head).decode().split("\0")
    outcome = f"{folder}/先锋岗-制度汇编.pdf"  # the space a link cannot hold made "-"
    assert sorted(filter(None, changed)) == sorted(
        [REL, f"{folder}/photo-1.jpg", f"{folder}/photo-2.png", outcome]
    )
    assert double.store.git("show", f"{head}:{outcome}") == OUTCOME
    for name, original in (("photo-1.jpg", JPEG), ("photo-2.png", PNG)):
        data = double.store.git("show", f"{head}:{folder}/{name}")
        assert data == clean_image(original).data
        assert not [
            b for b in imagemeta.blocks("JPEG" if name.endswith("jpg") else "PNG", data) if b.name
        ]
    text = double.store.git("show", f"{head}:{REL}").decode()
    assert f"![先锋岗授牌仪式]({SLUG}/photo-1.jpg)" in text.split("## 预期目标")[0]
    assert f"![先锋岗值班表]({SLUG}/photo-2.png)" in text.split("## 预期目标")[1]
    # The PDF is linked, by the name given, from the section chosen (the last one by default).
    assert f"\n\n[先锋岗 制度汇编]({SLUG}/先锋岗-制度汇编.pdf)\n" in text.split("## 预期目标")[1]
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


def rest(double: GitHubDouble, token: str, method: str, path: str, body: dict | None = None):
    """One request to the double's API, as GitHub's web editor makes it for the person."""
    request = urllib.request.Request(
        f"{double.api}/repos/{OWNER}/{NAME}{path}",
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={
            "Authorization": f"Bearer {token}",
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
            **({"Content-Type": "application/json"} if body is not None else {}),
        },
    )
    with urllib.request.urlopen(request) as answer:
        text = answer.read()
        return json.loads(text) if text else None


def hand_made_pull(double: GitHubDouble, token: str, slug: str, last: str, photo: bytes) -> int:
    """An application pull request made in GitHub's editor: its own branch, a photo and the
    project file (its last section `last`), then the pull request; the held checks run on it."""
    branch = f"apply/{slug}"
    main = rest(double, token, "GET", "/git/ref/heads/main")["object"]["sha"]
    rest(double, token, "POST", "/git/refs", {"ref": f"refs/heads/{branch}", "sha": main})
    how = (
        APPLICATION["\u600e\u6837\u5f00\u5c55\u6d3b\u52a8"]
        + f"\n\n![\u503c\u73ed\u8868]({slug}/photo-1.png)"
    )
    sections = {
        "\u4e3a\u4ec0\u4e48\u5f00\u5c55\u6d3b\u52a8": APPLICATION[
            "\u4e3a\u4ec0\u4e48\u5f00\u5c55\u6d3b\u52a8"
        ],
        "\u600e\u6837\u5f00\u5c55\u6d3b\u52a8": how,
        "\u9884\u671f\u76ee\u6807": last,
    }
    text = render(
        {**EXPECTED, "applied_on": date(2026, 5, 6)},
        "".join(f"\n## {h}\n\n{t}\n" for h, t in sections.items()),
    )
    for path, data in (
        (f"projects/2026/{slug}/photo-1.png", photo),
        (f"projects/2026/{slug}.md", text.encode()),
    ):
        body = {
            "message": "\u7533\u62a5",
            "content": base64.b64encode(data).decode(),
            "branch": branch,
        }
        rest(double, token, "PUT", f"/contents/{path}", body)
    number = rest(
        double,
        token,
        "POST",
        "/pulls",
        {
            "head": branch,
            "base": "main",
            "title": "\u7533\u62a5\uff1a\u5148\u950b\u5c97",
            "body": "\u624b\u5de5\u63d0\u4ea4",
        },
    )["number"]
    double.run_held_checks()
    return int(number)


def test_failed_application_fixed_from_mine_and_resubmitted_to_the_same_branch(
    browser, server: str, double: GitHubDouble, visits: list
) -> None:
    """The prompt line left in 预期目标 fails the check (PB407): 我的提交 links 修改后重新提交 to
    /apply/?pull=N, the form comes filled from the file with PB407 beside 预期目标, the typed fix
    survives a reload (the pull request's draft wins, and says so), and the resubmission is one
    commit on the same branch whose parent is the old head; the photo stays, the check passes."""
    token = double.add_token(SECRETARY, ALL)
    slug = "eng-students-2026-21"
    rel = f"projects/2026/{slug}.md"
    photo = encode(picture((60, 40), seed=7), "PNG")
    prompt = "\uff08\u5f85\u586b\u5199\uff09\u5199\u660e\u9884\u671f\u76ee\u6807\u3002"
    number = hand_made_pull(double, token, slug, prompt, photo)
    first = double.pulls[number].head_sha
    failed = double.checks.latest(first, "validate")
    assert failed is not None and failed.conclusion == "failure", failed and failed.summary

    v = visit(browser, server, visits)
    signed_in(v, double, token)
    v.open("mine/")
    card = v.page.locator(f'section[data-pull="{number}"]')
    card.wait_for()
    assert "PB407" in card.locator('ul[data-check="validate"]').inner_text()
    card.get_by_role("link", name="\u4fee\u6539\u540e\u91cd\u65b0\u63d0\u4ea4").click()
    v.page.wait_for_url(re.compile(rf"apply/\?pull={number}$"))
    wait_until(v.page, "() => document.querySelector('.sb-field .sb-check')")
    field = v.page.locator('.sb-field[data-field="\u9884\u671f\u76ee\u6807"]')
    assert "PB407" in field.locator(".sb-check").inner_text()
    assert v.page.locator(".sb-check").count() == 1
    assert v.value("f-\u9884\u671f\u76ee\u6807") == prompt
    assert v.value("f-title") == APPLICATION["title"]
    assert v.value("f-executors") == "\u3001".join(EXPECTED["executors"])
    assert v.value("f-branch") == "eng-students" and v.value("f-slug") == slug
    assert f"({slug}/photo-1.png)" in v.value("f-\u600e\u6837\u5f00\u5c55\u6d3b\u52a8")
    assert v.page.locator("#submit-pr").inner_text() == "\u4fee\u6539\u540e\u91cd\u65b0\u63d0\u4ea4"
    assert (
        "\u8868\u683c\u5df2\u6309\u62c9\u53d6\u8bf7\u6c42\u4e2d\u7684\u6587\u4ef6\u586b\u597d"
        in v.by_id("pull-note").inner_text()
    )
    fixed = "\u5148\u950b\u5c97\u8986\u76d6\u5168\u90e8\u73ed\u7ea7\uff0c\u5f62\u6210\u4e00\u9879\u652f\u90e8\u5236\u5ea6\u3002"
    v.retype("\u9884\u671f\u76ee\u6807", fixed)
    # Reloaded: what was typed comes back as this pull request's draft, not the file's prompt.
    v.page.reload()
    v.page.wait_for_load_state("networkidle")
    wait_until(
        v.page,
        "() => document.getElementById('pull-note').textContent.includes('\u6b63\u5728\u4fee\u6539')",
    )
    assert "\u5df2\u6062\u590d\u8349\u7a3f" in v.by_id("pull-note").inner_text()
    assert v.value("f-\u9884\u671f\u76ee\u6807") == fixed
    status = press_submit(v)
    assert status.startswith(
        f"\u5df2\u628a\u4fee\u6539\u63d0\u4ea4\u5230\u62c9\u53d6\u8bf7\u6c42 #{number}"
    ), status
    assert v.page.locator("#submit-links a").nth(1).get_attribute("href") == "../mine/"
    pr = double.pulls[number]
    assert pr.head == f"apply/{slug}" and pr.head_sha != first
    parents = double.store.git("rev-list", "--parents", "-n", "1", pr.head_sha).decode().split()
    assert parents[1:] == [first]  # one new commit on the same branch
    assert double.store.git("diff", "--name-only", first, pr.head_sha).decode().split() == [rel]
    text = double.store.git("show", f"{pr.head_sha}:{rel}").decode()
    assert fixed in text and prompt not in text and f"({slug}/photo-1.png)" in text
    assert double.store.git("show", f"{pr.head_sha}:projects/2026/{slug}/photo-1.png") == photo
    double.run_held_checks()
    check = double.checks.latest(pr.head_sha, "validate")
    assert check is not None and check.conclusion == "success", check and check.summary
    assert not v.page.locator(".sb-check").count()
    assert f"{DRAFT}:pull-{number}" not in storage(v)
    v.assert_token_kept_to_the_api(token, double.api)


def test_closed_pull_request_or_nobody_signed_in_keeps_the_normal_form(
    browser, server: str, double: GitHubDouble, visits: list
) -> None:
    token = double.add_token(SECRETARY, ALL)
    number = hand_made_pull(
        double, token, "eng-students-2026-22", "\u5f85\u5b9a", encode(picture(), "PNG")
    )
    closed = double.pulls[number]  # closed on GitHub by the panel (the double has no PATCH)
    closed.state, closed.closed_at = "closed", datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    v = visit(browser, server, visits, PHONE)
    signed_in(v, double, token)
    v.open(f"apply/?pull={number}")
    wait_until(
        v.page, "() => document.getElementById('pull-note').textContent.includes('\u4e0d\u80fd')"
    )
    assert v.by_id("pull-note").inner_text() == (
        f"\u62c9\u53d6\u8bf7\u6c42 #{number} \u5df2\u7ecf\u5173\u95ed\uff0c\u4e0d\u80fd\u518d\u5f80\u91cc\u63d0\u4ea4\u4fee\u6539\u3002"
        "\u4e0b\u9762\u662f\u7a7a\u767d\u7684\u7533\u62a5\u8868\uff0c\u53ef\u4ee5\u7167\u5e38\u586b\u5199\u3002"
    )
    assert (
        v.value("f-title") == ""
        and v.page.locator("#submit-pr").inner_text() == "\u63d0\u4ea4\u7533\u62a5"
    )
    v.assert_token_kept_to_the_api(token, double.api)
    stranger = visit(browser, server, visits, PHONE)
    stranger.open(f"apply/?pull={number}")
    wait_until(
        stranger.page,
        "() => document.getElementById('pull-note').textContent.includes('\u767b\u5f55')",
    )
    assert (
        stranger.by_id("pull-note")
        .inner_text()
        .startswith(
            f"\u8981\u4fee\u6539\u62c9\u53d6\u8bf7\u6c42 #{number}\uff0c\u8bf7\u5148\u767b\u5f55"
        )
    )
    assert stranger.page.locator("#copy-file").is_visible() and stranger.errors == []


def test_applied_project_edited_from_update_as_a_new_pull_request(
    browser, server: str, double: GitHubDouble, visits: list
) -> None:
    """/update/ offers 修改申报内容 for a project still at the application stage: /apply/?edit=
    comes filled from the file on main with the 简称 locked; one field retyped and 提交修改 opens
    a new pull request whose single commit changes only that file, every other byte kept."""
    login, rel = "tang-lei", "projects/2026/auto-craftsman-lecture-hall.md"  # eng-auto, applied
    double.add_person(login, "\u5510\u78ca")
    token = double.add_token(login, ALL)
    v = visit(browser, server, visits)
    signed_in(v, double, token, login)
    v.open("update/")
    key = "2026/auto-craftsman-lecture-hall"
    wait_until(
        v.page,
        "(k) => [...document.querySelectorAll('#f-project option')].some((o) => o.value === k)",
        key,
    )
    v.page.locator("#f-project").select_option(key)
    edit = v.page.locator("#edit-application")
    edit.wait_for(state="visible")
    assert edit.inner_text() == "\u4fee\u6539\u7533\u62a5\u5185\u5bb9"
    edit.click()
    v.page.wait_for_url(re.compile(r"apply/\?edit="))
    wait_until(
        v.page,
        "() => (document.getElementById('pull-note') || {textContent: ''}).textContent"
        ".includes('\u8868\u683c\u5df2\u6309')",
    )
    assert v.value("f-slug") == "auto-craftsman-lecture-hall"
    assert v.by_id("f-slug").get_attribute("readonly") is not None
    assert v.value("f-title") == "\u515a\u5458\u5de5\u5320\u8bb2\u5802"
    assert v.page.locator("#submit-pr").inner_text() == "\u63d0\u4ea4\u4fee\u6539"
    before = heads(double)
    title = "\u515a\u5458\u5de5\u5320\u8bb2\u5802\u7b2c\u4e8c\u5b63"
    v.retype("title", title)
    status = press_submit(v)
    assert status.startswith("\u5df2\u53d1\u8d77\u62c9\u53d6\u8bf7\u6c42 #"), status
    assert heads(double) - before == {"refs/heads/edit/auto-craftsman-lecture-hall"}
    (pr,) = [p for p in double.pulls.values() if p.head == "edit/auto-craftsman-lecture-hall"]
    assert pr.title.startswith(f"\u4fee\u6539\u7533\u62a5\uff1a{title}"), pr.title
    template = (ROOT / ".github/PULL_REQUEST_TEMPLATE/apply.md").read_text(encoding="utf-8")
    assert pr.body.splitlines()[:4] == template.splitlines()[:4]
    assert f"- \u9879\u76ee\u6587\u4ef6\uff1a`{rel}`" in pr.body
    main = double.store.ref("refs/heads/main")
    head = double.store.ref(f"refs/heads/{pr.head}")
    assert double.store.git("rev-list", f"{main}..{head}").decode().split() == [head]
    assert double.store.git("diff", "--name-only", main, head).decode().split() == [rel]
    old = double.store.git("show", f"{main}:{rel}").decode().splitlines()
    new = double.store.git("show", f"{head}:{rel}").decode().splitlines()
    assert len(old) == len(new)
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    # Only the title's line differs (typed text is written quoted, as on /update/).
    assert changed == [("title: \u515a\u5458\u5de5\u5320\u8bb2\u5802", f'title: "{title}"')], (
        changed
    )
    double.run_held_checks()
    check = double.checks.latest(head, "validate")
    assert check is not None and check.conclusion == "success", check and check.summary
    v.assert_token_kept_to_the_api(token, double.api)
