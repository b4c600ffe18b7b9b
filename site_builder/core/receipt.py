"""The change receipt (变更说明): one changed file of a pull request described in plain Chinese
for reviewers who never read the file's format: the stage change in words, every field that
changed by its Chinese title (before and after), body sections added or changed with their lines
marked, photos added or removed, the acceptance total against the award threshold.

Pure: (path, text before or None, text after or None) in, a typed `Receipt` out, and `text(...)`
its plain lines (what `check` prints in the job summary). The browser builds the same structure
and the same text (docs/javascripts/shared/receipt.js; tests/test_receipt_parity.py holds the two
byte-identical): every word is in `WORDS`, which `spec()` exports beside the rule pack, and every
rule (stages, titles, total, threshold, what a file may hold) is read where it lives.

It never raises on bad input: a side that cannot be read is a `Problem` with the loader's code.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from site_builder.core import figures, jsregex, loader, markdown, media, process
from site_builder.core import file_rules as pf
from site_builder.core.change import FileChange
from site_builder.core.messages import fill
from site_builder.core.programme import Programme
from site_builder.core.project import PATH_RE
from site_builder.core.tree import PROJECTS_DIR, in_projects, is_media_path

# Every word the receipt prints (the browser reads this table from the page's spec).
WORDS: dict[str, str] = {
    "title": "变更说明",
    "file": "文件\uff1a{path}",
    "project": "项目\uff1a{title}",
    "new": "新申报\uff1a{title}",
    "deleted": "删除了项目文件\uff08原阶段\uff1a{stage}\uff09",
    "renamed": "文件改名\uff1a{old} \u2192 {new}",
    "stage": "阶段\uff1a{before} \u2192 {after}",
    "stage_new": "阶段\uff1a{after}",
    "fields": "改动的内容\uff1a",
    "fields_new": "填写的内容\uff1a",
    "field": "{title}\uff1a",
    "field_value": "{title}\uff1a{value}",
    "before": "原\uff1a{value}",
    "after": "新\uff1a{value}",
    "none": "\uff08无\uff09",
    "empty": "\uff08空\uff09",
    "named": "{name}\uff08{id}\uff09",
    "yes": "是",
    "no": "否",
    "row": "第 {n} 条",
    "row_named": "第 {n} 条\uff08{name}\uff09",
    "sections": "正文的改动\uff1a",
    "sections_new": "正文\uff1a",
    "preamble": "正文开头",
    "repeated": "{heading}\uff08第 {n} 个\uff09",
    "section_added": "新增章节\u201c{heading}\u201d\uff1a",
    "section_removed": "删除章节\u201c{heading}\u201d\uff1a",
    "section_changed": "修改章节\u201c{heading}\u201d\uff1a",
    "line_added": "\u3010新增\u3011{text}",
    "line_removed": "\u3010删除\u3011{text}",
    "gap": "\u2026\u2026",
    "phrase": "\u3014{text}\u3015",
    "images": "正文中的图片\uff1a",
    "image_added": "新增\uff1a{path}",
    "image_removed": "删除\uff1a{path}",
    "media_added": "新增照片或附件\uff1a{path}",
    "media_removed": "删除照片或附件\uff1a{path}",
    "media_changed": "替换照片或附件\uff1a{path}",
    "other_added": "新增文件\uff1a{path}",
    "other_removed": "删除文件\uff1a{path}",
    "other_changed": "修改文件\uff1a{path}",
    "total": "{title}\uff08按各评委评分的平均计算\uff09\uff1a{before} \u2192 {after}\uff1b{verdict}",
    "total_new": "{title}\uff08按各评委评分的平均计算\uff09\uff1a{after}\uff1b{verdict}",
    "reached": "达到评比表彰的 {threshold} 分线",
    "not_reached": "未达到评比表彰的 {threshold} 分线",
    "no_total": "无法计算",
    "broken_before": "修改前的文件无法读取\uff08{code}\uff09\u3002",
    "broken_after": "修改后的文件无法读取\uff08{code}\uff09\uff0c请先按检查结果修改\u3002",
    "format_only": "只改动了写法\uff0c内容没有变化\u3002",
    "truncated": "\u2026\u2026其余 {count} 个文件的改动见拉取请求的文件列表\u3002",
    "unchanged": "没有改动\u3002",
}
# The fields that hold a roster id: a general branch's and a branch's (shown with its name).
ROSTER_FIELDS = ("general_branch", "branch")
# A row of a list of records is named by this field of it (an expense by its item, a reviewer's
# scores by the reviewer).
ROW_NAMES = ("item", "reviewer")
# How many lines each side of a section the line comparison takes on (above: all removed, then
# all added; a section is far shorter).
MAX_DIFF_LINES = 500
# What a written total may look like to be shown (the schema's own forms of it).
WRITTEN_TOTAL = re.compile(r"(?:0|[1-9][0-9]{0,2})(?:\.[0-9]{1,2})?")
# An inline link or image in a body, `![alt](address` (core/media.py's own pattern; group 1 is
# the `!` of an image, group 3 the address).
IMAGE = media._INLINE
# The loader's front-matter expression without DOTALL (which the browser's translation lacks):
# `.` there matches any character, as `(?:.|\n)` does everywhere.
FRONT_MATTER = re.compile(loader.FRONT_MATTER_RE.pattern.replace("(.*?", "((?:.|\n)*?", 1))
SPACE = re.compile("[" + jsregex.SPACE + "]")

Kind = Literal["new", "deleted", "changed", "media", "other"]
Status = Literal["added", "removed", "changed"]
Side = Literal["before", "after"]


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One leaf value that differs: its key path, its Chinese title (`验收评审·评分·第 1 条（王
    老师）·完整性`) and both sides as a person reads them (None: absent)."""

    path: list[str | int]
    title: str
    before: str | None
    after: str | None


@dataclass(frozen=True, slots=True)
class Line:
    """A line of a changed section. A line replaced by one other line marks the phrase that
    changed: `start`..`end` (code points) of `text`, between the parts the two lines share."""

    op: Literal["added", "removed", "gap"]
    text: str
    start: int | None = None
    end: int | None = None

    def shown(self) -> str:
        if self.op == "gap":
            return self.text
        text = self.text
        if self.start is not None:
            phrase = fill(WORDS["phrase"], text=text[self.start : self.end])
            text = text[: self.start] + phrase + text[self.end :]
        return fill(WORDS["line_" + self.op], text=text)


@dataclass(frozen=True, slots=True)
class SectionChange:
    heading: str
    status: Status
    lines: list[Line]


@dataclass(frozen=True, slots=True)
class MediaChange:
    """A photo or outcome file, by its repository path (the page shows an image's thumbnail)."""

    path: str
    status: Status
    image: bool


@dataclass(frozen=True, slots=True)
class Total:
    title: str
    before: str | None
    after: str | None
    threshold: int
    reached: bool


@dataclass(frozen=True, slots=True)
class Problem:
    side: Side
    code: str


@dataclass(frozen=True, slots=True)
class Receipt:
    path: str
    kind: Kind
    status: Status
    old_path: str | None = None
    title: str | None = None
    stage_before: str | None = None
    stage_after: str | None = None
    fields: list[FieldChange] = field(default_factory=list)
    sections: list[SectionChange] = field(default_factory=list)
    images: list[MediaChange] = field(default_factory=list)
    media: list[MediaChange] = field(default_factory=list)
    total: Total | None = None
    problems: list[Problem] = field(default_factory=list)
    format_only: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The structure as JSON-ready data (the browser's `receipt` returns the same)."""
        return asdict(self)


def spec(programme: Programme) -> dict[str, Any]:
    """What the browser needs beside the rule pack (rules/pack.py browser_spec embeds it)."""
    return {
        "words": WORDS,
        "row_names": list(ROW_NAMES),
        "roster_fields": list(ROSTER_FIELDS),
        "max_diff_lines": MAX_DIFF_LINES,
        "plan_fields": list(process.PLAN_FIELDS),
        "projects_dir": PROJECTS_DIR,
        "image_extensions": sorted(media.IMAGE_FORMATS),
        "patterns": {
            "front_matter": jsregex.export(FRONT_MATTER),
            "written_total": jsregex.export(WRITTEN_TOTAL),
            "image": jsregex.export(IMAGE),
            "project_path": jsregex.export(PATH_RE),
            "key": jsregex.export(re.compile(r"[a-z_][a-z0-9_]*")),
            "unsafe_decoded": _ascii(jsregex.export(loader._BAD_DECODED)),
        },
        "max_depth": loader.MAX_DEPTH,
        "codes": {
            "too_large": pf.TOO_LARGE.code,
            "bad_char": pf.BAD_CHAR.code,
            "no_front_matter": pf.NO_FRONT_MATTER.code,
            "unclosed": pf.UNCLOSED.code,
            "empty": pf.EMPTY.code,
            "not_mapping": pf.NOT_MAPPING.code,
            "syntax": pf.SYNTAX.code,
            "anchor": pf.ANCHOR.code,
            "duplicate_key": pf.DUPLICATE_KEY.code,
            "key_not_string": pf.KEY_NOT_STRING.code,
            "tag": pf.TAG.code,
            "too_deep": pf.TOO_DEEP.code,
            "key_form": pf.KEY_FORM.code,
        },
    }


def _ascii(exported: dict[str, str]) -> dict[str, str]:
    """A pattern's source with every character outside printable ASCII as `\\u{...}` (a lone
    surrogate cannot be written into a page's JSON)."""
    source = "".join(c if " " <= c <= "~" else f"\\u{{{ord(c):x}}}" for c in exported["source"])
    return {**exported, "source": source}


# ----------------------------------------------------------------------------- reading


def _load(text: str) -> tuple[dict[str, Any], str] | str:
    """(front matter, body), or the code of the loader's refusal."""
    if len(text.encode("utf-8", "surrogatepass")) > loader.MAX_BYTES:
        return pf.TOO_LARGE.code
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if loader.BAD_CHARS.search(text):
        return pf.BAD_CHAR.code
    try:
        doc = loader.load_text(text)
    except loader.LoadError as exc:
        return exc.code
    except Exception:  # a receipt never fails: the check reports the detail
        return pf.SYNTAX.code
    return doc.data, doc.body


# ----------------------------------------------------------------------------- values


class _Reader:
    def __init__(self, programme: Programme) -> None:
        self.schema = programme.schema
        self.criteria = programme.schema.criteria
        self.threshold = programme.settings.award_threshold
        self._labels: dict[tuple[str | int, ...], dict[str, str]] = {}
        # The roster's names of the ids a project names (its public part, as the pages show it).
        roster = programme.roster
        self.names: dict[str, dict[str, str]] = {
            ROSTER_FIELDS[0]: {gb.id: gb.name for gb in roster.general_branches.values()},
            ROSTER_FIELDS[1]: {
                b: roster.branches[b].name
                for gb in roster.general_branches.values()
                for b in gb.branches
            },
        }

    def labels(self, path: list[str | int]) -> dict[str, str]:
        """The value labels of the field at `path` (rows alike: looked up once per field)."""
        key = tuple(0 if isinstance(p, int) else p for p in path)
        found = self._labels.get(key)
        if found is None:
            found = self._labels[key] = self.schema.labels(key)
        return found

    def shown(self, path: list[str | int], value: Any) -> str:
        """A scalar or a list of scalars as a person reads it."""
        if value is None:
            return WORDS["none"]
        if value is True:
            return WORDS["yes"]
        if value is False:
            return WORDS["no"]
        if isinstance(value, str):
            if not value:
                return WORDS["empty"]
            if len(path) == 1 and value in self.names.get(str(path[0]), {}):
                return fill(WORDS["named"], name=self.names[str(path[0])][value], id=value)
            return self.labels(path).get(value, value)
        if isinstance(value, dict):
            return WORDS["empty"]
        if isinstance(value, list):
            if not value:
                return WORDS["empty"]
            return "\u3001".join(self.shown([*path, 0], v) for v in value)
        return str(value)

    def title(self, path: list[str | int], rows: list[Any]) -> str:
        """`验收评审·评分·第 1 条（王老师）·完整性`: each key's title, each row by its name."""
        parts: list[str] = []
        for i, part in enumerate(path):
            if isinstance(part, int):
                name = _row_name(rows[i])
                n = str(part + 1)
                parts.append(
                    fill(WORDS["row_named"], n=n, name=name) if name else fill(WORDS["row"], n=n)
                )
            else:
                parts.append(self.schema.title(tuple(path[: i + 1])) or part)
        return "\u00b7".join(parts)


def _stage(reader: _Reader, data: dict[str, Any] | None) -> str | None:
    """The stage a side names, by its Chinese label (a value naming none as it reads)."""
    if data is None or "stage" not in data:
        return None
    value = data["stage"]
    stage = process.Stage.parse(value)
    return stage.label if stage else reader.shown(["stage"], value)


def _row_name(row: Any) -> str | None:
    if isinstance(row, dict):
        for key in ROW_NAMES:
            name = row.get(key)
            if isinstance(name, str) and name:
                return name
    return None


def _leaf(value: Any) -> bool:
    """A value shown on one line: a scalar, a list of scalars, an empty record."""
    if isinstance(value, dict):
        return not value
    if isinstance(value, list):
        return all(not isinstance(v, (dict, list)) for v in value)
    return True


def _children(value: Any) -> list[tuple[str | int, Any]]:
    return list(value.items()) if isinstance(value, dict) else list(enumerate(value))


def _diff_values(
    reader: _Reader,
    path: list[str | int],
    rows: list[Any],
    before: Any,
    after: Any,
    has_before: bool,
    has_after: bool,
    out: list[FieldChange],
) -> None:
    """Every leaf under `path` whose shown value differs (a row of a list matched by its
    place; a value that changed from one line to a record, or back, shown on both forms)."""
    if (not has_before or _leaf(before)) and (not has_after or _leaf(after)):
        b = reader.shown(path, before) if has_before else None
        a = reader.shown(path, after) if has_after else None
        if b != a:
            out.append(FieldChange(list(path), reader.title(path, rows), b, a))
        return
    if has_before and _leaf(before):
        out.append(
            FieldChange(list(path), reader.title(path, rows), reader.shown(path, before), None)
        )
        has_before = False
    if has_after and _leaf(after):
        out.append(
            FieldChange(list(path), reader.title(path, rows), None, reader.shown(path, after))
        )
        has_after = False
    _diff_children(reader, path, rows, before, after, has_before, has_after, out)


def _diff_children(
    reader: _Reader,
    path: list[str | int],
    rows: list[Any],
    before: Any,
    after: Any,
    has_before: bool,
    has_after: bool,
    out: list[FieldChange],
) -> None:
    b_items = _children(before) if has_before else []
    a_items = _children(after) if has_after else []
    b_map, a_map = dict(b_items), dict(a_items)
    keys = [k for k, _ in a_items] + [k for k, _ in b_items if k not in a_map]
    for key in keys:
        row = a_map[key] if key in a_map else b_map[key]
        _diff_values(
            reader,
            [*path, key],
            [*rows, row],
            b_map.get(key),
            a_map.get(key),
            key in b_map,
            key in a_map,
            out,
        )


def _field_changes(
    reader: _Reader, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> list[FieldChange]:
    out: list[FieldChange] = []
    bd = {k: v for k, v in (before or {}).items() if k != "stage"}
    ad = {k: v for k, v in (after or {}).items() if k != "stage"}
    if before is None:  # a new file: the plan's fields first, in the programme's order
        ad = {
            **{k: ad[k] for k in process.PLAN_FIELDS if k in ad},
            **{k: v for k, v in ad.items() if k not in process.PLAN_FIELDS},
        }
    _diff_children(reader, [], [], bd, ad, True, True, out)
    return out


# ----------------------------------------------------------------------------- the body


def _strip(line: str) -> str:
    return line.strip()


def _sections(body: str) -> list[tuple[str, list[str]]]:
    """The body's parts in order: the text before the first second-level heading (`preamble`),
    then each section (as core/markdown.py reads headings); a repeated heading numbered."""
    parts: list[tuple[str, list[str]]] = [(WORDS["preamble"], [])]
    seen: dict[str, int] = {}
    for _, line, heading in markdown.scan(body):
        if heading is None:
            if _strip(line):
                parts[-1][1].append(line)
            continue
        seen[heading] = seen.get(heading, 0) + 1
        name = (
            heading
            if seen[heading] == 1
            else fill(WORDS["repeated"], heading=heading, n=str(seen[heading]))
        )
        parts.append((name, []))
    return [p for i, p in enumerate(parts) if i > 0 or p[1]]


def _diff_lines(a: list[str], b: list[str]) -> list[Line]:
    """The lines removed and added between `a` and `b` (longest common subsequence; runs of
    unchanged lines between changes shown as one gap line)."""
    if len(a) > MAX_DIFF_LINES or len(b) > MAX_DIFF_LINES:
        ops = [("removed", x) for x in a] + [("added", x) for x in b]
    else:
        n, m = len(a), len(b)
        table = [[0] * (m + 1) for _ in range(n + 1)]
        for i in range(n - 1, -1, -1):
            row, below = table[i], table[i + 1]
            for j in range(m - 1, -1, -1):
                row[j] = below[j + 1] + 1 if a[i] == b[j] else max(below[j], row[j + 1])
        ops = []
        i = j = 0
        while i < n or j < m:
            if i < n and j < m and a[i] == b[j]:
                ops.append(("same", a[i]))
                i += 1
                j += 1
            elif j >= m or (i < n and table[i + 1][j] >= table[i][j + 1]):
                ops.append(("removed", a[i]))
                i += 1
            else:
                ops.append(("added", b[j]))
                j += 1
    out: list[Line] = []
    pending_gap = False
    for op, text_ in ops:
        if op == "same":
            pending_gap = bool(out)
            continue
        if pending_gap:
            out.append(Line("gap", WORDS["gap"]))
            pending_gap = False
        out.append(Line(op, text_))  # type: ignore[arg-type]
    return _phrases(out)


def _phrases(lines: list[Line]) -> list[Line]:
    """Each line replaced by exactly one line (one removed right before one added) with the
    changed phrase marked on either side that has one."""
    out = list(lines)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if not (a.op == "removed" and b.op == "added"):
            continue
        if (i > 0 and out[i - 1].op == "removed") or (
            i + 2 < len(out) and out[i + 2].op == "added"
        ):
            continue
        n = min(len(a.text), len(b.text))
        head = 0
        while head < n and a.text[head] == b.text[head]:
            head += 1
        tail = 0
        while tail < n - head and a.text[-1 - tail] == b.text[-1 - tail]:
            tail += 1
        if not head + tail:
            continue  # nothing in common: two different lines
        for j, line in ((i, a), (i + 1, b)):
            end = len(line.text) - tail
            if end > head:
                out[j] = Line(line.op, line.text, head, end)
    return out


def _section_changes(before: str | None, after: str | None) -> list[SectionChange]:
    b = dict(_sections(before)) if before is not None else {}
    a_parts = _sections(after) if after is not None else []
    a = dict(a_parts)
    out: list[SectionChange] = []
    for heading, lines_ in a_parts:
        if heading not in b:
            out.append(SectionChange(heading, "added", [Line("added", x) for x in lines_]))
        elif b[heading] != lines_:
            out.append(SectionChange(heading, "changed", _diff_lines(b[heading], lines_)))
    for heading, lines_ in _sections(before) if before is not None else []:
        if heading not in a:
            out.append(SectionChange(heading, "removed", [Line("removed", x) for x in lines_]))
    return out


def _images(body: str | None, path: str) -> list[str]:
    """The repository paths of the body's inline images (an address inside the project's own
    folder, `<slug>/<file>`, from the project file's folder; any other as written)."""
    if body is None:
        return []
    folder = path.rsplit("/", 1)[0] + "/"
    slug = path.rsplit("/", 1)[-1].removesuffix(".md")
    found: list[str] = []
    for match in IMAGE.finditer(body):
        url = match.group(3)
        if not match.group(1):
            continue
        shown = folder + url if url.startswith(slug + "/") else url
        if url and shown not in found:
            found.append(shown)
    return found


def _is_image(path: str) -> bool:
    return media.extension(path) in media.IMAGE_FORMATS


# ----------------------------------------------------------------------------- the total


def _number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _total(reader: _Reader, data: dict[str, Any] | None) -> str | None:
    """The acceptance total as `validate` computes it (core/figures.py total_of), or None when
    there is none or the scores are not numbers."""
    acceptance = (data or {}).get("acceptance")
    if not isinstance(acceptance, dict):
        return None
    scores = acceptance.get("scores")
    rows_ok = isinstance(scores, list) and all(
        isinstance(s, dict) and all(_number(s.get(c, 0)) for c in reader.criteria) for s in scores
    )
    if scores is not None and not rows_ok:
        return None
    written = acceptance.get("total")
    written_ok = _number(written) or (
        isinstance(written, str) and WRITTEN_TOTAL.fullmatch(written) is not None
    )
    if not scores and written is not None and not written_ok:
        return None
    both = {"acceptance": {"scores": scores or [], "total": written}}
    total = figures.total_of(both, reader.criteria)
    return None if total is None else str(total)


def _total_change(
    reader: _Reader, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> Total | None:
    def part(data: dict[str, Any] | None) -> Any:
        acceptance = (data or {}).get("acceptance")
        if not isinstance(acceptance, dict):
            return (None, None)
        return (acceptance.get("scores"), acceptance.get("total"))

    if _shape(part(before)) == _shape(part(after)):
        return None
    if after is None or not isinstance(after.get("acceptance"), dict):
        return None
    b = _total(reader, before) if before is not None else None
    a = _total(reader, after)
    reached = a is not None and figures.to_decimal(a) >= reader.threshold  # type: ignore[operator]
    return Total(reader.schema.title(("acceptance", "total")), b, a, reader.threshold, reached)


def _shape(value: Any) -> Any:
    """The types of a value, so that `1` and `true` (equal in Python) are told apart."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_shape(v) for v in value]
    return (type(value).__name__, value)


# ----------------------------------------------------------------------------- the receipt


def receipt(
    programme: Programme,
    path: str,
    before: str | None,
    after: str | None,
    old_path: str | None = None,
) -> Receipt:
    """The receipt of one changed path (None: the side does not exist; `old_path`: where a
    renamed file came from)."""
    status: Status = "added" if before is None else "removed" if after is None else "changed"
    if not in_projects(path):
        return Receipt(path, "other", status, old_path)
    if is_media_path(path):
        item = MediaChange(path, status, _is_image(path))
        return Receipt(path, "media", status, old_path, media=[item])
    if not PATH_RE.fullmatch(path):
        return Receipt(path, "other", status, old_path)
    try:
        return _project_receipt(_Reader(programme), path, before, after, old_path, status)
    except Exception:  # never a traceback: say the file could not be read
        return Receipt(
            path, "changed", status, old_path, problems=[Problem("after", pf.SYNTAX.code)]
        )


def _project_receipt(
    reader: _Reader,
    path: str,
    before_text: str | None,
    after_text: str | None,
    old_path: str | None,
    status: Status,
) -> Receipt:
    problems: list[Problem] = []
    before = after = None
    if before_text is not None:
        loaded = _load(before_text)
        if isinstance(loaded, str):
            problems.append(Problem("before", loaded))
        else:
            before = loaded
    if after_text is not None:
        loaded = _load(after_text)
        if isinstance(loaded, str):
            problems.append(Problem("after", loaded))
        else:
            after = loaded
    kind: Kind = "new" if before_text is None else "deleted" if after_text is None else "changed"
    b_data, b_body = before if before else (None, None)
    a_data, a_body = after if after else (None, None)
    shown = a_data if a_data is not None else b_data
    title = shown.get("title") if shown else None
    title = title if isinstance(title, str) else None
    stage_b = _stage(reader, b_data)
    stage_a = _stage(reader, a_data)
    if kind == "deleted" or problems:
        return Receipt(path, kind, status, old_path, title, stage_b, stage_a, problems=problems)
    fields = _field_changes(reader, b_data, a_data)
    sections = _section_changes(b_body, a_body)
    before_images = _images(b_body, old_path or path) if kind == "changed" else []
    after_images = _images(a_body, path)
    images = [MediaChange(p, "added", _is_image(p)) for p in after_images if p not in before_images]
    images += [
        MediaChange(p, "removed", _is_image(p)) for p in before_images if p not in after_images
    ]
    total = _total_change(reader, b_data, a_data)
    if kind == "changed" and _shape(b_data.get("stage")) == _shape(a_data.get("stage")):  # type: ignore[union-attr]
        stage_b = stage_a = None
    format_only = (
        kind == "changed"
        and before_text != after_text
        and not (fields or sections or images or total or stage_a or old_path)
    )
    return Receipt(
        path,
        kind,
        status,
        old_path,
        title,
        stage_b,
        stage_a,
        fields,
        sections,
        images,
        [],
        total,
        [],
        format_only,
    )


# ----------------------------------------------------------------------------- as text


def _value_lines(prefix: str, value: str, indent: str) -> list[str]:
    rows = value.split("\n")
    return [prefix + rows[0], *(indent + r for r in rows[1:])]


def text(r: Receipt) -> str:
    """The receipt as plain Chinese lines, each ending in a newline (the browser's `receiptText`
    gives the same characters)."""
    w = WORDS
    out = [fill(w["file"], path=r.path)]
    if r.old_path:
        out.append(fill(w["renamed"], old=r.old_path, new=r.path))
    if r.kind == "other":
        out.append(fill(w["other_" + r.status], path=r.path))
        return "\n".join(out) + "\n"
    if r.kind == "media":
        for m in r.media:
            out.append(fill(w["media_" + m.status], path=m.path))
        return "\n".join(out) + "\n"
    if r.title is not None:
        out.append(fill(w["new"] if r.kind == "new" else w["project"], title=r.title))
    for p in r.problems:
        out.append(fill(w["broken_" + p.side], code=p.code))
    if r.kind == "deleted":
        out.append(fill(w["deleted"], stage=r.stage_before or w["none"]))
        return "\n".join(out) + "\n"
    if r.problems:
        return "\n".join(out) + "\n"
    if r.stage_after is not None or r.stage_before is not None:
        if r.kind == "new":
            out.append(fill(w["stage_new"], after=r.stage_after or w["none"]))
        else:
            out.append(
                fill(
                    w["stage"], before=r.stage_before or w["none"], after=r.stage_after or w["none"]
                )
            )
    if r.fields:
        out.append(w["fields_new"] if r.kind == "new" else w["fields"])
        for f in r.fields:
            if r.kind == "new":
                out += _value_lines(
                    "  " + fill(w["field_value"], title=f.title, value=""),
                    f.after or w["none"],
                    "    ",
                )
            else:
                out.append("  " + fill(w["field"], title=f.title))
                out += _value_lines(
                    "    " + fill(w["before"], value=""), f.before or w["none"], "      "
                )
                out += _value_lines(
                    "    " + fill(w["after"], value=""), f.after or w["none"], "      "
                )
    if r.sections:
        out.append(w["sections_new"] if r.kind == "new" else w["sections"])
        for s in r.sections:
            out.append("  " + fill(w["section_" + s.status], heading=s.heading))
            for line in s.lines:
                out.append("    " + line.shown())
    if r.images:
        out.append(w["images"])
        for m in r.images:
            out.append("  " + fill(w["image_" + m.status], path=m.path))
    if r.total is not None:
        t = r.total
        verdict = fill(w["reached" if t.reached else "not_reached"], threshold=str(t.threshold))
        if t.before is None and r.kind == "new":
            out.append(
                fill(w["total_new"], title=t.title, after=t.after or w["no_total"], verdict=verdict)
            )
        else:
            out.append(
                fill(
                    w["total"],
                    title=t.title,
                    before=t.before or w["none"],
                    after=t.after or w["no_total"],
                    verdict=verdict,
                )
            )
    if r.format_only:
        out.append(w["format_only"])
    return "\n".join(out) + "\n"


def texts(receipts: list[Receipt], limit: int | None = None) -> str:
    """Several receipts, one blank line between them; past `limit` characters the rest are
    counted, not shown (a job summary holds at most 1 MiB)."""
    shown: list[str] = []
    size = 0
    for i, r in enumerate(receipts):
        one = text(r)
        if limit is not None and shown and size + len(one) > limit:
            shown.append(fill(WORDS["truncated"], count=str(len(receipts) - i)) + "\n")
            break
        shown.append(one)
        size += len(one) + 1
    return "\n".join(shown)


def of_change(programme: Programme, change: FileChange) -> Receipt:
    """The receipt of one changed path of a pull request, from its bytes (a project file that is
    not UTF-8 is a problem, PF102; a media file's bytes are not read)."""
    moved = change.old_path and change.new_path and change.old_path != change.new_path
    old_path = change.old_path if moved else None
    path = change.path
    sides: list[str | None] = []
    problems: list[Problem] = []
    project = PATH_RE.fullmatch(path) is not None
    for side, raw in (("before", change.old), ("after", change.new)):
        if raw is None:
            sides.append(None)
        elif not project:
            sides.append("")
        else:
            try:
                sides.append(raw.decode("utf-8"))
            except UnicodeDecodeError:
                problems.append(Problem(side, pf.NOT_UTF8.code))  # type: ignore[arg-type]
                sides.append("")
    r = receipt(programme, path, sides[0], sides[1], old_path)
    if problems:
        kept = [p for p in r.problems if p.side not in {q.side for q in problems}]
        return Receipt(
            path,
            r.kind,
            r.status,
            old_path,
            problems=sorted([*problems, *kept], key=lambda p: p.side != "before"),
        )
    return r
