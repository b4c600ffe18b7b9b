"""The 公示 page (`/notice/`): the projects nominated for an award (拟表彰) with their notice's
first and last day and how to object, before the award is made.

Pure, from the public views only: a nominated project is public, and the page shows what its
project page shows (title, unit, branch, total score), nothing of the panel's (no reviewers, no
individual scores, no opinions). No date on the page depends on the day of the build: it says when
each notice runs, not whether it is still running.
"""

from __future__ import annotations

from urllib.parse import quote

from site_builder.core.process import Stage
from site_builder.core.programme import Programme
from site_builder.showcase.labels import academic_year
from site_builder.showcase.pages import md_text, project_path
from site_builder.showcase.public import PublicProject

NOTICE_PAGE = "notice.md"
# The issue form a person uses to object (.github/ISSUE_TEMPLATE/objection.yml).
OBJECTION_TEMPLATE = "objection.yml"


def nominated(views: list[PublicProject]) -> list[PublicProject]:
    """The nominated projects, the notice ending soonest first."""
    found = [v for v in views if v.stage == Stage.NOMINATED]
    found.sort(key=lambda v: (v.notice_end or "", v.key))
    return found


def objection_url(repository: str | None, view: PublicProject) -> str | None:
    """A new issue from the objection form, its title naming the project; None without a
    repository address."""
    if not repository:
        return None
    title = f"对拟表彰项目的异议\uff1a{view.title}\uff08{view.key}\uff09"
    return f"{repository}/issues/new?template={OBJECTION_TEMPLATE}&title={quote(title, safe='')}"


def how_to_object(programme: Programme, repository: str | None, view: PublicProject) -> str:
    """One Markdown sentence: where to raise an objection (the form, the contact, or both)."""
    ways = []
    url = objection_url(repository, view)
    if url:
        ways.append(f"[在线提出异议]({url})")
    contact = programme.settings.notice_contact
    if contact:
        ways.append(f"联系{md_text(contact)}")
    if not ways:
        return ""
    return "对拟表彰有异议的\uff0c请在公示期内" + "\uff0c或".join(ways) + "\u3002"


def period(view: PublicProject) -> str:
    if view.notice_start and view.notice_end:
        return f"{view.notice_start} 至 {view.notice_end}"
    return view.notice_start or ""


def notice_page(views: list[PublicProject], programme: Programme, repository: str | None) -> str:
    days = programme.settings.notice_days
    parts = [
        "---\ntitle: 公示\nsearch:\n  exclude: true\n---\n\n",
        "# 拟表彰项目公示\n\n",
    ]
    if days:
        parts.append(
            f"评审组拟评为优秀成果的项目先在这里公示 {days} "
            "个工作日\uff08按国家法定节假日和调休安排计算\uff09"
            "\uff0c公示期满后才正式评为优秀成果\u3002\n\n"
        )
    else:
        parts.append("目前的设置不公示\uff1a验收通过的项目可以直接评为优秀成果\u3002\n\n")
    found = nominated(views)
    if not found:
        parts.append("目前没有正在公示的拟表彰项目\u3002已评出的见[优秀成果](awards.md)\u3002\n")
        return "".join(parts)
    for v in found:
        parts.append(f"## {md_text(v.title)}\n\n")
        rows = [
            ("立项年度", academic_year(v.year)),
            ("项目所在单位", md_text(v.unit)),
            ("项目所在支部", md_text(v.branch)),
            ("验收总评分", f"{v.total} 分" if v.total is not None else ""),
            ("公示期", period(v)),
        ]
        parts.append("| 项目 | |\n| --- | --- |\n")
        parts += [f"| {a} | {b} |\n" for a, b in rows]
        parts.append(f"\n{md_text(v.summary)}\n\n")
        parts.append(f"[查看项目详情]({project_path(v)})\n\n")
        objection = how_to_object(programme, repository, v)
        if objection:
            parts.append(f"{objection}\n\n")
    return "".join(parts)
