"""The sign-in page (/signin/, 登录) in headless Chromium against the GitHub double on another
port, typed like a person: a branch's maintainer signs in and sees their roles; an expired token,
a token without the Pull requests permission and a login not in the roster are each told plainly;
remembering on this device survives a reload and a new browser session, a tab's sign-in does not;
退出登录 erases it. Every request, the storage and the console are recorded: the token goes to the
API address only, in the Authorization header only. Also the settings (extra.github_api) and the
vendored YAML parser against Python's loader."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import yaml
from factory import ROOT
from github_visit import DESKTOP, KEY, PHONE, Visit
from gitrepo_helpers import init
from site_helpers import mkdocs_build, serve, site_repo

from site_builder.showcase.csp import site_policy
from site_builder.showcase.links import (
    DEFAULT_API,
    AddressError,
    api_from_config,
    api_of,
    api_origin,
)
from tools.github_double import GitHubDouble, openapi
from tools.github_double.gitstore import GitStore

OWNER, NAME = "caishen-college", "projects"
SECRETARY = "liu-yang-eng"  # 工程技术系学生党支部's maintainer in data/roster.yml


# ------------------------------------------------------------------ settings, no browser


def test_api_address_setting() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert api_from_config(config) == DEFAULT_API == api_of(None)
    assert api_of("https://ghe.example.edu/api/v3/") == "https://ghe.example.edu/api/v3"
    assert api_of("http://127.0.0.1:8123") == "http://127.0.0.1:8123"
    assert api_origin("https://ghe.example.edu/api/v3") == "https://ghe.example.edu"
    for bad in (
        "http://api.github.com",
        "http://evil.example",
        "https://api.github.com?x=1",
        "https://api.github.com#x",
        "https://user:pw@api.github.com",
        "javascript:alert(1)",
        "https://api.github.com/../x",
        "https://api.github.com x",
        7,
    ):
        with pytest.raises(AddressError, match=r"extra\.github_api"):
            api_of(bad)


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


@pytest.mark.parametrize("roster", ["data/roster.yml", "tests/data/roster.yml"])
def test_browser_reads_the_roster_as_python_does(roster: str) -> None:
    """roster.js (the vendored `yaml`, YAML 1.1) gives the same data as PyYAML's safe loader."""
    out = _node(
        "import {parseRoster} from './docs/javascripts/shared/roster.js';"
        "import {readFileSync} from 'node:fs';"
        f"console.log(JSON.stringify(parseRoster(readFileSync({json.dumps(roster)}, 'utf8'))));"
    )
    assert json.loads(out) == yaml.safe_load((ROOT / roster).read_text(encoding="utf-8"))


def test_roles_from_the_roster() -> None:
    out = _node(
        "import {parseRoster, rolesOf} from './docs/javascripts/shared/roster.js';"
        "import {readFileSync} from 'node:fs';"
        "const r = parseRoster(readFileSync('data/roster.yml', 'utf8'));"
        "console.log(JSON.stringify(['zhou-jianguo', 'Zhao-Lixin', 'liu-yang-eng',"
        " 'site-admin-li', 'nobody'].map((l) => rolesOf(r, l))));"
    )
    assert json.loads(out) == [
        ["评审组成员", "工程技术系党总支负责人"],
        ["评审组组长"],
        ["工程技术系学生党支部维护人"],
        ["仓库维护者"],
        [],
    ]


def test_token_shape_and_expiry_reading() -> None:
    """session.js: what may reach the Authorization header, and the expiry as a person enters it
    (a date, valid through that day) or GitHub writes it (with its zone)."""
    out = _node(
        "import {isToken, expiryTime, expiryDate, isExpired}"
        " from './docs/javascripts/shared/session.js';"
        "const at = (t) => expiryTime(t);"
        "console.log(JSON.stringify({"
        " tokens: ['github_pat_' + 'A1_'.repeat(27), 'ghp_' + 'a'.repeat(36), 'short',"
        "  'github_pat_abc def ghijklmnopqrstuv', 'github_pat_\\u4e2d' + 'a'.repeat(20),"
        "  'x'.repeat(20) + '\\r\\nX-Evil: 1'].map(isToken),"
        " utc: at('2026-12-31 08:00:00 UTC') === Date.parse('2026-12-31T08:00:00Z'),"
        " zone: at('2026-12-31 08:00:00 +0800') === Date.parse('2026-12-31T00:00:00Z'),"
        " day: at('2026-02-28') === new Date(2026, 2, 1).getTime(),"
        " bad: [at('2026-02-30'), at('31/12/2026'), at('')].map(Number.isNaN),"
        " date: expiryDate('2026-12-31'),"
        " past: isExpired('2020-01-01'), future: isExpired('2999-01-01'), none: isExpired('')"
        "}));"
    )
    assert json.loads(out) == {
        "tokens": [True, True, False, False, False, False],
        "utc": True,
        "zone": True,
        "day": True,
        "bad": [True, True, True],
        "date": "2026-12-31",
        "past": True,
        "future": False,
        "none": False,
    }


# ------------------------------------------------------------------ the double, the site, Chromium


@pytest.fixture(scope="module")
def double(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GitHubDouble]:
    """The repository (this site's data) on the GitHub double; the module fails if any request
    or response broke GitHub's OpenAPI description."""
    try:
        openapi.description()
    except openapi.DescriptionMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    tmp = tmp_path_factory.mktemp("double")
    work = site_repo(tmp / "work")
    init(work)
    GitStore.clone_bare(work, tmp / "bare.git")
    d = GitHubDouble(tmp / "bare.git", owner=OWNER, name=NAME).start()
    d.add_person(SECRETARY, "刘洋")
    d.add_person("stranger", "陌生人")
    yield d
    d.stop()
    assert d.violations == [], "\n".join(d.violations)


@pytest.fixture(scope="module")
def server(double: GitHubDouble, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = site_repo(tmp_path_factory.mktemp("site") / "repo")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "github_api: https://api.github.com" in text
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


def _visit(browser, server: str, visits: list, viewport: dict = DESKTOP, **options) -> Visit:
    v = Visit(browser, server, viewport, **options)
    visits.append(v)
    return v


ALL = {"contents": "write", "pull_requests": "write", "actions": "read", "metadata": "read"}


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.git
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_branch_maintainer_signs_in_and_sees_roles(
    browser, server: str, double: GitHubDouble, visits: list, size: dict
) -> None:
    token = double.add_token(SECRETARY, ALL)
    v = _visit(browser, server, visits, size, is_mobile=size is PHONE, has_touch=size is PHONE)
    v.open()
    v.type_token(token)
    assert v.status() == f"已登录：{SECRETARY}"
    assert v.page.locator("#signin-roles").inner_text() == (
        "你在名册中的身份：工程技术系学生党支部维护人。"
    )
    assert all(line.endswith("：通过") for line in v.checks()), v.checks()
    assert len(v.checks()) == 6
    assert "关闭标签页后需要重新登录" in v.page.locator("#signin-keep").inner_text()
    assert v.page.locator("#sign-out").is_visible()
    kept = json.loads(v.storage()["session"][KEY])
    assert kept == {
        "token": token,
        "login": SECRETARY,
        "api": double.api,
        "expires": "",
        "remember": False,
    }
    assert KEY not in v.storage()["local"]
    # The page fits the phone: nothing wider than the screen.
    width = v.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= size["width"]
    v.assert_token_kept_to_the_api(token, double.api)
    # The permission checks wrote nothing: no branch, no pull request.
    assert double.store.ref("refs/heads/sb~permission~probe") is None
    assert not double.pulls


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.git
def test_yaml_library_is_loaded_only_to_read_the_roster(
    browser, server: str, double: GitHubDouble, visits: list
) -> None:
    # The page alone does not load the vendored YAML library (about 100 KB); a checked token
    # whose roster is read does, and the roles come out of it.
    def yaml_modules(v: Visit) -> list[str]:
        return [
            r.url for r in v.requests if "/vendor/yaml-" in r.url or "/shared/roster.js" in r.url
        ]

    v = _visit(browser, server, visits)
    v.open()
    assert v.page.locator("#sign-in").is_visible()
    assert any("/pages/signin.js" in r.url for r in v.requests)  # the page's own script ran
    assert yaml_modules(v) == []
    v.type_token(double.add_token(SECRETARY, ALL))
    assert v.status() == f"\u5df2\u767b\u5f55\uff1a{SECRETARY}"  # 已登录：
    assert "\u7ef4\u62a4\u4eba" in v.page.locator("#signin-roles").inner_text()  # 维护人
    assert any("/vendor/yaml-" in url for url in yaml_modules(v)), yaml_modules(v)
    assert v.errors == []


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.git
def test_expired_token_is_told_and_not_kept(
    browser, server: str, double: GitHubDouble, visits: list
) -> None:
    token = double.add_token(SECRETARY, ALL, expires_in=timedelta(seconds=-1))
    v = _visit(browser, server, visits, permissions=["clipboard-read", "clipboard-write"])
    v.open()
    v.paste_token(token)
    assert v.status().startswith("令牌无效或已过期")
    assert v.checks() == [v.checks()[0]] and "未通过" in v.checks()[0]
    assert KEY not in v.storage()["session"] and KEY not in v.storage()["local"]
    assert not v.page.locator("#sign-out").is_visible()
    v.assert_token_kept_to_the_api(token, double.api)


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.git
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_token_without_pull_requests_permission_names_it(
    browser, server: str, double: GitHubDouble, visits: list, size: dict
) -> None:
    perms = {**ALL, "pull_requests": "none"}
    token = double.add_token(SECRETARY, perms)
    v = _visit(browser, server, visits, size)
    v.open()
    v.type_token(token)
    status = v.status()
    assert status.startswith("令牌缺少权限：拉取请求（Pull requests）读写（Read and write）"), (
        status
    )
    failed = [line for line in v.checks() if "未通过" in line]
    assert len(failed) == 1 and failed[0].startswith("拉取请求（Pull requests）读写权限")
    assert KEY not in v.storage()["session"]
    assert not double.pulls
    v.assert_token_kept_to_the_api(token, double.api)


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.git
def test_login_not_in_roster_is_told(
    browser, server: str, double: GitHubDouble, visits: list
) -> None:
    token = double.add_token("stranger", ALL)
    v = _visit(browser, server, visits, PHONE, is_mobile=True, has_touch=True)
    v.open()
    v.type_token(token)
    assert v.status().startswith("账号 stranger 不在名册中"), v.status()
    assert "第一次使用" in v.status()
    assert KEY not in v.storage()["session"]
    v.assert_token_kept_to_the_api(token, double.api)


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.git
def test_remember_survives_reload_and_new_session_until_sign_out(
    browser, server: str, double: GitHubDouble, visits: list
) -> None:
    token = double.add_token(SECRETARY, ALL)
    v = _visit(browser, server, visits)
    v.open()
    v.type_token(token, expires="2099-12-31", remember=True)
    assert v.status() == f"已登录：{SECRETARY}"
    assert "到 2099-12-31 为止" in v.page.locator("#signin-keep").inner_text()
    assert json.loads(v.storage()["local"][KEY])["expires"] == "2099-12-31"
    assert KEY not in v.storage()["session"]
    v.page.reload()
    v.wait()
    assert v.status() == f"已登录：{SECRETARY}"
    v.assert_token_kept_to_the_api(token, double.api)
    # A new browser session with what the device keeps (localStorage): still signed in.
    later = _visit(browser, server, visits, storage_state=v.context.storage_state())
    later.open()
    later.wait()
    assert later.status() == f"已登录：{SECRETARY}"
    later.page.locator("#sign-out").click()
    assert later.status().startswith("已退出登录")
    assert later.storage() == {"local": {}, "session": {}}
    later.page.reload()
    later.page.wait_for_load_state("networkidle")
    assert later.status() == ""
    later.assert_token_kept_to_the_api(token, double.api)


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.git
def test_tab_sign_in_ends_with_the_session(
    browser, server: str, double: GitHubDouble, visits: list
) -> None:
    token = double.add_token(SECRETARY, ALL)
    v = _visit(browser, server, visits)
    v.open()
    v.type_token(token)
    assert v.status() == f"已登录：{SECRETARY}"
    v.page.reload()  # the same tab keeps it
    v.wait()
    assert v.status() == f"已登录：{SECRETARY}"
    later = _visit(browser, server, visits, storage_state=v.context.storage_state())
    later.open()
    assert later.status() == ""
    assert later.storage() == {"local": {}, "session": {}}
    assert not later.page.locator("#sign-out").is_visible()


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.git
def test_kept_sign_in_past_its_expiry_is_erased(
    browser, server: str, double: GitHubDouble, visits: list
) -> None:
    token = double.add_token(SECRETARY, ALL)
    v = _visit(browser, server, visits)
    v.open()
    v.page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)",
        [
            KEY,
            json.dumps(
                {
                    "token": token,
                    "login": SECRETARY,
                    "api": double.api,
                    "expires": "2020-01-31",
                    "remember": True,
                }
            ),
        ],
    )
    v.page.reload()
    v.page.wait_for_load_state("networkidle")
    assert v.status().startswith("保存的登录已过期（令牌到期日 2020-01-31）")
    assert v.storage() == {"local": {}, "session": {}}
    assert not any(urlsplit(r.url).netloc == urlsplit(double.api).netloc for r in v.requests)


def test_token_guide_names_the_permissions() -> None:
    from site_builder.showcase.forms_pages import signin_page

    page = signin_page("https://github.com/caishen-college/projects", DEFAULT_API)
    for words in (
        "细粒度令牌（Fine-grained tokens）",
        "仅选定的仓库（Only select repositories）",
        "“内容（Contents）”：读写（Read and write）",
        "“拉取请求（Pull requests）”：读写（Read and write）",
        "“操作（Actions）”：只读（Read-only）",
        "“元数据（Metadata）”：只读（Read-only）",
        "有效期（Expiration）",
        "`caishen-college/projects`",
        "在本设备上记住",
    ):
        assert words in page, words
    assert re.search(r'"api":"https://api\.github\.com"', page)


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.git
def test_kept_sign_in_survives_github_not_answering(
    browser, server: str, double: GitHubDouble, visits: list
) -> None:
    """GitHub not answering (here: rate limited) says nothing about the token: the kept sign-in
    stays."""
    token = double.add_token(SECRETARY, ALL)
    v = _visit(browser, server, visits)
    v.open()
    v.type_token(token, remember=True)
    assert v.status() == f"已登录：{SECRETARY}"
    double.rate_limit("secondary", 429)
    try:
        v.page.reload()
        v.wait()
    finally:
        double.rate_limit(None)
    assert v.status().startswith("GitHub 暂时限制了请求次数"), v.status()
    assert "仍然保留" in v.page.locator("#signin-keep").inner_text()
    assert KEY in v.storage()["local"]
    v.page.reload()
    v.wait()
    assert v.status() == f"已登录：{SECRETARY}"
    v.assert_token_kept_to_the_api(token, double.api)


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.git
def test_no_network_is_told(browser, server: str, double: GitHubDouble, visits: list) -> None:
    token = double.add_token(SECRETARY, ALL)
    v = _visit(browser, server, visits, PHONE, is_mobile=True, has_touch=True)
    v.open()
    v.context.set_offline(True)
    v.type_token(token)
    assert v.status().startswith("连不上 GitHub：请检查网络连接后重试。"), v.status()
    assert v.storage() == {"local": {}, "session": {}}
    v.context.set_offline(False)
    v.type_token(token)
    assert v.status() == f"已登录：{SECRETARY}"
    v.assert_token_kept_to_the_api(token, double.api)


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.git
def test_token_without_the_repository_is_told(
    browser, server: str, double: GitHubDouble, visits: list
) -> None:
    """A private repository the token was not given (GitHub answers 404)."""
    token = double.add_token(SECRETARY, ALL, repositories={f"{OWNER}/other"})
    v = _visit(browser, server, visits)
    v.open()
    double.private = True
    try:
        v.type_token(token)
    finally:
        double.private = False
    status = v.status()
    assert status.startswith(f"这个令牌不能访问仓库 {OWNER}/{NAME}"), status
    assert "仅选定的仓库（Only select repositories）" in status
    assert [line.split("：", 1)[1] for line in v.checks()] == ["通过", "未通过。" + status]
    assert v.storage() == {"local": {}, "session": {}}
    v.assert_token_kept_to_the_api(token, double.api)


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.git
def test_policy_allows_the_api_address_and_nothing_else(
    browser, server: str, double: GitHubDouble, visits: list
) -> None:
    """Every page's Content-Security-Policy lets it connect to the site and the configured API
    address only: the sign-in works under it, and a request to any other origin (here the site's
    own server under another name) is refused by the browser before it is sent."""
    v = _visit(browser, server, visits)
    v.open()
    policy = v.page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert policy == site_policy(double.api)
    assert f"connect-src 'self' {api_origin(double.api)};" in policy
    other = server.replace("127.0.0.1", "localhost")
    refused = v.page.evaluate(
        "(url) => fetch(url).then(() => false, () => true)", other + "api/projects.json"
    )
    assert refused
    assert not any(r.url.startswith(other) for r in v.requests)
    assert any("Content Security Policy" in m for m in v.console), v.console
    token = double.add_token(SECRETARY, ALL)
    v.type_token(token)
    assert v.status() == f"已登录：{SECRETARY}"
    v.errors.clear()  # the refused fetch above is the only error
    v.assert_token_kept_to_the_api(token, double.api)
