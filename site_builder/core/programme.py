"""The programme's fixed context: the project schema (field names and Chinese titles), the roster
and the settings. Loaded once and handed to every check, page builder, form and report."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from site_builder.core import fastcheck, process, schemacache, workdays
from site_builder.core.errors import SiteBuilderError
from site_builder.core.fastcheck import FastValidator
from site_builder.core.loader import LoadError, load_data_file

# Every file is read from the repository being checked (a working tree, or a git revision for the
# pull-request check), never from the tool's own checkout or the working directory.
SCHEMA_FILE = "schema/project.schema.json"
ROSTER_SCHEMA_FILE = "schema/roster.schema.json"
SETTINGS_SCHEMA_FILE = "schema/programme.schema.json"
ROSTER_FILE = "data/roster.yml"
SETTINGS_FILE = "data/programme.yml"

FieldPath = tuple[str | int, ...]
# One reviewer's scores: the criteria are its fields (`criterion_path = (*SCORE, key)`).
SCORE: FieldPath = ("acceptance", "scores", 0)
# `read(path relative to the repository root)`: the bytes, or None (or OSError) when absent.
Reader = Callable[[str], bytes | None]


class ConfigError(SiteBuilderError):
    """A schema, the roster or the settings file is unusable; the message is Chinese and names
    the file."""

    code = "SB201"


def tree_reader(root: Path) -> Reader:
    return lambda rel: (root / rel).read_bytes()


def _read(read: Reader, rel: str) -> bytes | None:
    try:
        return read(rel)
    except OSError:
        return None


def _read_schema(read: Reader, rel: str) -> bytes:
    raw = _read(read, rel)
    if raw is None:
        raise ConfigError(f"{rel}: 找不到数据格式定义文件。请从仓库恢复该文件。")
    return raw


_FIX = "请改正该处\uff0c或从仓库恢复该文件。"


def _decode_schema(raw: bytes, rel: str) -> dict[str, Any]:
    """The schema in `raw` as an object; ConfigError names `rel`."""
    fix = _FIX
    try:
        schema = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{rel}:{exc.lineno}:{exc.colno}: 不是有效的 JSON。{fix}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{rel}: 不是 UTF-8 编码的文本。请从仓库恢复该文件。") from None
    if not isinstance(schema, dict):
        raise ConfigError(f"{rel}: 应为 JSON 对象\uff08{{…}}\uff09。请从仓库恢复该文件。")
    return schema


def _check_schema(schema: dict[str, Any], rel: str) -> None:
    """`schema` against its metaschema; ConfigError names `rel`."""
    import jsonschema  # not needed when the schema cache already vouches for these bytes

    try:
        jsonschema.validators.validator_for(schema).check_schema(schema)
    except jsonschema.SchemaError as exc:
        where = "/".join(map(str, exc.absolute_path)) or "\uff08顶层\uff09"
        raise ConfigError(
            f"{rel}: 不是有效的数据格式定义\uff08JSON Schema\uff09\uff0c出错位置\uff1a{where}。{_FIX}"
        ) from None


def _full_validator(schema: dict[str, Any], formats: bool) -> Any:
    """jsonschema's validator: the project schema's by its `$schema` with the date format; the
    configuration schemas' as draft 2020-12 without formats."""
    import jsonschema

    if formats:
        cls = jsonschema.validators.validator_for(schema)
        return cls(schema, format_checker=jsonschema.FormatChecker(["date"]))
    return jsonschema.Draft202012Validator(schema)


def checked_validator(raw: bytes, rel: str, schema: dict[str, Any], formats: bool) -> FastValidator:
    """The validator of `schema` (decoded from `raw`). An entry in the schema cache
    (core/schemacache.py) exists only for bytes that passed `check_schema`, so with one the
    metaschema check and the compiled check's generation are skipped; any doubt about an entry
    (corrupt, foreign, not loadable) and both are done again and the entry rewritten."""
    name = schemacache.key(raw, b"formats" if formats else b"")
    accept: Any = None
    body = schemacache.read(name)
    generated = fastcheck.Generated.loads(body) if body is not None else None
    if generated is not None:
        try:
            accept = fastcheck.load(generated, formats)
        except Exception:  # an entry that does not run is not trusted: build it again
            generated = None
    if generated is None:
        _check_schema(schema, rel)
        generated = fastcheck.generate(schema, formats)
        accept = fastcheck.load(generated, formats)
        schemacache.write(name, generated.dumps())
    return FastValidator.prepared(lambda: _full_validator(schema, formats), accept)


class SchemaInfo:
    """The project schema and every answer read from it: fields, Chinese titles and
    descriptions, value labels, which fields are required in which stages, the criteria."""

    def __init__(self, schema: dict[str, Any], validator: FastValidator | None = None) -> None:
        self.schema = schema
        if validator is None:  # `schema` not yet checked against its metaschema
            _check_schema(schema, SCHEMA_FILE)
            # Built once: a prebuilt validator is ~100x faster than jsonschema.validate per file.
            validator = FastValidator(_full_validator(schema, True), schema)
        self.validator = validator

    @classmethod
    def load(cls, root: Path) -> SchemaInfo:
        """The project schema of the repository at `root`."""
        return load_schema(tree_reader(root))

    def _resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        ref = node.get("$ref")
        if ref and ref.startswith("#/$defs/"):
            return {**self.schema["$defs"][ref.removeprefix("#/$defs/")], **node}
        return node

    def node(self, path: FieldPath) -> dict[str, Any] | None:
        """The schema node describing the value at `path` (list indexes are skipped over)."""
        node = self.schema
        for part in path:
            node = self._resolve(node)
            if isinstance(part, int):
                node = node.get("items")
            else:
                node = node.get("properties", {}).get(part)
            if node is None:
                return None
        return self._resolve(node)

    def key_for_title(self, text: str, parent: FieldPath = ()) -> str | None:
        """The English key of the field under `parent` whose Chinese title is `text`, or None.
        Bracketed parts such as "(元)", spaces and colons are ignored: someone who wrote
        `资助经费: 1000` under `approval` is told to write `grant`."""
        node = self.node(parent)
        want = _bare_title(text)
        if node is None or not want:
            return None
        for key, sub in node.get("properties", {}).items():
            if _bare_title(self._resolve(sub).get("title", "")) == want:
                return key
        return None

    def chinese_key_hint(self, parent: FieldPath, key: str) -> str | None:
        """For a field's Chinese name written as its key, the Chinese message that names the
        English key; None otherwise. Used by the loader's key rule and the schema's unknown-field
        message alike."""
        english = self.key_for_title(str(key), parent)
        if english is None:
            return None
        title = self.title((*parent, english))
        where = f"{self.describe(parent)} 中" if parent else ""
        return (
            f"{where}字段名要用英文 `{english}`\uff08{title}\uff09\uff0c"
            "不能写中文名称\u3002"
            f"请把这一行开头的\u201c{key}\u201d改为\u201c{english}\u201d"
            "\uff0c冒号和后面的内容不变\u3002"
        )

    # Every question about the schema is answered here: pages, forms, messages and the online
    # forms ask these, never the schema's dictionaries themselves.

    def fields(self, parent: FieldPath = ()) -> list[str]:
        """The keys of the fields under `parent` (the top level by default), in the schema's
        order."""
        node = self.node(parent) or {}
        return list(node.get("properties", {}))

    def title(self, path: FieldPath) -> str:
        """The Chinese title of the field at `path` ("" when the schema gives none)."""
        node = self.node(path)
        return node.get("title", "") if node else ""

    def description(self, path: FieldPath) -> str:
        """What the schema says the field at `path` holds ("" when it says nothing)."""
        node = self.node(path)
        return node.get("description", "") if node else ""

    def describe(self, path: FieldPath) -> str:
        """`approval.grant（立项评审·资助经费（元））`: key path with the Chinese titles."""
        if not path:
            return "前置信息"
        keys = ""
        for part in path:
            keys += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if keys else part)
        titles = [self.title(path[: i + 1]) for i in range(len(path)) if isinstance(path[i], str)]
        return f"{keys}\uff08{'·'.join(t for t in titles if t)}\uff09"

    def is_date(self, path: FieldPath) -> bool:
        """Whether the field at `path` is a date (`YYYY-MM-DD`)."""
        node = self.node(path)
        return bool(node) and node.get("format") == "date"

    def labels(self, key: str | FieldPath) -> dict[str, str]:
        """The Chinese labels of an enumerated field's values (`x-labels`), in the schema's
        order: `key` a top-level field or the path of a nested one."""
        node = self.node((key,) if isinstance(key, str) else key) or {}
        return node.get("x-labels", {})

    def label(self, key: str | FieldPath, value: str) -> str:
        """The Chinese label of `value` of the field `key`; the value itself when it has none."""
        return self.labels(key).get(value, value)

    @cached_property
    def always_required(self) -> tuple[str, ...]:
        """The top-level fields every project must hold, whatever its stage."""
        return tuple(self.schema.get("required", []))

    def required_in(self, key: str) -> tuple[process.Stage, ...]:
        """The stages in which a project must hold the top-level field `key`: every stage when
        the schema always requires it; else those whose `Stage.requires` name it (the programme
        definition, from which the schema's stage-dependent part is generated), requirement by
        requirement in the programme's order; () when the field is optional."""
        if key in self.always_required:
            return self.stages
        found: list[process.Stage] = []
        seen: list[process.Requirement] = []
        for stage in self.stages:
            for req in stage.requires:
                if req.field != key or req in seen:
                    continue
                seen.append(req)
                found += [s for s in self.stages if req in s.requires and s not in found]
        return tuple(found)

    # Stages are the programme definition's (core/process.py), which writes them into the schema.
    stage_label = staticmethod(process.stage_label)
    stages = process.STAGES
    public_stages = process.PUBLIC_STAGES

    @cached_property
    def categories(self) -> dict[str, str]:
        return self.labels("category")

    @cached_property
    def criteria(self) -> list[str]:
        """The acceptance criteria's keys, in the schema's order (each reviewer scores each)."""
        return [k for k in self.fields(SCORE) if k != "reviewer"]


_TITLE_NOISE = re.compile("[(\uff08][^)\uff09]*[)\uff09]|[\\s:\uff1a]")


def _bare_title(text: str) -> str:
    return _TITLE_NOISE.sub("", text)


@dataclass(frozen=True)
class Branch:
    id: str
    name: str
    general_branch: str
    maintainers: tuple[str, ...]


@dataclass(frozen=True)
class GeneralBranch:
    id: str
    name: str
    heads: tuple[str, ...]
    branches: tuple[str, ...]

    @property
    def default_unit(self) -> str:
        """The unit its branches' projects belong to: the name without 党总支."""
        unit = self.name.removesuffix("党总支").strip()
        return unit if len(unit) >= 2 else self.name


@dataclass(frozen=True)
class PanelMember:
    name: str
    login: str
    role: str
    duty: str = ""


@dataclass(frozen=True)
class Roster:
    maintainers: tuple[str, ...]
    panel: tuple[PanelMember, ...]
    general_branches: dict[str, GeneralBranch]
    branches: dict[str, Branch]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Roster:
        general: dict[str, GeneralBranch] = {}
        branches: dict[str, Branch] = {}
        for gb in data["general_branches"]:
            for br in gb["branches"]:
                branches[br["id"]] = Branch(
                    br["id"], br["name"], gb["id"], tuple(br["maintainers"])
                )
            general[gb["id"]] = GeneralBranch(
                gb["id"], gb["name"], tuple(gb["heads"]), tuple(b["id"] for b in gb["branches"])
            )
        panel = tuple(PanelMember(**p) for p in data["panel"])
        return cls(tuple(data["maintainers"]), panel, general, branches)

    @cached_property
    def panel_logins(self) -> frozenset[str]:
        return frozenset(p.login.lower() for p in self.panel)

    def is_panel(self, login: str) -> bool:
        return login.lower() in self.panel_logins

    def is_maintainer(self, login: str) -> bool:
        return login.lower() in {m.lower() for m in self.maintainers}

    def maintains(self, login: str, branch_id: str) -> bool:
        branch = self.branches.get(branch_id)
        return branch is not None and login.lower() in {m.lower() for m in branch.maintainers}

    def acts_for(self, login: str, branch_id: str) -> bool:
        """A branch's maintainers and its general branch's heads may act for the branch."""
        branch = self.branches.get(branch_id)
        if branch is None:
            return False
        people = {*branch.maintainers, *self.general_branches[branch.general_branch].heads}
        return login.lower() in {p.lower() for p in people}


@dataclass(frozen=True)
class Window:
    key: str
    title: str
    start: str  # MM-DD
    end: str
    offset: int

    def dates(self, year: int) -> tuple[str, str]:
        y = year + self.offset
        return f"{y}-{self.start}", f"{y}-{self.end}"


@dataclass(frozen=True)
class Closure:
    start: date
    end: date
    title: str


@dataclass(frozen=True)
class Settings:
    rubric: dict[str, int]
    award_threshold: int
    awards_per_year: int
    standard_grant: int
    calendar: dict[str, Window] = field(default_factory=dict)
    # The programme's time zone: every "today" and every date is judged there, not in UTC.
    timezone: str = workdays.DEFAULT_TIMEZONE
    # 公示: working days a nomination is shown before the award (0: no notice).
    notice_days: int = 5
    closures: tuple[Closure, ...] = ()
    notice_contact: str = ""

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Settings:
        calendar = {k: Window(k, **v) for k, v in data["calendar"].items()}
        timezone = data.get("timezone", workdays.DEFAULT_TIMEZONE)
        try:
            workdays.zone(timezone)
        except ValueError:
            raise ConfigError(
                f"{SETTINGS_FILE}: timezone\uff08时区\uff09\u201c{timezone}\u201d"
                "不是已知的时区名称\u3002"
                "请写 Asia/Shanghai 这样的名称\u3002"
            ) from None
        closures = []
        for item in data.get("closures", []):
            try:
                start = date.fromisoformat(item["start"])
                end = date.fromisoformat(item.get("end", item["start"]))
            except ValueError:
                raise ConfigError(
                    f"{SETTINGS_FILE}: closures\uff08学院休息日\uff09"
                    f"\u201c{item['title']}\u201d的日期不存在\u3002"
                    "请写成 YYYY-MM-DD\uff0c如 2027-07-15\u3002"
                ) from None
            if end < start:
                raise ConfigError(
                    f"{SETTINGS_FILE}: closures\uff08学院休息日\uff09"
                    f"\u201c{item['title']}\u201d的结束日期早于"
                    "开始日期\u3002"
                )
            closures.append(Closure(start, end, item["title"]))
        return cls(
            dict(data["rubric"]),
            data["award"]["threshold"],
            data["award"]["max_per_year"],
            data["standard_grant"],
            calendar,
            timezone,
            data.get("notice_days", 5),
            tuple(closures),
            data.get("notice_contact", ""),
        )

    @property
    def max_total(self) -> int:
        return sum(self.rubric.values())

    @cached_property
    def work_calendar(self) -> workdays.WorkCalendar:
        """Working days: the official calendar less the college's closures."""
        return workdays.WorkCalendar(workdays.closure_days((c.start, c.end) for c in self.closures))

    def today(self, now: datetime | None = None) -> date:
        """Today's date in the programme's time zone."""
        return workdays.today_in(self.timezone, now)


@dataclass(frozen=True)
class Programme:
    schema: SchemaInfo
    roster: Roster
    settings: Settings
    root: Path

    @classmethod
    def load(cls, root: Path) -> Programme:
        return cls.from_reader(tree_reader(root), root)

    @classmethod
    def from_reader(cls, read: Reader, root: Path) -> Programme:
        """Load the schema, roster and settings with `read` (a working tree, or a git revision)."""
        schema = load_schema(read)
        roster = Roster.from_data(_load_config(read, ROSTER_FILE, ROSTER_SCHEMA_FILE))
        settings = Settings.from_data(_load_config(read, SETTINGS_FILE, SETTINGS_SCHEMA_FILE))
        return cls(schema, roster, settings, root)


def load_schema(read: Reader) -> SchemaInfo:
    """The project schema read with `read`; compiled once per distinct content."""
    return _schema_info(_read_schema(read, SCHEMA_FILE))


# Keyed by the schema's bytes: validating thousands of files, building the site or checking a
# pull request reuses one compiled check (building the fast check costs far more than reading).
@lru_cache(maxsize=8)
def _schema_info(raw: bytes) -> SchemaInfo:
    schema = _decode_schema(raw, SCHEMA_FILE)
    return SchemaInfo(schema, checked_validator(raw, SCHEMA_FILE, schema, formats=True))


@lru_cache(maxsize=8)
def _config_validator(rel: str, raw: bytes) -> FastValidator:
    """The roster's or the settings' validator, built once per schema content (a large roster
    took longer to check with jsonschema than the compiled check takes to build)."""
    return checked_validator(raw, rel, _decode_schema(raw, rel), formats=False)


def _load_config(read: Reader, rel: str, schema_rel: str) -> dict[str, Any]:
    validator = _config_validator(schema_rel, _read_schema(read, schema_rel))
    raw = _read(read, rel)
    if raw is None:
        raise ConfigError(f"{rel}: 找不到配置文件。请从仓库恢复该文件。")
    try:
        data, positions = load_data_file(raw)
    except LoadError as exc:
        raise ConfigError(
            f"{rel}:{exc.pos[0]}:{exc.pos[1]}: {exc.rule.code} {exc.message}"
        ) from None
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    if errors:
        lines = []
        for err in errors[:10]:
            where = tuple(err.absolute_path)
            while where and where not in positions:
                where = where[:-1]
            line, col = positions.get(where, (1, 1))
            key = ".".join(str(p) for p in err.absolute_path) or "\uff08整个文件\uff09"
            lines.append(f"{rel}:{line}:{col}: 配置错误 {key}:{err.message}")
        raise ConfigError("\n".join(lines))
    return data
