"""Writing output files whole, and where panel output may never go.

Every command that writes (forms, reports, CODEOWNERS, new projects) goes through `write_atomic`:
a temporary file in the same folder, then one rename, so a reader sees the old file or the new one,
never a partial file."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write `data` to `path` whole. With `overwrite=False`, raise FileExistsError rather than
    replace an existing file, even one that appears meanwhile (a hard link cannot overwrite)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        if overwrite:
            os.replace(tmp, path)
            return
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: check, then rename
            if path.exists() or path.is_symlink():
                raise FileExistsError(path) from None
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


_DIR_SETTING = re.compile(r"^(docs_dir|site_dir)\s*:\s*['\"]?([^'\"#\s]+)", re.MULTILINE)


# What the site and the checks are built from (overrides: the theme's, whose files are
# published), and where the site is built.
PROTECTED_DIRS = ("data", "docs", "overrides", "projects", "schema", "site")


def protected_dirs(root: Path) -> list[Path]:
    """Folders that no command may write output into (forms, reports, exports): the sources of
    the site and the checks, and the site itself (also mkdocs.yml's docs_dir and site_dir)."""
    names = set(PROTECTED_DIRS)
    try:
        text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    names.update(m.group(2) for m in _DIR_SETTING.finditer(text))
    return [(root / name).resolve() for name in sorted(names)]


def unsafe_output(
    root: Path, target: Path, *, what: str = "表格和报表", example: str = "../forms"
) -> str | None:
    """Why writing to `target` (a file or folder) is refused, in Chinese, or None. `what` names
    the output, `example` a place outside the repository's folders to suggest."""
    resolved = Path(target).resolve()
    for folder in protected_dirs(Path(root).resolve()):
        if resolved == folder or resolved.is_relative_to(folder):
            rel = Path(os.path.relpath(folder, Path(root).resolve())).as_posix()
            return (
                f"输出位置 {target} 在 {rel}/ 之中。{what}含有不公开的信息\uff08评委姓名、"
                f"分项得分、经费明细等\uff09\uff0c不能写入网站文件夹或 projects/。请换一个位置\uff0c"
                f"如 --out {example}。"
            )
    return None


# Why the system refused, in Chinese, by errno.
_WRITE_REFUSALS = {
    errno.EACCES: "没有写入这个文件夹的权限",
    errno.EPERM: "没有写入这个文件夹的权限",
    errno.EROFS: "这个位置是只读的",
    errno.ENOSPC: "磁盘空间不足",
    errno.ENOENT: "不能在这个位置建立文件",
    errno.ENOTDIR: "路径中有一段是文件而不是文件夹",
}


def write_refusal(exc: OSError) -> str:
    """The system's refusal to write, in Chinese."""
    known = _WRITE_REFUSALS.get(exc.errno or 0)
    return known or f"系统拒绝写入\uff08{errno.errorcode.get(exc.errno or 0, exc.errno)}\uff09"


def unwritable(target: Path) -> str | None:
    """Why a file cannot be written at `target`, in Chinese, or None; tried at once (a file made
    and removed in the nearest folder that exists), so that a long job is not done in vain. No
    folder is made: `write_atomic` makes the missing ones."""
    target = Path(target)
    if target.is_dir():
        return "这是一个文件夹\uff0c不是文件名"
    folder = target.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        return f"{folder} 是文件\uff0c不是文件夹"
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".write-test.", suffix=".tmp")
    except OSError as exc:
        return write_refusal(exc)
    os.close(fd)
    os.unlink(probe)
    return None
