"""Builds repositories and project files for tests, the one place that does.

- `front`/`render`: a valid project at any stage, then a change on top (the rule tests);
- `project`/`write_project`/`STANDARD`: a small collection with known figures (forms, reports);
- `make_repo`: a repository folder with the schemas, a roster and the settings, no projects.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import yaml

from site_builder import cli

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent

PLAN = {
    "title": "党员先锋岗建设行动",
    "year": 2026,
    "category": "service",
    "unit": "工程技术系",
    "general_branch": "gb-eng",
    "branch": "eng-teachers",
    "secretary": "李明",
    "executors": ["李明", "王芳"],
    "applied_on": "2026-05-06",
    "summary": "以党员先锋岗为抓手,组织党员在教学一线和学生服务中亮身份、作表率,形成可推广的服务机制。",
    "duration_months": 12,
    "tags": ["先锋岗", "志愿服务"],
}
APPROVAL = {"date": "2026-05-20", "decision": "approved", "grant": 1000, "opinion": "同意立项。"}
MIDTERM = {"date": "2027-03-15", "opinion": "进展良好,建议加强总结。"}
EXPENSES = [
    {"date": "2026-09-10", "item": "宣传展板", "amount": 320},
    {"date": "2026-11-02", "item": "培训资料印制", "amount": "185.50"},
]
SCORES = [
    {
        "reviewer": "赵组长",
        "completeness": 18,
        "process": 18,
        "participation": 19,
        "education": 17,
        "branch_building": 18,
    },
    {
        "reviewer": "钱委员",
        "completeness": 17,
        "process": 18,
        "participation": 18,
        "education": 18,
        "branch_building": 17,
    },
]
# sums 90 and 88 → total 89.0
ACCEPTANCE = {
    "date": "2027-05-25",
    "scores": SCORES,
    "total": "89.0",
    "result": "passed",
    "opinion": "完成预期目标,效果突出。",
}

# The notice of a nominated project (front("nominated")): 5 working days, to 2027-06-07.
NOTICE_START = "2027-06-01"

SECTION_TEXT = {
    "为什么开展活动": "教学一线需要党员带头,学生服务需要更多党员参与。",
    "怎样开展活动": "每月设立先锋岗,党员轮值服务,每学期开展一次交流。",
    "预期目标": "形成党员先锋岗制度,服务学生不少于二百人次。",
    "中期进展": "已开展先锋岗服务八次,完成阶段性小结两份。",
    "结题报告": "取得成效明显;存在不足是记录不全;经验做法已写入支部制度。",
}
SECTIONS_BY_STAGE = {
    "applied": 3,
    "approved": 3,
    "rejected": 3,
    "withdrawn": 3,
    "midterm": 4,
    "concluded": 5,
    "accepted": 5,
    "failed": 5,
    "nominated": 5,
    "awarded": 5,
}


def front(stage: str = "applied", **overrides: Any) -> dict[str, Any]:
    """Valid front matter for a project at `stage`; keyword arguments replace top-level fields
    (None removes one)."""
    data: dict[str, Any] = copy.deepcopy(PLAN)
    data["stage"] = stage
    if stage in ("approved", "midterm", "concluded", "accepted", "failed", "nominated", "awarded"):
        data["approval"] = copy.deepcopy(APPROVAL)
    if stage == "rejected":
        data["approval"] = {"date": "2026-05-20", "decision": "rejected", "opinion": "不予立项。"}
    if stage in ("midterm", "concluded", "accepted", "failed", "nominated", "awarded"):
        data["midterm"] = copy.deepcopy(MIDTERM)
    if stage in ("concluded", "accepted", "failed", "nominated", "awarded"):
        data["concluded_on"] = "2027-05-08"
        data["expenses"] = copy.deepcopy(EXPENSES)
    if stage in ("accepted", "failed", "nominated", "awarded"):
        data["acceptance"] = copy.deepcopy(ACCEPTANCE)
    if stage == "failed":
        data["acceptance"]["result"] = "failed"
    if stage == "awarded":
        data["award"] = {"year": 2027, "title": "优秀成果", "rank": "一等奖", "prize": 2000}
    if stage == "nominated":  # 公示 from the Tuesday after the acceptance
        data["award"] = {"year": 2027, "title": "优秀成果", "notice_start": NOTICE_START}
    if stage == "withdrawn":
        data["withdrawal"] = {"date": "2026-10-01", "reason": "负责人调离,无法继续开展。"}
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def body(stage: str = "applied") -> str:
    names = list(SECTION_TEXT)[: SECTIONS_BY_STAGE.get(stage, 3)]
    return "".join(f"\n## {name}\n\n{SECTION_TEXT[name]}\n" for name in names)


def _astral(value: Any) -> bool:
    if isinstance(value, str):
        return any(ord(c) > 0xFFFF for c in value)
    if isinstance(value, dict):
        return any(_astral(k) or _astral(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_astral(v) for v in value)
    return False


def render(data: dict[str, Any], text: str | None = None) -> str:
    # libyaml's emitter writes the same text as PyYAML's own, several times faster, except that
    # it escapes characters beyond the BMP (emoji) where PyYAML writes them as they are.
    dumper = yaml.SafeDumper if _astral(data) else yaml.CSafeDumper
    dumped = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{dumped}---\n{body(data.get('stage', 'applied')) if text is None else text}"


def make_repo(root: Path, *, shipped: bool = False) -> Path:
    """A repository folder with the shipped schemas, the small test roster and settings in
    tests/data (or, `shipped`, the real ones in data/, whose branches the STANDARD collection
    uses), and no projects."""
    (root / "data").mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "schema", root / "schema", dirs_exist_ok=True)
    source = ROOT / "data" if shipped else TESTS / "data"
    for name in ("roster.yml", "programme.yml"):
        shutil.copy(source / name, root / "data" / name)
    (root / "projects").mkdir(exist_ok=True)
    return root


def write(root: Path, rel: str, content: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


# ------------------------------------------------- the collection for the form and report tests

# Section text with lists, bold and sub-headings, for the printed forms.
RICH_SECTION_TEXT = {
    "为什么开展活动": "支部党员需要在服务中锤炼作风,群众对“身边的党员”有期待。",
    "怎样开展活动": "- 每月一次志愿服务\n- 每学期一次交流会\n\n**时间安排**:6月启动,次年5月结题。",
    "预期目标": "服务不少于 200 人次,形成一项支部制度。",
    "中期进展": "已开展服务 8 次,完成阶段性小结两份。",
    "结题报告": "### 取得成效\n\n服务 230 人次。\n\n### 存在不足\n\n记录不全。\n\n"
    "### 经验做法与制度成果\n\n形成《志愿服务制度》。",
}


def scores(*rows: tuple[str, int, int, int, int, int]) -> list[dict[str, Any]]:
    keys = ("reviewer", "completeness", "process", "participation", "education", "branch_building")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def project(
    stage: str,
    year: int = 2026,
    *,
    title: str = "党员先锋岗建设行动",
    category: str = "service",
    general_branch: str = "gb-eng",
    branch: str = "eng-teachers",
    grant: int = 1000,
    expenses: list[tuple[str, Any]] | None = None,
    score_rows: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """Valid front matter for `stage` in `year`; `extra` adds or replaces top-level fields."""
    data: dict[str, Any] = {
        "title": title,
        "year": year,
        "category": category,
        "unit": "工程技术系",
        "general_branch": general_branch,
        "branch": branch,
        "secretary": "李明",
        "executors": ["李明", "王芳", "赵小川"],
        "applied_on": f"{year}-05-06",
        "summary": "以党员先锋岗为抓手,组织党员在教学一线和学生服务中亮身份、作表率。",
        "duration_months": 12,
        "tags": ["先锋岗", "志愿服务"],
        "stage": stage,
    }
    if stage in ("approved", "midterm", "concluded", "accepted", "failed", "awarded", "withdrawn"):
        data["approval"] = {
            "date": f"{year}-05-20",
            "decision": "approved",
            "grant": grant,
            "opinion": "同意立项,注意做好台账。",
        }
    if stage == "rejected":
        data["approval"] = {
            "date": f"{year}-05-20",
            "decision": "rejected",
            "opinion": "不予立项。",
        }
    if stage in ("midterm", "concluded", "accepted", "failed", "awarded"):
        data["midterm"] = {"date": f"{year + 1}-03-15", "opinion": "进展良好,建议加强阶段总结。"}
    if expenses:
        data["expenses"] = [
            {"date": f"{year}-09-{10 + i:02d}", "item": item, "amount": amount}
            for i, (item, amount) in enumerate(expenses)
        ]
    if stage in ("concluded", "accepted", "failed", "awarded"):
        data["concluded_on"] = f"{year + 1}-05-08"
        data.setdefault("expenses", [])
    if stage in ("accepted", "failed", "awarded"):
        data["acceptance"] = {
            "date": f"{year + 1}-05-25",
            "scores": score_rows or scores(("赵立新", 18, 18, 18, 18, 18)),
            "result": "failed" if stage == "failed" else "passed",
            "opinion": "完成预期目标,效果突出。",
        }
    if stage == "withdrawn":
        data["withdrawal"] = {"date": f"{year}-10-01", "reason": "负责人调离,无法继续开展。"}
    data.update(copy.deepcopy(extra))
    return data


def rich_body(stage: str) -> str:
    names = list(RICH_SECTION_TEXT)[: SECTIONS_BY_STAGE[stage]]
    return "".join(f"\n## {name}\n\n{RICH_SECTION_TEXT[name]}\n" for name in names)


def write_project(root: Path, rel: str, data: dict[str, Any], text: str | None = None) -> Path:
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    content = f"---\n{dumped}---\n{rich_body(data['stage']) if text is None else text}"
    path.write_text(content, encoding="utf-8")
    return path


# The standard collection. Sums: 90/85/88 → 87.7; 92/92 → 92.0; 80/80 → 80.0.
STANDARD: dict[str, dict[str, Any]] = {
    # applied in the window (05-06): nothing to remind.
    "projects/2026/alpha-apply.md": project("applied"),
    # applied on 05-15, after the window 05-01..05-10: a reminder.
    "projects/2026/beta-late.md": project(
        "applied",
        category="education",
        general_branch="gb-econ",
        branch="econ-teachers",
        applied_on="2026-05-15",
        title="教工党员微党课",
    ),
    # approved, no mid-term check: late after 2027-03-31; no report: late after 2027-05-31.
    "projects/2026/gamma-approved.md": project(
        "approved",
        category="activity",
        general_branch="gb-art",
        branch="art-teachers",
        title="红色墙绘进社区",
    ),
    # mid-term, spent 300 of 1000; no report: late after 2027-05-31.
    "projects/2026/delta-midterm.md": project(
        "midterm",
        category="student",
        branch="eng-students",
        expenses=[("宣传展板", 300)],
        title="学生党员朋辈帮扶",
    ),
    # concluded, spent 320 + 185.50 = 505.50; not accepted: late after 2027-05-31.
    "projects/2026/epsilon-concluded.md": project(
        "concluded",
        general_branch="gb-admin",
        branch="admin-first",
        expenses=[("培训资料印制", "185.50"), ("宣传展板", 320)],
        title="机关先锋服务承诺",
    ),
    # accepted, 90/85/88 → 87.7; spent 600 + 460 = 1060 of 1000: overspent by 60.
    "projects/2026/zeta-accepted.md": project(
        "accepted",
        category="conduct",
        general_branch="gb-econ",
        branch="econ-students",
        expenses=[("研学交通", 600), ("资料汇编印制", 460)],
        title="学业帮扶红色引擎",
        score_rows=scores(
            ("赵立新", 18, 18, 18, 18, 18),
            ("孙海燕", 17, 17, 17, 17, 17),
            ("吴晓梅", 18, 18, 18, 17, 17),
        ),
    ),
    # awarded, 92/92 → 92.0; spent 900.
    "projects/2026/eta-awarded.md": project(
        "awarded",
        expenses=[("下村服务租车", 900)],
        title="田间课堂技能服务",
        score_rows=scores(("赵立新", 19, 19, 18, 18, 18), ("孙海燕", 18, 19, 19, 18, 18)),
        award={"year": 2027, "title": "优秀成果", "rank": "一等奖", "prize": 2000},
    ),
    # accepted below the threshold, 80/80 → 80.0; spent exactly 1000.
    "projects/2026/theta-low.md": project(
        "accepted",
        category="education",
        general_branch="gb-admin",
        branch="admin-library",
        expenses=[("图书采购", 1000)],
        title="红色经典悦读",
        score_rows=scores(("赵立新", 16, 16, 16, 16, 16), ("孙海燕", 16, 16, 16, 16, 16)),
    ),
    # an 18-month plan: its report is due a year later (2028-05-31), so not late in 2027.
    "projects/2026/kappa-long.md": project(
        "midterm",
        category="recruitment",
        branch="eng-students",
        title="积极分子全过程培养档案",
        duration_months=18,
        duration_reason="培养周期跨越两个学年,需要跟踪到下一批发展对象。",
    ),
    "projects/2026/lambda-rejected.md": project(
        "rejected", category="conduct", title="作风建设大讨论"
    ),
    # withdrawn after approval: the grant of 1000 still counts, nothing spent.
    "projects/2026/mu-withdrawn.md": project(
        "withdrawn",
        category="activity",
        general_branch="gb-admin",
        branch="admin-logistics",
        title="食堂廉洁监督岗",
    ),
    # 2025, mid-term, grant 800, no report: late after 2026-05-31.
    "projects/2025/iota-old.md": project(
        "midterm",
        year=2025,
        category="student",
        branch="eng-students",
        grant=800,
        title="往年学生党员项目",
    ),
}


def standard_repo(root: Path) -> Path:
    make_repo(root, shipped=True)
    for rel, data in STANDARD.items():
        write_project(root, rel, data)
    return root


def run_cli(args: list[str], monkeypatch: Any) -> int:
    """`python -m site_builder ...` in-process."""
    try:
        return cli.main(args)
    except SystemExit as exc:  # argparse refuses bad arguments this way
        return int(exc.code or 0)
