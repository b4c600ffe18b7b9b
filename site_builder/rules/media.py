"""PM6xx: a project's media folder `projects/<year>/<slug>/`: photos and outcome documents.

Three entry points, by what they need: `check_file` (one file's path and bytes), `check`
(a project's body: alt text, images from elsewhere) and `check_all` (paths and bodies together:
references to missing files, files no project refers to, too many files)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from site_builder.core import media
from site_builder.core.diagnostics import Diagnostic, line_col
from site_builder.core.media import MediaFacts, Reference, references
from site_builder.core.messages import Catalogue
from site_builder.core.programme import Programme
from site_builder.core.project import PATH_RE, Collection, Project
from site_builder.core.rule import Rule
from site_builder.core.tree import is_media_path, media_owner

CLEAN_COMMAND = "python -m site_builder media clean"
LIST = "\u3001"  # 、 between the items of a list
_MB = 1024 * 1024

BAD_FILE = Rule(
    "PM601",
    "项目文件夹中的文件类型或名称不符",
    "项目文件夹 `projects/<年度>/<简称>/` 中只能放图片\uff08`.jpg` `.jpeg` `.png` `.webp`\uff09和成果文件"
    "\uff08`.pdf`\uff09\u3002文件名只用字母\u3001数字\u3001汉字\u3001连字符\u3001下划线和点\uff0c不含空格\uff0c不超过 100 个字符\u3002"
    "其他文件请删除\uff1b文件名不符的请改名\uff0c并同时修改正文中的链接\u3002",
)
SUBFOLDER = Rule(
    "PM602",
    "项目文件夹中有子文件夹",
    "项目文件夹中不能再建子文件夹\u3002请把图片和 PDF 直接放在 `projects/<年度>/<简称>/` 中\u3002",
)
TOO_LARGE = Rule(
    "PM603",
    "图片或 PDF 文件过大",
    "每张图片不超过 2 MB\uff0c每个 PDF 不超过 10 MB\u3002照片请缩小后再上传\uff08长边 2000 像素左右即可\uff09\uff0c"
    "PDF 请压缩或删去多余的页面\u3002",
)
TOO_BIG_IMAGE = Rule(
    "PM604",
    "图片尺寸过大",
    "图片每边不超过 6000 像素\u3002请缩小后再上传\uff08长边 2000 像素左右即可\uff09\u3002",
)
TOO_MANY = Rule(
    "PM605",
    "项目文件夹中的文件过多",
    "每个项目最多 20 个图片和 PDF 文件\u3002请挑选有代表性的照片\uff0c删去其余的\u3002",
)
WRONG_FORMAT = Rule(
    "PM606",
    "文件内容与扩展名不符",
    "文件的实际格式必须与扩展名一致\uff1a检查的是文件内容\uff0c不是文件名\u3002只改扩展名不能转换格式\uff1b"
    "iPhone 的 HEIC 照片请在手机上选\u201c设置 > 相机 > 格式 > 兼容性最佳\u201d\uff0c或转换为 JPEG 后再上传\u3002",
)
UNREADABLE = Rule(
    "PM607",
    "图片或 PDF 已损坏",
    "文件无法读取\uff0c可能上传不完整或已损坏\u3002请重新导出后再上传\u3002",
)
METADATA = Rule(
    "PM608",
    "图片含有拍摄位置或相机信息",
    "图片不得含有 EXIF\u3001XMP\u3001IPTC 等拍摄信息\uff1a手机照片通常带有拍摄地点的 GPS 坐标\uff08可能是家庭住址\uff09"
    f"和相机型号\u3002运行 `{CLEAN_COMMAND} 路径` 可清除这些信息\uff08照片不重新压缩\uff09\uff1b用网页编辑器提交的\uff0c"
    "请仓库维护者代为运行\u3002以后拍照前可在手机上关闭相机的位置信息\uff0c方法见申报指南\u3002",
)
ACTIVE_PDF = Rule(
    "PM609",
    "PDF 含有脚本\u3001自动操作或附件",
    "PDF 不得含有 JavaScript 脚本\u3001启动程序的操作\u3001嵌入的附件\uff0c也不得在打开文档或显示页面时"
    "自动访问网址或其他文件\uff08读者自己点击的普通链接不受影响\uff09\u3002请用办公软件的\u201c导出为 PDF\u201d"
    "或\u201c打印为 PDF\u201d重新生成\u3002",
)
NO_ALT = Rule(
    "PM610",
    "图片缺少说明文字",
    "正文中的每张图片都要写说明文字\uff1a`![说明文字](简称/photo.jpg)` 的方括号中写明照片的内容\uff0c"
    "供读屏软件朗读\uff0c也在图片无法显示时代替图片\u3002",
)
MISSING = Rule(
    "PM611",
    "链接的文件不存在",
    "正文中 `简称/文件名` 形式的链接必须指向项目文件夹中实际存在的文件\uff0c文件名的大小写和扩展名"
    "都要一致\u3002请上传该文件\uff0c或改正链接\u3002",
)
UNREFERENCED = Rule(
    "PM612",
    "文件没有被项目正文引用",
    "项目文件夹中的每个文件都要在该项目的正文中引用\uff1a图片写 `![说明](简称/文件名)`\uff0cPDF 写 "
    "`[名称](简称/文件名)`\uff1b文件夹名必须与项目文件的简称相同\u3002不用的文件请删除\u3002",
)
FOREIGN_IMAGE = Rule(
    "PM613",
    "图片不是本项目的图片文件",
    "正文中用 `![说明](简称/文件名)` 显示的只能是本项目文件夹中的图片文件\uff0c不能把 PDF 当作图片\u3002"
    "PDF 请写成普通链接 `[名称](简称/文件名)`\u3002网络上的图片见 PB408\u3002",
)

KIND_WORDS = {"image": "图片", "document": "PDF 文件"}
_SMALLER = "请缩小后再上传\uff08长边 2000 像素左右即可\uff09\u3002"

# The messages the online forms also give (the rule pack carries them; /apply/'s photos):
# a photo too large in bytes or pixels, too many files, a format the site cannot take, no alt.
MESSAGES = Catalogue(
    {
        "PM603": "{kind} {name} 有 {size}\uff0c超过 {limit} MB\u3002{hint}",
        "PM603.smaller": _SMALLER,
        "PM604": "图片 {name} 为 {dims}\uff0c每边不能超过 {side} 像素\u3002" + _SMALLER,
        "PM605.form": "每个项目最多 {limit} 个图片和 PDF 文件\uff0c已选了 {count} 个\u3002请挑选有代表性的照片\u3002",
        "PM606.form": "{name} 不是 JPEG\u3001PNG 或 WebP 图片\uff08{what}\uff09\u3002iPhone 照片请在手机上选\u201c设置 > 相机 > 格式 > 兼容性最佳\u201d\uff0c或转换为 JPEG 后再选\u3002",
        "PM607.form": "{name} 无法读取\uff0c可能已损坏\u3002请重新导出后再选\u3002",
        "PM610.form": "请为照片 {name} 写说明文字\uff1a写明照片的内容\uff0c供读屏软件朗读\uff0c也在图片无法显示时代替图片\u3002",
        # The forms' outcome files (成果文件): a PDF too large is told PM603 with this hint, the
        # check's own words; a chosen file that is not a PDF, before it has a name here.
        "PM603.compress": "请压缩或删去多余的页面\u3002",
        "PM606.pdf_form": "{name} 不是 PDF 文件\uff08{what}\uff09\u3002请用办公软件的\u201c导出为 PDF\u201d或\u201c打印为 PDF\u201d生成 PDF 后再选\u3002",
    }
)


def _size(n: int) -> str:
    return f"{n / _MB:.1f} MB" if n >= _MB // 10 else f"{max(1, round(n / 1024))} KB"


# ------------------------------------------------------------------------------ one file


def path_problem(path: str) -> Diagnostic | None:
    """PM601/PM602 for a path inside a media folder, or None when its place and name are right."""
    parts = path.split("/")
    folder = "/".join(parts[:3])
    if len(parts) > 4:
        return SUBFOLDER.at(
            path,
            (1, 1),
            f"{'/'.join(parts[:4])}/ 是项目文件夹 {folder}/ 中的子文件夹\u3002"
            f"请把文件直接放在 {folder}/ 中\uff0c并删除子文件夹\u3002",
        )
    name = parts[3]
    if PATH_RE.fullmatch(folder + ".md") is None:
        return BAD_FILE.at(
            path,
            (1, 1),
            f"文件夹 {folder}/ 不是项目文件夹\uff1a项目文件夹的名称必须与项目文件 projects/<年度>/<简称>.md "
            "的简称相同\u3002请把文件移到对应项目的文件夹中\u3002",
        )
    if media.kind_of(name) is None:
        hint = (
            f"项目文件应直接放在 {'/'.join(parts[:2])}/ 中\u3002"
            if name.endswith(".md")
            else "请删除该文件\uff0c或转换为 JPEG\u3001PNG\u3001WebP 图片或 PDF\u3002"
        )
        return BAD_FILE.at(
            path,
            (1, 1),
            f"{name} 不是图片\uff08.jpg .jpeg .png .webp\uff09或 PDF 文件\uff0c项目文件夹中不能放这类文件\u3002{hint}",
        )
    if not media.name_ok(name):
        return BAD_FILE.at(
            path,
            (1, 1),
            f"文件名\u201c{name[:60]}\u201d含有空格或其他符号\uff0c或超过 {media.MAX_NAME} 个字符\u3002"
            "请改用字母\u3001数字\u3001汉字\u3001连字符\u3001下划线\uff0c如 activity-01.jpg\uff0c并同时修改正文中的链接\u3002",
        )
    return None


def judge(path: str, facts: MediaFacts) -> list[Diagnostic]:
    """PM603–PM609 for the inspected file at `path` (its place and name already right)."""
    name = path.rsplit("/", 1)[-1]
    kind = media.kind_of(name)
    expected = media.expected_format(name)
    found: list[Diagnostic] = []
    if facts.format != expected:
        what = media.FORMAT_LABELS.get(facts.format or "", "")
        actual = f"实际是 {what} 格式" if what else "实际不是图片或 PDF"
        hint = (
            "iPhone 照片请在手机上选\u201c设置 > 相机 > 格式 > 兼容性最佳\u201d\uff0c或转换为 JPEG 后再上传\u3002"
            if facts.format == "HEIC"
            else f"请用图片或办公软件导出为真正的 {media.FORMAT_LABELS[expected or 'PDF']} 文件\uff0c"
            "只改扩展名不能转换格式\u3002"
        )
        return [
            WRONG_FORMAT.at(
                path,
                (1, 1),
                f"{name} 的扩展名是 .{media.extension(name)}\uff0c但文件内容{actual}\u3002{hint}",
            )
        ]
    limit = media.MAX_IMAGE_BYTES if kind == "image" else media.MAX_DOCUMENT_BYTES
    if facts.size > limit:
        found.append(
            TOO_LARGE.at(
                path,
                (1, 1),
                MESSAGES(
                    "PM603",
                    kind=KIND_WORDS[kind or "document"],
                    name=name,
                    size=_size(facts.size),
                    limit=limit // _MB,
                    hint=_SMALLER if kind == "image" else MESSAGES["PM603.compress"],
                ),
            )
        )
        if kind == "document":
            return found  # a PDF that large is not read further
    if facts.unreadable:
        found.append(
            UNREADABLE.at(
                path, (1, 1), f"{name}\uff1a{facts.unreadable}\u3002请重新导出后再上传\u3002"
            )
        )
        return found
    side = media.MAX_IMAGE_SIDE
    if facts.too_many_pixels or max(facts.width or 0, facts.height or 0) > side:
        dims = f"{facts.width} × {facts.height} 像素" if facts.width else "像素过多"
        found.append(
            TOO_BIG_IMAGE.at(
                path,
                (1, 1),
                MESSAGES("PM604", name=name, dims=dims, side=side),
            )
        )
    if facts.metadata:
        found.append(
            METADATA.at(
                path,
                (1, 1),
                f"图片 {name} 含有拍摄信息\uff1a{LIST.join(facts.metadata)}\u3002手机照片的 GPS 坐标会暴露拍摄地点"
                f"\uff08可能是家庭住址\uff09\u3002请运行 {CLEAN_COMMAND} {path} 清除这些信息后再提交"
                "\uff08照片不重新压缩\uff09\uff1b用网页编辑器提交的\uff0c请仓库维护者代为运行\u3002",
            )
        )
    if facts.active:
        found.append(
            ACTIVE_PDF.at(
                path,
                (1, 1),
                f"PDF {name} 含有{LIST.join(facts.active)}\u3002请用办公软件的\u201c导出为 PDF\u201d或\u201c打印为 PDF\u201d"
                "重新生成后再上传\u3002",
            )
        )
    return found


def check_file(path: str, data: bytes) -> tuple[MediaFacts | None, list[Diagnostic]]:
    """One media file, from its path and bytes: its facts (None when its path is refused) and
    what is wrong with it."""
    problem = path_problem(path)
    if problem is not None:
        return None, [problem]
    facts = media.inspect(path.rsplit("/", 1)[-1], data)
    return facts, judge(path, facts)


# --------------------------------------------------------------------------------- bodies


def _pos(project: Project, offset: int) -> tuple[int, int]:
    line, col = line_col(project.body, offset)
    return project.doc.body_line + line - 1, col


def check(project: Project, programme: Programme) -> Iterator[Diagnostic]:
    for ref in references(project.body, project.slug):
        if not ref.image:
            continue
        pos = _pos(project, ref.offset)
        # Remote images are refused by PB408 (body_safety), whatever their form.
        if ref.name is not None and media.kind_of(ref.name) != "image":
            yield FOREIGN_IMAGE.at(
                project.path,
                pos,
                f"{ref.name} 不是图片\uff0c不能用 ![\u2026](\u2026) 显示\u3002PDF 等文件请写成普通链接\uff1a"
                f"[名称]({project.slug}/{ref.name})\u3002",
            )
            continue
        if ref.name is not None and not ref.text.strip():
            yield NO_ALT.at(
                project.path,
                pos,
                f"图片 {ref.name} 没有说明文字\u3002请在方括号中写明照片内容\uff0c如"
                f" ![支部党员在结对村检修水泵]({project.slug}/{ref.name})\u3002",
            )


def _own(project: Project) -> list[Reference]:
    return [r for r in references(project.body, project.slug) if r.name is not None]


def check_all(collection: Collection, programme: Programme) -> Iterator[Diagnostic]:
    folders: dict[str, list[str]] = defaultdict(list)  # project path → its media files
    for path in collection.paths:
        if is_media_path(path) and len(path.split("/")) == 4:
            folders[media_owner(path)].append(path)
    known = set(collection.paths)
    loaded = {p.path: p for p in collection.projects}
    used: dict[str, set[str]] = {}
    for project in collection.projects:
        refs = _own(project)
        used[project.path] = {r.name for r in refs if r.name}
        folder = project.path.removesuffix(".md")
        present = {p.rsplit("/", 1)[-1] for p in folders.get(project.path, [])}
        for ref in refs:
            if f"{folder}/{ref.name}" in known:
                continue
            same = [n for n in present if n.lower() == (ref.name or "").lower()]
            hint = (
                f"文件夹中有 {same[0]}\uff0c文件名的大小写要完全一致\u3002"
                if same
                else f"请把该文件上传到 {folder}/\uff0c或改正链接\u3002"
            )
            yield MISSING.at(
                project.path,
                _pos(project, ref.offset),
                f"链接的文件 {folder}/{ref.name} 不存在\u3002{hint}",
            )
    for owner, files in sorted(folders.items()):
        if len(files) > media.MAX_FILES:
            at = owner if owner in known else files[0]
            yield TOO_MANY.at(
                at,
                (1, 1),
                f"项目文件夹 {owner.removesuffix('.md')}/ 中有 {len(files)} 个文件\uff0c"
                f"最多 {media.MAX_FILES} 个\u3002请挑选有代表性的照片\uff0c删去其余的\u3002",
            )
        if owner in known and owner not in loaded:
            continue  # the project is not loaded (unreadable, or unchanged in a pull request)
        names = used.get(owner, set())
        for path in files:
            name = path.rsplit("/", 1)[-1]
            if path_problem(path) is not None or name in names:
                continue
            slug = owner.rsplit("/", 1)[-1].removesuffix(".md")
            reason = (
                f"项目 {owner} 的正文没有引用它\u3002请在正文中加上"
                + (
                    f" ![说明]({slug}/{name})"
                    if media.kind_of(name) == "image"
                    else f" [名称]({slug}/{name})"
                )
                + "\uff0c或删除该文件\u3002"
                if owner in known
                else f"没有对应的项目文件 {owner}\u3002文件夹名必须与项目文件的简称相同\uff1b不用的文件请删除\u3002"
            )
            yield UNREFERENCED.at(path, (1, 1), f"{name} 没有被引用\uff1a{reason}")
