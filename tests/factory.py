"""Builds project files for tests: a valid project at any stage, then a change on top."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import yaml

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
    "awarded": 5,
}


def front(stage: str = "applied", **overrides: Any) -> dict[str, Any]:
    """Valid front matter for a project at `stage`; keyword arguments replace top-level fields
    (None removes one)."""
    data: dict[str, Any] = copy.deepcopy(PLAN)
    data["stage"] = stage
    if stage in ("approved", "midterm", "concluded", "accepted", "failed", "awarded"):
        data["approval"] = copy.deepcopy(APPROVAL)
    if stage == "rejected":
        data["approval"] = {"date": "2026-05-20", "decision": "rejected", "opinion": "不予立项。"}
    if stage in ("midterm", "concluded", "accepted", "failed", "awarded"):
        data["midterm"] = copy.deepcopy(MIDTERM)
    if stage in ("concluded", "accepted", "failed", "awarded"):
        data["concluded_on"] = "2027-05-08"
        data["expenses"] = copy.deepcopy(EXPENSES)
    if stage in ("accepted", "failed", "awarded"):
        data["acceptance"] = copy.deepcopy(ACCEPTANCE)
    if stage == "failed":
        data["acceptance"]["result"] = "failed"
    if stage == "awarded":
        data["award"] = {"year": 2027, "title": "优秀成果", "rank": "一等奖", "prize": 2000}
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


def render(data: dict[str, Any], text: str | None = None) -> str:
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{dumped}---\n{body(data.get('stage', 'applied')) if text is None else text}"


def make_repo(root: Path) -> Path:
    """A repository folder with the shipped schemas, the test roster and the shipped settings, and
    no projects."""
    (root / "data").mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "schema", root / "schema", dirs_exist_ok=True)
    shutil.copy(TESTS / "data" / "roster.yml", root / "data" / "roster.yml")
    shutil.copy(TESTS / "data" / "programme.yml", root / "data" / "programme.yml")
    (root / "projects").mkdir(exist_ok=True)
    return root


def write(root: Path, rel: str, content: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path
