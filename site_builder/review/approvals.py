"""Review-aware approvals: whose approval a pull request needs, and whether it has it.

CODEOWNERS only makes GitHub ask "some panel member"; the programme asks more (process.md,
"Approvals"): a general branch submits its branches' applications, the panel judges without
conflicts of interest, the panel leader confirms awards, maintainers approve everything outside
`projects/`. Pure: the changes come from the same reading of git as the pull-request check
(`gitrepo.read_pull_request`), the programme from the base, the reviews from GitHub's JSON.

Readings of the table, where it is silent:
- Every row that matches a project adds its requirement; all must be met. An award is also a
  panel step, so it needs the leader *and* a panel member without a conflict (the leader, when
  not conflicted, is both); a conflicted leader therefore never decides an award alone.
- "A head of the general branch" falls back to any panel member when the author is such a head,
  for an edit while `applied` as for a new application: nobody approves their own pull request.
- A project whose `branch` moves between general branches needs a head of each of them.
- When a head files an application, any other panel member may approve it, conflicted or not:
  it is a submission to the panel, not a judgment of it.
- The author never counts, even where the roster leaves nobody else: the check then says so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from site_builder.core.approvers import HEADS_WHILE, REASONS, ROLES
from site_builder.core.change import FileChange, ProjectChange, Roles
from site_builder.core.errors import SiteBuilderError
from site_builder.core.loader import Document, LoadError, load_bytes
from site_builder.core.process import PANEL_FIELDS
from site_builder.core.programme import Programme, Roster
from site_builder.core.tree import PROJECTS_DIR, is_media_path, media_owner, parse_project

# The states of GitHub's review objects that decide a reviewer's standing; COMMENTED (and
# PENDING, a draft only its author sees) leave it as it was.
DECIDING = frozenset({"APPROVED", "CHANGES_REQUESTED", "DISMISSED"})

# Roles named in the messages.
JUDGE = ROLES["judge"]
PANEL = ROLES["panel"]
LEADER = ROLES["leader"]
MAINTAINER = ROLES["maintainer"]


class ReviewsError(SiteBuilderError):
    """The reviews file is not what GitHub returns; the message is Chinese."""

    code = "SB302"


@dataclass(frozen=True, slots=True)
class Review:
    login: str
    state: str  # upper case, as GitHub writes it
    commit_id: str
    submitted_at: datetime
    order: int  # position in the file: breaks ties between equal timestamps


@dataclass(frozen=True, slots=True)
class Requirement:
    """One approval the pull request needs: from any one of `eligible` (roster logins)."""

    subject: str  # "2026/cs-01", or "其他文件(3 个)"
    reason: str  # what the change is: "新申报", "已申报 → 已立项", ...
    role: str  # who, in words: "工程技术系党总支负责人"
    eligible: tuple[str, ...]  # the author left out
    author_excluded: bool = False  # the author would have been eligible


@dataclass
class Approvals:
    """The requirements with who met each (None: still missing), and notes on reviews that do
    not count."""

    head: str
    met: list[tuple[Requirement, str | None]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def missing(self) -> list[Requirement]:
        return [req for req, by in self.met if by is None]

    @property
    def satisfied(self) -> bool:
        return not self.missing

    def lines(self) -> list[str]:
        """The account in Chinese, one line per requirement, notes after."""
        if not self.met:
            return ["本拉取请求不需要批准\u3002"]
        lines = [_line(req, by) for req, by in self.met]
        return ["本拉取请求需要的批准\uff1a", *lines, *self.notes]

    def verdict(self) -> str:
        missing = len(self.missing)
        if missing:
            return f"还缺 {missing} 项批准\u3002"
        return "批准齐全\u3002"

    def as_dict(self) -> dict[str, Any]:
        return {
            "head": self.head,
            "satisfied": self.satisfied,
            "requirements": [
                {
                    "subject": req.subject,
                    "reason": req.reason,
                    "role": req.role,
                    "eligible": list(req.eligible),
                    "approved_by": by,
                }
                for req, by in self.met
            ],
            "missing": [_line(req, None) for req in self.missing],
            "notes": self.notes,
        }


def _line(req: Requirement, by: str | None) -> str:
    """`还需要：工程技术系党总支负责人 zhou-jianguo 的批准（2026/cs-01，新申报）。`"""
    context = f"\uff08{req.subject}\uff0c{req.reason}\uff09"
    if by is not None:
        return f"已有\uff1a{req.role} {by} 的批准{context}\u3002"
    if not req.eligible:
        hint = (
            "作者本人不能批准自己的拉取请求\uff0c请改由其他人提交"
            if req.author_excluded
            else "请在名册中补充"
        )
        return (
            f"还需要\uff1a{req.role}的批准{context}\uff0c但名册中没有可以批准的人\u3002{hint}\u3002"
        )
    many = len(req.eligible) > 1
    who = "\u3001".join(req.eligible) + (" 中任一人" if many else " ")
    return f"还需要\uff1a{req.role} {who}的批准{context}\u3002"


# ---------------------------------------------------------------------------- requirements


def _people(pool: Iterable[str], author: str) -> tuple[tuple[str, ...], bool]:
    """The logins of `pool` other than the author, and whether the author was among them."""
    logins = list(dict.fromkeys(pool))
    others = tuple(p for p in logins if p.lower() != author.lower())
    return others, len(others) < len(logins)


def _requirement(
    subject: str, reason: str, role: str, pool: Iterable[str], author: str
) -> Requirement:
    eligible, excluded = _people(pool, author)
    return Requirement(subject, reason, role, eligible, excluded)


def _judges(roster: Roster, branches: frozenset[str]) -> list[str]:
    return [p.login for p in roster.panel if Roles.of(roster, p.login, branches).judge]


def _general_branches(change: ProjectChange) -> list[str]:
    """The general branches of the branches the project names (the roster decides), or, for a
    branch the roster lacks, the `general_branch` the file names."""
    roster = change.programme.roster
    found = [roster.branches[b].general_branch for b in change.branches if b in roster.branches]
    if not found:
        for side in (change.base or {}, change.project.data):
            if isinstance(side.get("general_branch"), str):
                found.append(side["general_branch"])
    return sorted(set(found))


def _submitted_by_heads(change: ProjectChange, reason: str) -> list[Requirement]:
    """A head of each general branch involved; any panel member where the author is a head."""
    roster, author, subject = change.programme.roster, change.author, change.project.key
    found = []
    for gb_id in _general_branches(change):
        gb = roster.general_branches.get(gb_id)
        if gb is None:
            found.append(Requirement(subject, reason, ROLES["unknown_heads"].format(id=gb_id), ()))
        elif author.lower() in {h.lower() for h in gb.heads}:
            pool = [p.login for p in roster.panel]
            found.append(_requirement(subject, reason, PANEL, pool, author))
        else:
            found.append(
                _requirement(subject, reason, ROLES["heads"].format(name=gb.name), gb.heads, author)
            )
    return found


def _for_project(change: ProjectChange, new_file: bool, branch_edit: bool) -> list[Requirement]:
    roster, author, subject = change.programme.roster, change.author, change.project.key
    label = change.label
    step = f"{label(change.source)} \u2192 {label(change.target)}"

    def judge(reason: str) -> Requirement:
        return _requirement(subject, reason, JUDGE, _judges(roster, change.branches), author)

    found: list[Requirement] = []
    if new_file:
        found += _submitted_by_heads(change, REASONS["new"])
    elif change.moves:
        # A panel step, a branch step (conclusion, withdrawal), or a step the process lacks
        # (which the check rejects): all are judged by a panel member without a conflict.
        found.append(judge(step))
    elif branch_edit and change.source is HEADS_WHILE:
        found += _submitted_by_heads(change, REASONS["applied_edit"])
    elif branch_edit:
        found.append(judge(REASONS["edit"].format(stage=label(change.source))))
    edited = [key for key in PANEL_FIELDS if change.changed(key)]
    if edited:
        found.append(judge(REASONS["panel_fields"].format(fields="\u3001".join(edited))))
    if (change.step is not None and change.step.leader) or change.changed("award"):
        leaders = [p.login for p in roster.panel if p.role == "leader"]
        found.append(
            _requirement(
                subject, step if change.moves else REASONS["award"], LEADER, leaders, author
            )
        )
    return found


def _only_panel_fields(change: ProjectChange, base: Document | None) -> bool:
    """Nothing but panel-owned fields differs between the sides (so it is no branch edit)."""
    if base is None:
        return False
    keys = (set(base.data) | set(change.project.data)) - set(PANEL_FIELDS)
    return base.body == change.project.body and not any(change.changed(k) for k in keys)


def owner_path(path: str) -> str | None:
    """The project file a media file belongs to: projects/2026/x/a.jpg → projects/2026/x.md."""
    return media_owner(path) if is_media_path(path) else None


def required(
    changes: list[FileChange],
    programme: Programme,
    author: str,
    owners: Mapping[str, bytes] | None = None,
) -> list[Requirement]:
    """Every approval the pull request needs, in the order of its changes, without repeats.

    `owners`: the head's (or else the base's) project file for each media folder changed, by
    `owner_path`; a media file is an edit of its project within the stage.
    """
    roster = programme.roster
    found: list[Requirement] = []
    outside: list[str] = []
    # A move across projects/ is a deletion on one side and a new file on the other, as the
    # check judges it (`FileChange.sides`).
    for change in (side for c in changes for side in c.sides()):
        if not change.in_projects:
            outside.append(change.path)
            continue
        owner = owner_path(change.path)
        if owner is not None:
            found += _for_media(change.path, owner, (owners or {}).get(owner), programme, author)
            continue
        project, _ = (
            parse_project(change.path, change.new) if change.new is not None else (None, [])
        )
        if project is None:
            found += _unreadable(change, programme, author)
            continue
        base = _document(change.old)
        project_change = ProjectChange.of(project, base.data if base else None, author, programme)
        branch_edit = not _only_panel_fields(project_change, base)
        found += _for_project(project_change, change.old is None, branch_edit)
    if outside:
        subject = REASONS["others"].format(count=len(outside))
        found.append(
            _requirement(subject, REASONS["outside"], MAINTAINER, roster.maintainers, author)
        )
    return _unique(found)


def _unique(found: list[Requirement]) -> list[Requirement]:
    """One requirement per project, role and people: the first reason names it."""
    seen: dict[tuple[str, str, tuple[str, ...]], Requirement] = {}
    for req in found:
        seen.setdefault((req.subject, req.role, req.eligible), req)
    return list(seen.values())


def _document(raw: bytes | None) -> Document | None:
    """One side of a project file, read; None where it does not exist or does not load."""
    if raw is None:
        return None
    try:
        return load_bytes(raw)
    except LoadError:
        return None


def _for_media(
    path: str, owner: str, raw: bytes | None, programme: Programme, author: str
) -> list[Requirement]:
    project, _ = parse_project(owner, raw) if raw is not None else (None, [])
    if project is None:
        subject = path.removeprefix(PROJECTS_DIR + "/")
        return [
            _requirement(
                subject, REASONS["media"], PANEL, [p.login for p in programme.roster.panel], author
            )
        ]
    change = ProjectChange.of(project, project.data, author, programme)
    return _for_project(change, new_file=False, branch_edit=True)


def _unreadable(change: FileChange, programme: Programme, author: str) -> list[Requirement]:
    """A deleted project file or one that does not load (the check rejects both): a panel member
    without a conflict by the branches the base names."""
    base = _document(change.old)
    branch = base.data.get("branch") if base else None
    branches = frozenset([branch] if isinstance(branch, str) else [])
    subject = change.path.removeprefix(PROJECTS_DIR + "/").removesuffix(".md")
    reason = REASONS["deleted"] if change.deleted else REASONS["unreadable"]
    pool = _judges(programme.roster, branches)
    return [_requirement(subject, reason, JUDGE, pool, author)]


# ---------------------------------------------------------------------------- reviews


# Bounds on the reviews file: GitHub's review objects nest four deep and a pull request has some
# dozens of reviews; anything far beyond is a damaged or hostile file, refused before decoding.
MAX_REVIEWS_BYTES = 16 * 1024 * 1024
MAX_JSON_DEPTH = 32
MAX_REVIEWS = 10_000
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"?', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def _depth(text: str) -> int:
    """The deepest nesting of arrays and objects in `text`, strings left out (stops counting
    past the bound)."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_JSON_STRING.sub("", text)):
        depth += 1 if match.group() in "[{" else -1
        if depth > deepest:
            deepest = depth
            if deepest > MAX_JSON_DEPTH:
                break
    return deepest


def parse_reviews(text: str, name: str) -> list[Review]:
    """GitHub's "list reviews for a pull request" JSON: one array, or the arrays of several pages
    one after another (what `gh api --paginate` prints). Raises ReviewsError, for any malformed
    input (bounded in size and depth, so decoding never recurses without end)."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_REVIEWS_BYTES:
        raise ReviewsError(
            f"{name} 超过 {MAX_REVIEWS_BYTES // (1024 * 1024)} MB\uff0c不像是评审记录\u3002"
            "请传入 GitHub 接口\u201c列出拉取请求的评审\u201d返回的 JSON 列表\u3002"
        )
    if _depth(text) > MAX_JSON_DEPTH:
        raise ReviewsError(
            f"{name} 的 JSON 嵌套超过 {MAX_JSON_DEPTH} 层\uff0c不像是评审记录\u3002"
            "请传入 GitHub 接口\u201c列出拉取请求的评审\u201d返回的 JSON 列表\u3002"
        )
    decoder = json.JSONDecoder()
    pages: list[Any] = []
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos == len(text):
            break
        try:
            value, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise ReviewsError(
                f"{name} 第 {exc.lineno} 行第 {exc.colno} 列不是"
                "有效的 JSON\u3002请传入 GitHub 接口"
                "\u201c列出拉取请求的评审\u201d"
                "返回的 JSON 列表\u3002"
            ) from None
        except (ValueError, RecursionError, MemoryError):  # e.g. a number of 5,000 digits
            raise ReviewsError(
                f"{name} 含有无法读取的 JSON 值\uff08如过长的数字\uff09\u3002请传入 GitHub 接口"
                "\u201c列出拉取请求的评审\u201d返回的 JSON 列表\u3002"
            ) from None
        if not isinstance(value, list):
            raise ReviewsError(
                f"{name} 应是 JSON 列表\uff08[...]\uff09\uff0c实际是 {_kind(value)}\u3002"
            )
        pages.append(value)
    if not pages:
        raise ReviewsError(f"{name} 是空的\u3002没有评审时应为 []\u3002")
    items = [item for page in pages for item in page]
    if len(items) > MAX_REVIEWS:
        raise ReviewsError(
            f"{name} 有 {len(items)} 条评审\uff0c超过 {MAX_REVIEWS} 条\uff0c不像是评审记录\u3002"
        )
    return [r for i, item in enumerate(items, 1) if (r := _review(item, i, name)) is not None]


def _kind(value: Any) -> str:
    names = {dict: "对象", list: "列表", str: "字符串", bool: "布尔值", int: "数字", float: "数字"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _review(item: Any, index: int, name: str) -> Review | None:
    where = f"{name} 第 {index} 条评审"
    if not isinstance(item, dict):
        raise ReviewsError(f"{where}应是 JSON 对象\uff0c实际是 {_kind(item)}\u3002")
    state = item.get("state")
    if not isinstance(state, str) or not state:
        raise ReviewsError(f"{where}缺少 state\uff08评审状态\uff09\u3002")
    user = item.get("user")
    if user is None:  # a deleted account ("ghost"): its reviews count for nobody
        return None
    if not isinstance(user, dict) or not isinstance(user.get("login"), str) or not user["login"]:
        raise ReviewsError(f"{where}的 user.login\uff08评审人账号\uff09应是字符串\u3002")
    if state.upper() == "PENDING":  # a draft; it has no time and decides nothing
        return None
    stamp = item.get("submitted_at")
    when = _timestamp(stamp)
    if when is None:
        raise ReviewsError(
            f"{where}的 submitted_at\uff08提交时间\uff09"
            f"应是 ISO 8601 时间\uff0c如 2026-05-20T08:00:00Z\uff0c"
            f"实际是 {json.dumps(stamp, ensure_ascii=False)}\u3002"
        )
    commit = item.get("commit_id")
    if commit is not None and not isinstance(commit, str):
        raise ReviewsError(f"{where}的 commit_id\uff08提交号\uff09应是字符串\u3002")
    return Review(user["login"], state.upper(), (commit or "").lower(), when, index)


def _timestamp(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def standing(reviews: Iterable[Review]) -> dict[str, Review]:
    """Each reviewer's latest deciding review, by lower-case login."""
    latest: dict[str, Review] = {}
    for review in sorted(reviews, key=lambda r: (r.submitted_at, r.order)):
        if review.state in DECIDING:
            latest[review.login.lower()] = review
    return latest


def evaluate(needed: list[Requirement], reviews: list[Review], head: str, author: str) -> Approvals:
    """Which requirements the reviews meet: an approval counts when it is its reviewer's latest
    deciding review, was given on `head`, and is not the author's."""
    head = head.lower()
    latest = standing(reviews)
    approved = {
        login
        for login, r in latest.items()
        if r.state == "APPROVED" and r.commit_id == head and login != author.lower()
    }
    out = Approvals(head)
    for req in needed:
        by = next((login for login in req.eligible if login.lower() in approved), None)
        out.met.append((req, by))
    waiting = {login.lower(): login for req in out.missing for login in req.eligible}
    for login, review in latest.items():
        if login == author.lower() and review.state == "APPROVED":
            out.notes.append(f"{review.login} 是作者\uff0c作者本人的批准不计\u3002")
        elif login not in waiting:
            continue
        elif review.state == "APPROVED" and review.commit_id != head:
            out.notes.append(
                f"{review.login} 批准的是较早的提交 "
                f"{review.commit_id[:7] or '?'}\uff0c需在最新提交 "
                f"{head[:7]} 上重新批准\u3002"
            )
        elif review.state == "CHANGES_REQUESTED":
            out.notes.append(f"{review.login} 请求修改\uff0c尚未批准\u3002")
        elif review.state == "DISMISSED":
            out.notes.append(f"{review.login} 的评审已被撤销\uff0c需重新批准\u3002")
    return out
