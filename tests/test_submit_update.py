"""/update/ signed in and 我的提交 (/mine/) in headless Chromium against the GitHub double, typed
like a person at phone and desktop sizes: a secretary adds progress on a phone with one phone
photo (its metadata gone in the committed bytes, one commit, the real `check` green), the panel
approves and merges it and records the mid-term check, then the secretary adds the closing
report at a desk with expenses, a photo (a free name beside the progress's) and an outcome PDF
on the same project; the committed file is the whole file, byte for byte what was there with the new lines where the writer puts them, and the
validator passes it. A conflicting edit (the file changes on main between reading and 提交) is
told and 重新读取 offered: nothing is overwritten. A pull request whose check failed is shown on
/mine/ with its messages, opened in /update/?pull=N with the messages beside the fields, fixed and
resubmitted as a new commit on the same branch, then green. Also: the shared picker's repository
list for a secretary, the whole-file writer in Node, and /panel/'s restored draft with its
project picked."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from factory import ROOT
from gitrepo_helpers import init
from imagefactory import encode, pdf, phone_exif, picture
from site_helpers import mkdocs_build, serve, site_repo, wait_until

from site_builder.core import imagemeta, media
from site_builder.core.imageclean import clean_image
from site_builder.core.programme import Programme
from site_builder.rules import media as media_rules
from site_builder.rules import pack
from site_builder.rules.validate import validate
from tools.github_double import GitHubDouble, openapi
from tools.github_double.gitstore import GitStore

OWNER, NAME = "caishen-college", "projects"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
ALL = {"contents": "write", "pull_requests": "write", "actions": "read", "metadata": "read"}
# People of data/roster.yml: branch maintainers and a panel member with no conflict of interest.
STUDENTS = "liu-yang-eng"  # 工程技术系学生党支部
ECON = "lin-fang"  # 经济管理系教工党支部
AUTO = "tang-lei"  # 汽车与智能制造教工党支部
PANEL = "sun-haiyan"
TOUR = "projects/2026/eng-red-study-tour.md"  # eng-students, approved
ALLIANCE = "projects/2026/econ-enterprise-branch-alliance.md"  # econ-teachers, approved
PLEDGE = "projects/2025/auto-master-apprentice-pledge.md"  # eng-auto, approved


def _node(script: str) -> str:
    proc = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


# ------------------------------------------------------------------ the whole-file writer (Node)


def test_whole_file_keeps_every_line_and_places_sections_in_order() -> None:
    """projectfile.js: nothing changed gives the same bytes for every example project; fields set
    in place or appended, typed text quoted, dates bare, a section inserted before the ones the
    programme puts after it (never pasted at the end by mistake: PS202)."""
    out = _node(
        "import {readProject, changedText, amountNode}"
        " from './docs/javascripts/shared/projectfile.js';"
        "import {readFileSync, readdirSync} from 'node:fs';"
        "const order = ['为什么开展活动', '怎样开展活动', '预期目标', '中期进展', '结题报告'];"
        "const same = [];"
        "for (const y of ['2025', '2026']) for (const f of readdirSync('projects/' + y)"
        ".filter((f) => f.endsWith('.md'))) { const t = readFileSync('projects/' + y + '/' + f,"
        " 'utf8'); same.push(changedText(readProject(t), {}, order) === t); }"
        f"const t = readFileSync('{TOUR}', 'utf8');"
        "const report = changedText(readProject(t), {set: {stage: 'concluded',"
        " concluded_on: '2027-06-30', expenses: [{date: '2027-05-01', item: 'yes: 车费#1',"
        " amount: amountNode('185.50')}]}, sections: [['结题报告', '### 取得成效\\n\\n好。']]},"
        " order);"
        "const both = changedText(readProject(report), {sections: [['中期进展', '进展。']]},"
        " order);"
        "console.log(JSON.stringify({same, report, both}));"
    )
    data = json.loads(out)
    assert data["same"] and all(data["same"])
    original = (ROOT / TOUR).read_text(encoding="utf-8")
    front, body = original.split("\n---\n", 1)
    expected = (
        front.replace("stage: approved", "stage: concluded")
        + '\nconcluded_on: 2027-06-30\nexpenses:\n  - date: 2027-05-01\n    item: "yes: 车费#1"\n'
        "    amount: 185.50\n---\n" + body + "\n## 结题报告\n\n### 取得成效\n\n好。\n"
    )
    assert data["report"] == expected
    assert data["both"].index("## 中期进展") < data["both"].index("## 结题报告")
    assert "\n\n## 中期进展\n\n进展。\n\n## 结题报告\n" in data["both"]


def test_placing_a_line_of_the_file_at_a_form_field() -> None:
    out = _node(
        "import {placeOf} from './docs/javascripts/shared/projectfile.js';"
        "const t = '---\\ntitle: x\\nexpenses:\\n  - date: 2026-01-01\\n    amount: 1\\n"
        "  - date: 2026-01-02\\n    amount: 0\\nwithdrawal:\\n  date: 2026-01-01\\n"
        '  reason: "r"\\n---\\n\\n## 中期进展\\n\\nabc\\n\\n## 结题报告\\n\\n### 存在不足\\n\\nxyz\\n\';'
        "console.log(JSON.stringify([1, 2, 4, 7, 9, 10, 15, 20].map((l) => placeOf(t, l))));"
    )
    assert json.loads(out) == [
        "",
        "title",
        "expenses.0",
        "expenses.1",
        "withdrawal.date",
        "withdrawal.reason",
        "中期进展",
        "存在不足",
    ]


def test_a_secretary_sees_only_their_branches_projects() -> None:
    out = _node(
        "import {branchesOf} from './docs/javascripts/shared/repo-projects.js';"
        "import {parseRoster} from './docs/javascripts/shared/roster.js';"
        "import {readFileSync} from 'node:fs';"
        "const r = parseRoster(readFileSync('data/roster.yml', 'utf8'));"
        "const show = (s) => s === null ? null : [...s].sort();"
        "console.log(JSON.stringify(['liu-yang-eng', 'Zhou-Jianguo', 'sun-haiyan', 'site-admin-li',"
        " 'nobody'].map((l) => show(branchesOf(r, l)))));"
    )
    assert json.loads(out) == [
        ["eng-students"],
        None,  # a panel member (and general branch head): every project
        None,
        None,
        [],
    ]


def test_new_media_files_take_free_names_and_the_checks_own_words(tmp_path: Path) -> None:
    """media-names.js: a name the folder holds (in any case or Unicode form: PF119) is never
    taken, the next free one is; document-picker.js: the chosen name made a link's, and a file
    refused in the words the check itself gives (PM603 for a PDF too large, as `validate` says
    it; PM606 for a file that is not a PDF), from the rule pack."""
    full = pack.rule_pack(Programme.load(ROOT))
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({"pack": full}, ensure_ascii=False), encoding="utf-8")
    big = b"%PDF-1.4\n" + b"0" * (media.MAX_DOCUMENT_BYTES + 1)
    out = _node(
        "import {freeName, stemTaken, foldersOf} from './docs/javascripts/shared/media-names.js';"
        "import {DocumentPicker, refusal} from './docs/javascripts/shared/document-picker.js';"
        "import {readFileSync} from 'node:fs';"
        f"const spec = JSON.parse(readFileSync({json.dumps(str(spec))}, 'utf8'));"
        "const taken = new Set(['handbook.pdf', 'photo-1.jpg', 'caf\u00e9.pdf']);"
        "const names = [freeName('handbook', 'pdf', taken), freeName('HANDBOOK', 'pdf', taken),"
        " freeName('cafe\u0301', 'pdf', taken), freeName('new', 'pdf', taken)];"
        "const p = spec.pack.body.patterns.media_name;"
        "const me = {spec, nameOk: new RegExp('^(?:' + p.source + ')$', p.flags)};"
        "const stems = ['研学手册 终稿.pdf', 'Report (final).PDF', '###.pdf', 'x'.repeat(200) + '.pdf']"
        ".map((n) => DocumentPicker.prototype.stemOf.call(me, n));"
        f"const big = new Uint8Array({len(big)}); big.set(new TextEncoder().encode('%PDF-1.4\\n'));"
        "console.log(JSON.stringify({names, stems, photo: [stemTaken('photo-1', taken),"
        " stemTaken('photo-2', taken)], folders: foldersOf([{path: 'projects/2026/a/x.jpg',"
        " type: 'blob'}, {path: 'projects/2026/a.md', type: 'blob'}, {path: 'projects/2026/a/b/c.jpg',"
        " type: 'blob'}]), big: refusal(spec, 'big.pdf', big), word: refusal(spec, 'a.docx',"
        " new Uint8Array([80, 75, 3, 4])), jpeg: refusal(spec, 'scan.pdf', new Uint8Array([255, 216,"
        " 255, 224])), fine: refusal(spec, 'ok.pdf', new TextEncoder().encode('%PDF-1.7\\n'))}));"
    )
    data = json.loads(out)
    assert data["names"] == ["handbook-2.pdf", "HANDBOOK-3.pdf", "cafe\u0301-2.pdf", "new.pdf"]
    assert data["stems"] == ["研学手册-终稿", "Report-final", "outcome", "x" * 92]
    assert data["photo"] == [True, False]
    assert data["folders"] == {"projects/2026/a.md": ["x.jpg"]}
    _, found = media_rules.check_file("projects/2026/a/big.pdf", big)
    assert [d.code for d in found] == ["PM603"] and data["big"] == found[0].message
    assert data["word"] == (
        "a.docx 不是 PDF 文件（文件开头没有 PDF 的标记）。"
        "请用办公软件的“导出为 PDF”或“打印为 PDF”生成 PDF 后再选。"
    )
    assert data["jpeg"].startswith("scan.pdf 不是 PDF 文件（实际是 JPEG 格式）。")
    assert data["fine"] is None


# ------------------------------------------------------------------ the double and the site


@pytest.fixture(scope="module")
def double(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GitHubDouble]:
    try:
        openapi.description()
    except openapi.DescriptionMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    tmp = tmp_path_factory.mktemp("double")
    work = site_repo(tmp / "work")
    # The pull-request templates the site fills the pull request's body from.
    shutil.copytree(
        ROOT / ".github" / "PULL_REQUEST_TEMPLATE", work / ".github" / "PULL_REQUEST_TEMPLATE"
    )
    init(work)
    GitStore.clone_bare(work, tmp / "bare.git")
    d = GitHubDouble(tmp / "bare.git", owner=OWNER, name=NAME).start()
    for login, name in ((STUDENTS, "刘洋"), (ECON, "林芳"), (AUTO, "唐磊"), (PANEL, "孙海燕")):
        d.add_person(login, name)
    yield d
    d.stop()
    assert d.violations == [], "\n".join(d.violations)


@pytest.fixture(scope="module")
def server(double: GitHubDouble, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = site_repo(tmp_path_factory.mktemp("site") / "repo")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("https://api.github.com", double.api), encoding="utf-8")
    proc = mkdocs_build(root, {"SHOWCASE_TODAY": "2026-05-06"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    with serve(root / "site") as address:
        yield address


def _api(double: GitHubDouble, token: str, method: str, path: str, body: dict | None = None):
    request = urllib.request.Request(
        double.api + path,
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


def _repo(path: str) -> str:
    return f"/repos/{OWNER}/{NAME}{path}"


def _read(double: GitHubDouble, token: str, path: str, ref: str = "main") -> tuple[str, str]:
    data = _api(double, token, "GET", _repo(f"/contents/{path}?ref={ref}"))
    return base64.b64decode(data["content"]).decode(), data["sha"]


def _write_main(double: GitHubDouble, token: str, path: str, text: str, message: str) -> None:
    """A direct commit on main (the panel's own change, as a merged pull request leaves it)."""
    _, sha = _read(double, token, path)
    body = {"message": message, "content": base64.b64encode(text.encode()).decode(), "sha": sha}
    _api(double, token, "PUT", _repo(f"/contents/{path}"), body)


def _approve_and_merge(double: GitHubDouble, number: int) -> None:
    """The panel member approves the head commit and merges, as on GitHub."""
    token = double.add_token(PANEL, ALL)
    pr = _api(double, token, "GET", _repo(f"/pulls/{number}"))
    sha = pr["head"]["sha"]
    _api(
        double,
        token,
        "POST",
        _repo(f"/pulls/{number}/reviews"),
        {"event": "APPROVE", "body": "", "commit_id": sha},
    )
    double.wait_for_checks()
    _api(double, token, "PUT", _repo(f"/pulls/{number}/merge"), {"sha": sha})


def _check(double: GitHubDouble, number: int, name: str) -> dict:
    pr = double.pulls[number]
    run = double.checks.latest(pr.head_sha, name)
    assert run is not None
    return {"conclusion": run.conclusion, "result": run.result}


class Visit:
    def __init__(self, browser, server: str, size: dict) -> None:
        self.server = server
        self.errors: list[str] = []
        self.context = browser.new_context(**size)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        # The browser logs each refused request (the sign-in's probes answer 422 by design).
        self.page.on(
            "console",
            lambda m: (
                self.errors.append(m.text)
                if m.type == "error" and not m.text.startswith("Failed to load resource")
                else None
            ),
        )

    def sign_in(self, token: str) -> None:
        self.page.goto(self.server + "signin/")
        self.page.locator("#f-token").click()
        self.page.keyboard.type(token)
        self.page.locator("#sign-in").click()
        wait_until(
            self.page,
            "() => (document.getElementById('signin-status') || {}).textContent"
            " && document.getElementById('signin-status').textContent.startsWith('已登录')",
        )

    def open(self, path: str) -> None:
        self.page.goto(self.server + path)
        self.page.wait_for_load_state("networkidle")

    def choose(self, key: str) -> None:
        wait_until(
            self.page,
            "(k) => [...document.querySelectorAll('#f-project option')].some((o) => o.value === k)",
            key,
        )
        self.page.locator("#f-project").select_option(key)
        wait_until(
            self.page,
            "() => (document.getElementById('online-file') || {}).textContent"
            " && document.getElementById('online-file').textContent.includes('已从仓库读取')",
        )

    def type_in(self, ident: str, text: str) -> None:
        box = self.page.locator(f'[id="{ident}"]')
        box.click()
        box.press("Control+A")
        box.press("Delete")
        self.page.keyboard.type(text)

    def submit(self) -> str:
        self.page.locator("#submit-pr").click()
        return str(
            wait_until(
                self.page,
                "() => { const t = document.getElementById('submit-status').textContent;"
                " return /已发起|已把修改|被修改|出错|无法|没有/.test(t) && !/正在/.test(t) && t; }",
                # Opening a pull request runs the real `check` and `approvals` in the double.
                timeout=180_000,
            )
        )

    def close(self) -> None:
        assert self.errors == [], self.errors
        self.context.close()


def _number(status: str) -> int:
    found = re.search(r"#(\d+)", status)
    assert found, status
    return int(found.group(1))


def _valid(tmp: Path, rel: str, text: str, media: dict[str, bytes] | None = None) -> list[str]:
    """The validator's errors on `text` put in the example repository at `rel`, with the files
    `media` (path: bytes) of its folder."""
    root = tmp / "judge"
    if not root.exists():
        root.mkdir()
        for name in ("data", "projects", "schema"):
            shutil.copytree(ROOT / name, root / name)
    (root / rel).write_text(text, encoding="utf-8")
    for path, data in (media or {}).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    result = validate(root, Programme.load(root), {rel, *(media or {})})
    return [d.text() for d in result.diagnostics if d.severity == "error"]


FOLDER = TOUR.removesuffix(".md")
# Phone photos with GPS and camera EXIF, and the handbook the report links.
SITE_PHOTO = encode(picture((120, 90), seed=7), exif=phone_exif(1))
TALK_PHOTO = encode(picture((90, 120), seed=8), exif=phone_exif(1))
HANDBOOK = pdf("研学手册")


def _choose(page, box: str, files: list[dict], listed: str, count: int) -> None:
    """Tap the chooser, pick files as on a phone, wait until they are listed."""
    with page.expect_file_chooser() as chooser:
        page.locator(box).click()
    chooser.value.set_files(files)
    wait_until(page, "([l, n]) => document.querySelectorAll(l).length === n", [listed, count])


def _commit_of(double: GitHubDouble, head: str) -> list[str]:
    """The pull request's commits on main and the paths they change (one commit expected)."""
    main = double.store.ref("refs/heads/main")
    commits = double.store.git("rev-list", f"{main}..{head}").decode().split()
    changed = double.store.git("diff", "--name-only", "-z", main, head).decode().split("\0")
    assert commits == [head], commits
    return sorted(filter(None, changed))


PROGRESS = "第一批研学已于暑假完成，共21名学生参加，完成调研报告3份。"
PARTS = {
    "取得成效": "两批研学共41人参加，完成调研报告9份，举办宣讲会5场。",
    "存在不足": "第二批研学因天气推迟一周，部分调研不够深入。",
    "经验做法与制度成果": "形成红色研学线路两条和研学手册一本。",
}


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.git
def test_progress_then_closing_report_on_the_same_project(
    browser, server: str, double: GitHubDouble, tmp_path: Path
) -> None:
    token = double.add_token(STUDENTS, ALL)
    v = Visit(browser, server, PHONE)
    desk = None
    try:
        v.sign_in(token)
        v.open("update/")
        # The repository's list for this branch's maintainer: only eng-students projects.
        wait_until(v.page, "() => document.querySelectorAll('#f-project option').length > 1")
        assert v.page.locator("#f-filter-help").inner_text().startswith(f"已登录为 {STUDENTS}")
        keys = v.page.eval_on_selector_all(
            "#f-project option", "(os) => os.map((o) => o.value).filter(Boolean)"
        )
        assert "2026/eng-red-study-tour" in keys
        for key in keys:
            text = (ROOT / "projects" / f"{key}.md").read_text(encoding="utf-8")
            assert "branch: eng-students" in text, key
        before, _ = _read(double, token, TOUR)
        v.choose("2026/eng-red-study-tour")
        assert v.page.locator("#f-action").input_value() == "progress"
        v.type_in("f-中期进展", PROGRESS)
        # One phone photo: its metadata removed on the phone, its alt text required.
        _choose(
            v.page,
            "#f-photos",
            [{"name": "IMG_2041.JPG", "mimeType": "image/jpeg", "buffer": SITE_PHOTO}],
            "#photo-list li",
            1,
        )
        assert v.page.locator("#update-documents").is_hidden()  # outcome files: the report's
        assert v.page.locator("#photo-1-section option").all_inner_texts() == ["中期进展"]
        v.page.locator("#submit-pr").click()
        assert "请为照片 IMG_2041.JPG 写说明文字" in v.page.locator("#photo-1-alt-msg").inner_text()
        assert not [p for p in double.pulls.values() if p.head.startswith("update/")]
        v.page.locator("#photo-1-alt").click()
        v.page.keyboard.type("学生党员在纪念馆前重温入党誓词")
        status = v.submit()
        assert status.startswith("已发起拉取请求 #"), status
        first = _number(status)
        pr = double.pulls[first]
        assert pr.login == STUDENTS and pr.title == "中期进展：沿着足迹学党史·红色研学行"
        assert TOUR in (pr.body or "") and "## 中期检查" in (pr.body or "")
        assert _check(double, first, "validate")["conclusion"] == "success"
        committed, _ = _read(double, token, TOUR, pr.head)
        assert committed == before + (
            f"\n## 中期进展\n\n{PROGRESS}\n\n"
            f"![学生党员在纪念馆前重温入党誓词](eng-red-study-tour/photo-1.jpg)\n"
        )
        # One commit: the file and the photo, its bytes those `media clean` leaves (no EXIF).
        head = double.store.ref(f"refs/heads/{pr.head}")
        assert _commit_of(double, head) == [TOUR, f"{FOLDER}/photo-1.jpg"]
        photo = double.store.git("show", f"{head}:{FOLDER}/photo-1.jpg")
        assert photo == clean_image(SITE_PHOTO).data
        assert not [b for b in imagemeta.blocks("JPEG", photo) if b.name]
        assert _valid(tmp_path, TOUR, committed, {f"{FOLDER}/photo-1.jpg": photo}) == []
        assert v.page.evaluate("() => document.documentElement.scrollWidth") <= 390

        # The panel approves and merges, then records the mid-term check on main.
        _approve_and_merge(double, first)
        merged, _ = _read(double, token, TOUR)
        assert merged == committed
        panel = double.add_token(PANEL, ALL)
        midterm = merged.replace("stage: approved\n", "stage: midterm\n").replace(
            "\n---\n\n## 为什么",
            "\nmidterm:\n  date: 2027-03-18\n  opinion: 按计划推进，请按期结题。\n---\n\n## 为什么",
            1,
        )
        _write_main(double, panel, TOUR, midterm, "中期检查：沿着足迹学党史·红色研学行")

        # The closing report with two expenses, a photo and the handbook, typed at a desk; the
        # draft of the progress is gone.
        desk = Visit(browser, server, DESKTOP)
        v.close()
        v = desk
        v.sign_in(token)
        v.open("update/")
        v.choose("2026/eng-red-study-tour")
        assert v.page.locator("#f-action").input_value() == "conclude"
        v.type_in("f-concluded_on", "2027年6月30日")
        rows = v.page.locator("#expense-rows .sb-row")
        first_row = rows.nth(0)
        for name, text in (("date", "2027/5/8"), ("item", "研学交通费"), ("amount", "620.50元")):
            first_row.locator(f'[name="{name}"]').click()
            v.page.keyboard.type(text)
        v.page.locator("#add-expense").click()
        second = rows.nth(1)
        for name, text in (("date", "2027-05-09"), ("item", "印制研学手册"), ("amount", "300")):
            second.locator(f'[name="{name}"]').click()
            v.page.keyboard.type(text)
        for part, text in PARTS.items():
            v.type_in(f"f-{part}", text)
        # photo-1.jpg is in the folder already (the progress's): the new photo is photo-2.jpg.
        _choose(
            v.page,
            "#f-photos",
            [{"name": "IMG_2077.JPG", "mimeType": "image/jpeg", "buffer": TALK_PHOTO}],
            "#photo-list li",
            1,
        )
        assert v.page.locator("#photo-1-section option").all_inner_texts() == list(PARTS)
        v.page.locator("#photo-1-alt").click()
        v.page.keyboard.type("研学分享会")
        assert v.page.locator("#photo-1-section").input_value() == "取得成效"  # the report's first
        _choose(
            v.page,
            "#f-documents",
            [{"name": "研学手册 终稿.pdf", "mimeType": "application/pdf", "buffer": HANDBOOK}],
            "#document-list li",
            1,
        )
        v.type_in("document-1-label", "红色研学手册")
        assert v.page.locator("#document-1-section").input_value() == "经验做法与制度成果"
        status = v.submit()
        assert status.startswith("已发起拉取请求 #"), status
        report = _number(status)
        assert report != first
        pr = double.pulls[report]
        assert pr.title == "结题报告：沿着足迹学党史·红色研学行"
        assert _check(double, report, "validate")["conclusion"] == "success"
        committed, _ = _read(double, token, TOUR, pr.head)
        front, body = midterm.split("\n---\n", 1)
        expected = (
            front.replace("stage: midterm", "stage: concluded")
            + "\nconcluded_on: 2027-06-30\nexpenses:\n"
            '  - date: 2027-05-08\n    item: "研学交通费"\n    amount: 620.50\n'
            '  - date: 2027-05-09\n    item: "印制研学手册"\n    amount: 300\n---\n'
            + body
            + "\n## 结题报告\n\n"
            + "\n\n".join(f"### {k}\n\n{t}" for k, t in PARTS.items())
            + "\n"
        )
        expected = expected.replace(
            PARTS["取得成效"],
            PARTS["取得成效"] + "\n\n![研学分享会](eng-red-study-tour/photo-2.jpg)",
        ).replace(
            PARTS["经验做法与制度成果"],
            PARTS["经验做法与制度成果"]
            + "\n\n[红色研学手册](eng-red-study-tour/研学手册-终稿.pdf)",
        )
        assert committed == expected
        head = double.store.ref(f"refs/heads/{pr.head}")
        new = [f"{FOLDER}/photo-2.jpg", f"{FOLDER}/研学手册-终稿.pdf"]
        assert _commit_of(double, head) == sorted([TOUR, *new])
        files = {
            p: double.store.git("show", f"{head}:{p}") for p in (f"{FOLDER}/photo-1.jpg", *new)
        }
        assert files[f"{FOLDER}/photo-1.jpg"] == photo  # the progress's photo kept as it was
        assert files[new[0]] == clean_image(TALK_PHOTO).data and files[new[1]] == HANDBOOK
        assert _valid(tmp_path, TOUR, committed, files) == []
    finally:
        v.close()


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.git
def test_a_conflicting_edit_is_told_and_reloaded_without_losing_typing(
    browser, server: str, double: GitHubDouble, tmp_path: Path
) -> None:
    token = double.add_token(ECON, ALL)
    v = Visit(browser, server, PHONE)
    try:
        v.sign_in(token)
        v.open("update/")
        v.choose("2026/econ-enterprise-branch-alliance")
        typed = "与三家企业党支部签订共建协议，开展联合主题党日两次。"
        v.type_in("f-中期进展", typed)
        pulls_before = set(double.pulls)
        # Meanwhile the panel corrects the approval's opinion on main.
        panel = double.add_token(PANEL, ALL)
        now, _ = _read(double, panel, ALLIANCE)
        changed = re.sub(r"(\n  opinion: )", r"\1（已更正）", now, count=1)
        assert changed != now
        _write_main(double, panel, ALLIANCE, changed, "更正立项意见")
        heads = {
            ref for ref in double.store.git("for-each-ref", "--format=%(refname)").decode().split()
        }
        status = v.submit()
        assert "已被修改" in status and "什么都没有写入" in status, status
        assert v.page.locator("#reload-file").is_visible()
        assert set(double.pulls) == pulls_before
        assert {
            ref for ref in double.store.git("for-each-ref", "--format=%(refname)").decode().split()
        } == heads
        v.page.locator("#reload-file").click()
        wait_until(
            v.page,
            "() => document.getElementById('submit-status').textContent.includes('已重新读取')",
        )
        assert v.page.locator('[id="f-中期进展"]').input_value() == typed
        status = v.submit()
        assert status.startswith("已发起拉取请求 #"), status
        pr = double.pulls[_number(status)]
        committed, _ = _read(double, token, ALLIANCE, pr.head)
        assert committed == changed + f"\n## 中期进展\n\n{typed}\n"  # the other edit kept
        assert _valid(tmp_path, ALLIANCE, committed) == []
        width = v.page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390
    finally:
        v.close()


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.git
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_failed_check_shown_fixed_and_resubmitted_on_the_same_branch(
    browser, server: str, double: GitHubDouble, size: dict
) -> None:
    """A pull request made by hand (in GitHub's editor) that left the prompt line in: /mine/ shows
    the check's message, /update/?pull=N puts it beside the field, the fix goes to the same
    branch as a new commit, and the check turns green."""
    token = double.add_token(AUTO, ALL)
    text, _ = _read(double, token, PLEDGE)
    prompt = "（待填写）写明项目进展和阶段性小结。写好后删除本行。"
    branch = f"hand-{size['viewport']['width']}"
    main = _api(double, token, "GET", _repo("/git/ref/heads/main"))["object"]["sha"]
    _api(double, token, "POST", _repo("/git/refs"), {"ref": f"refs/heads/{branch}", "sha": main})
    _, sha = _read(double, token, PLEDGE, branch)
    bad = text + f"\n## 中期进展\n\n{prompt}\n"
    _api(
        double,
        token,
        "PUT",
        _repo(f"/contents/{PLEDGE}"),
        {
            "message": "中期进展",
            "content": base64.b64encode(bad.encode()).decode(),
            "sha": sha,
            "branch": branch,
        },
    )
    number = _api(
        double,
        token,
        "POST",
        _repo("/pulls"),
        {"head": branch, "base": "main", "title": "中期进展：师徒结对", "body": "手工提交"},
    )["number"]
    assert _check(double, number, "validate")["conclusion"] == "failure"
    first_head = double.pulls[number].head_sha

    v = Visit(browser, server, size)
    try:
        v.sign_in(token)
        v.open("mine/")
        card = v.page.locator(f'section[data-pull="{number}"]')
        card.wait_for()
        assert "自动检查：未通过" in card.inner_text()
        findings = card.locator('ul[data-check="validate"] li').all_inner_texts()
        assert any("PB407" in f for f in findings), findings
        assert "批准：未通过" in card.inner_text()
        card.get_by_role("link", name="修改后重新提交").click()
        v.page.wait_for_url(re.compile(rf"update/\?pull={number}$"))
        wait_until(
            v.page,
            "() => document.querySelector('.sb-field .sb-check')",
        )
        field = v.page.locator('.sb-field[data-field="中期进展"]')
        assert "PB407" in field.locator(".sb-check").inner_text()
        assert v.page.locator("#submit-pr").inner_text() == "修改后重新提交"
        assert v.page.locator('[id="f-中期进展"]').input_value() == prompt
        fixed = "师徒结对12组，已完成第一阶段技能考核，通过率九成。"
        v.type_in("f-中期进展", fixed)
        status = v.submit()
        assert status.startswith(f"已把修改提交到拉取请求 #{number}"), status
        pr = double.pulls[number]
        assert pr.head == branch and pr.head_sha != first_head
        parents = double.store.git("rev-list", "--parents", "-n", "1", pr.head_sha).decode().split()
        assert parents[1:] == [first_head]  # a new commit on the same branch
        committed, _ = _read(double, token, PLEDGE, branch)
        assert committed == text + f"\n## 中期进展\n\n{fixed}\n"
        assert _check(double, number, "validate")["conclusion"] == "success"
        assert not v.page.locator(".sb-check").count()
        v.open("mine/")
        card = v.page.locator(f'section[data-pull="{number}"]')
        card.wait_for()
        assert "自动检查：通过" in card.inner_text()
        assert "正在等待批准" in card.inner_text()
    finally:
        v.close()


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.git
def test_private_repository_checks_come_from_the_actions_artifact(
    browser, server: str, double: GitHubDouble
) -> None:
    """On a private repository check runs answer 403 (no Checks permission exists for tokens):
    /mine/ reads the Actions job and the JSON artifact instead, with the same messages."""
    token = double.add_token(AUTO, ALL)
    v = Visit(browser, server, PHONE)
    double.private = True
    try:
        v.sign_in(token)
        v.open("mine/")
        wait_until(v.page, "() => document.querySelectorAll('section[data-pull]').length > 0")
        text = v.page.locator("#mine-list").inner_text()
        assert "自动检查：" in text and "未能读取详细提示" not in text
        assert any(r.endswith("/artifacts") for r in double.requests)
    finally:
        double.private = False
        v.close()


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.git
def test_panel_draft_comes_back_with_its_project_picked(browser, server: str) -> None:
    v = Visit(browser, server, DESKTOP)
    try:
        v.open("panel/")
        v.page.locator("#f-project").click()  # the list is read when the picker is used
        wait_until(v.page, "() => document.querySelectorAll('#f-project option').length > 1")
        v.page.locator("#f-project").select_option("2025/library-red-classics-reading")
        v.type_in("f-acceptance.date", "2026-07-01")
        wait_until(
            v.page,
            "() => Object.keys(localStorage).some((k) =>"
            " k.includes('panel-acceptance:projects/2025/library-red-classics-reading')"
            " && localStorage.getItem(k).includes('2026-07-01'))",
        )
        v.page.reload()
        v.page.wait_for_load_state("networkidle")
        wait_until(
            v.page,
            "() => document.getElementById('f-project').value === '2025/library-red-classics-reading'",
        )
        assert v.page.locator('[id="f-acceptance.date"]').input_value() == "2026-07-01"
        assert "library-red-classics-reading" in v.page.locator("#project-info").inner_text()
    finally:
        v.close()
