"""The roster as a GitHub CODEOWNERS file (pure: no files read or written here).

GitHub applies the *last* matching line, so the catch-all comes first and the narrower lines after
it: everything belongs to the repository maintainers, `/projects/` to the review panel (every pull
request under projects/ needs a panel member's approving review), and the paths that carry the
rules, the roster and the site are listed again for the maintainers. Those protected paths never
overlap `/projects/`, so listing them after it only makes the intent explicit and keeps them owned
by the maintainers should a broader project pattern ever be added above them.
"""

from __future__ import annotations

from collections.abc import Iterable

from site_builder.core.programme import Roster

CODEOWNERS_FILE = ".github/CODEOWNERS"
COMMAND = "python -m site_builder codeowners"

PROJECTS_PATTERN = "/projects/"
# Paths that decide how the programme runs: only the repository maintainers review them.
PROTECTED_PATTERNS = (
    "/.github/",
    "/data/",
    "/schema/",
    "/docs/",
    "/overrides/",
    "/mkdocs.yml",
    "/site_builder/",
)

HEADER = (
    "# 本文件由程序根据名册 data/roster.yml 自动生成\uff0c请勿手工修改。",
    f"# 修改名册后请运行 {COMMAND}\uff0c并把本文件与名册一同提交\uff1b",
    f"# 自动检查会运行 {COMMAND} --check\uff0c文件过期时检查不通过。",
    "#",
    "# 规则\uff1a每行“路径 账号…”\uff1b同一文件匹配多行时\uff0c以最后一行为准。",
    "# - 其余所有文件\uff1a仓库维护者审核",
    "# - 项目文件 projects/\uff1a评审组成员审核\uff08每个改动项目文件的拉取请求都须经评审组成员批准\uff09",
    "# - 工作流、名册、数据结构、网站页面和程序\uff1a仓库维护者审核",
)


def owners(logins: Iterable[str]) -> str:
    """`@a @b`: sorted case-insensitively, duplicates (GitHub logins ignore case) dropped."""
    seen: dict[str, str] = {}
    for login in logins:
        seen.setdefault(login.lower(), login)
    return " ".join(f"@{seen[key]}" for key in sorted(seen))


def render(roster: Roster) -> str:
    maintainers = owners(roster.maintainers)
    panel = owners(p.login for p in roster.panel)
    lines = [
        *HEADER,
        "",
        "# 其余所有文件\uff1a仓库维护者",
        f"* {maintainers}",
        "",
        "# 项目文件\uff1a评审组",
        f"{PROJECTS_PATTERN} {panel}",
        "",
        "# 规则、名册和网站\uff1a仓库维护者\uff08写在项目文件之后\uff0c以免被覆盖\uff09",
        *(f"{pattern} {maintainers}" for pattern in PROTECTED_PATTERNS),
    ]
    return "\n".join(lines) + "\n"
