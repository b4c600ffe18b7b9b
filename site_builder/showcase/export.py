"""The showcase written out as plain files (docs/ + mkdocs.yml without the plugin), for an engine
that runs no custom plugins. All or nothing: the output folder is swapped in whole."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

from site_builder.core.errors import SiteBuilderError
from site_builder.core.files import protected_dirs
from site_builder.showcase.csp import content_security_policy

MARKER = ".exported-showcase"
# Folders written by the command under its former name, `stage`; still replaced without asking.
OLD_MARKERS = (".staged-showcase",)
THEME_DIR = "overrides"  # mkdocs.yml's theme custom_dir


class ExportError(SiteBuilderError):
    """The output folder cannot be used; the message is Chinese."""

    code = "SB501"


def plain_config(text: str) -> str:
    """mkdocs.yml without the showcase plugin (text edit: the file holds Python tags), with the
    Content-Security-Policy the plugin would have set in `extra`."""
    text = re.sub(r"(?m)^\s*-\s*showcase\s*$\n?", "", text)
    line = f"  content_security_policy: {json.dumps(content_security_policy())}\n"
    if re.search(r"(?m)^extra:[ \t]*$", text):
        return re.sub(r"(?m)^extra:[ \t]*\n", lambda m: m.group() + line, text, count=1)
    return text.rstrip("\n") + "\n\nextra:\n" + line


def check_target(root: Path, out: Path) -> None:
    """Raise ExportError unless `out` may be (re)written."""
    ours = any((out / m).exists() for m in (MARKER, *OLD_MARKERS))
    if out.exists() and not ours and any(out.iterdir()):
        raise ExportError(f"{out} 已存在且不是本命令生成的。请换一个空文件夹。")
    protected = protected_dirs(root)
    if out == root or any(out == p or p in out.parents for p in protected):
        names = "、".join(p.name for p in protected)
        raise ExportError(f"输出文件夹不能是仓库本身\uff0c也不能在 {names} 中。")


def write_export(
    root: Path, out: Path, pages: dict[str, str], media: dict[str, Path] | None = None
) -> None:
    """Write the hand-written docs, the generated `pages` (and data files) and `media` (docs
    path → file), a plugin-free mkdocs.yml, the data folder and the theme overrides into `out`,
    replacing it only once everything is written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=".export-", dir=out.parent))
    try:
        shutil.copytree(root / "docs", temp / "docs", symlinks=False)
        # The theme overrides (mkdocs.yml's custom_dir): the feed's link, the search box and
        # what it indexes.
        if (root / THEME_DIR).is_dir():
            shutil.copytree(root / THEME_DIR, temp / THEME_DIR, symlinks=False)
        for rel, content in pages.items():
            target = temp / "docs" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content.encode("utf-8"))  # as built: the calendar keeps its CRLF
        for rel, source in (media or {}).items():
            target = temp / "docs" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        config = plain_config((root / "mkdocs.yml").read_text(encoding="utf-8"))
        (temp / "mkdocs.yml").write_text(config, encoding="utf-8")
        shutil.copytree(root / "data", temp / "data")
        (temp / MARKER).write_text("written by python -m site_builder export\n", encoding="utf-8")
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=".old-", dir=out.parent))
            out.rename(old / "x")
            temp.rename(out)
            shutil.rmtree(old)
        else:
            temp.rename(out)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
