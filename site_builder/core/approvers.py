"""Who approves which change (process.md, "Approvals"): the roles and the reasons in words, one
table for `approvals` (review/approvals.py) and for the review page in the browser, which embeds
`spec()` and applies the same table (docs/javascripts/shared/approvers.js; a parity test holds the
two to the same answers). Pure data: the judging is in review/approvals.py."""

from __future__ import annotations

from typing import Any

from site_builder.core.process import Stage

# Who, in words. `heads` is said per general branch: "<name>负责人".
ROLES = {
    "judge": "与该项目无利益冲突的评审组成员",
    "panel": "评审组成员",
    "leader": "评审组组长",
    "maintainer": "仓库维护者",
    "heads": "{name}负责人",
    "unknown_heads": "党总支 {id} 的负责人",
}

# What the change is, in words (the step itself is said "<from> → <to>").
REASONS = {
    "new": "新申报",
    "applied_edit": "已申报阶段内修改",
    "edit": "{stage}阶段内修改",
    "panel_fields": "修改评审组填写的字段 {fields}",
    "award": "修改 award",
    "media": "项目资料",
    "outside": "projects/ 以外",
    "deleted": "删除项目文件",
    "unreadable": "无法读取的项目文件",
    "others": "其他文件\uff08{count} 个\uff09",
}

# Which kind of change needs whose approval. `heads` falls back to `panel` when the author is a
# head of the general branch; `judge` excludes panel members with a conflict of interest.
TABLE = {
    "new": "heads",
    "applied_edit": "heads",
    "step": "judge",
    "edit": "judge",
    "panel_fields": "judge",
    "award": "leader",
    "media": "panel",
    "deleted": "judge",
    "unreadable": "judge",
    "outside": "maintainer",
}


# While a project is in this stage, the branch's edits are its general branch's to submit.
HEADS_WHILE = Stage.APPLIED


def spec() -> dict[str, Any]:
    """The table for the browser (the review page embeds it)."""
    return {
        "roles": dict(ROLES),
        "reasons": dict(REASONS),
        "table": dict(TABLE),
        "heads_while": HEADS_WHILE.value,
    }
