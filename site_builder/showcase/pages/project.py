"""A project's page (projects/<year>/<slug>.md): its summary, photos, info table, timeline,
body sections and outcome documents; prose in templates/project.md.j2."""

from __future__ import annotations

import re

from site_builder.core.bodytext import faithful
from site_builder.core.figures import yuan
from site_builder.core.markdown import lines
from site_builder.core.media import fit, own_media_name
from site_builder.core.process import HEADINGS
from site_builder.core.programme import Programme
from site_builder.showcase.labels import academic_year, award_name
from site_builder.showcase.media import THUMB_SIDE, THUMBS, WEB_SIDE
from site_builder.showcase.pages.context import Context
from site_builder.showcase.pages.markdown import (
    PROJECT_DIR,
    branch_link,
    front,
    md_text,
    meta_text,
    project_path,
    table,
    template,
)
from site_builder.showcase.pages.tags import page_tags, tag_pages
from site_builder.showcase.public import Photo, PublicProject

# The class of the parts of a project page that search skips (search_index.EXCLUDE): the info
# table and the timeline, the same fields on every project, and the link back to the catalogue.
INFO_CLASS = "project-info"
# The class of a part of a page that only search reads (CSS hides it, from screen readers too):
# a project's public names, the secretary's and the executors' (people search a name; the info
# table, which shows them, stays out of the index), and a guide page's common questions.
SEARCH_ONLY_CLASS = "sb-search-only"


def pages(context: Context) -> dict[str, str]:
    links = tag_pages(context.views, context.site.directory_urls if context.site else True)
    return {
        project_path(v): project_page(v, context.programme, links[v.key]) for v in context.views
    }


def project_page(
    v: PublicProject, programme: Programme, tag_links: dict[str, str] | None = None
) -> str:
    """`tag_links`: each tag's listing (tags.tag_pages), linked from the tags above the page."""
    t = programme.schema.title
    card = [
        [t(("year",)), academic_year(v.year)],
        [t(("category",)), md_text(v.category_label)],
        [t(("unit",)), md_text(v.unit)],
        [t(("general_branch",)), md_text(v.general_branch)],
        [t(("branch",)), branch_link(v, f"{PROJECT_DIR}/{v.year}")],
        [t(("secretary",)), md_text(v.secretary)],
        [t(("executors",)), "\u3001".join(md_text(e) for e in v.executors)],
        [t(("duration_months",)), f"{v.duration_months} 个月"],
        [t(("stage",)), md_text(v.stage_label)],
        ["资助经费", f"{yuan(v.grant)} 元"],
    ]
    if v.spent is not None:
        card.append(["经费支出合计", f"{yuan(v.spent)} 元"])
    if v.total is not None:
        card.append(["验收总评分", f"{v.total} 分"])
    award = None
    if v.award_year:
        badge = award_name(v.award_year, v.award_title, v.award_rank)
        award = {"meta": meta_text(badge), "text": md_text(badge)}
    notice = None
    if v.notice_start:
        period = f"{v.notice_start} 至 {v.notice_end}" if v.notice_end else v.notice_start
        notice = {"meta": meta_text(v.stage_label), "period": period}
    extra = {"tag_pages": tag_links} if tag_links else None
    return front(v.title, page_tags(v), extra) + template(
        "project.md.j2",
        title=md_text(v.title),
        award=award,
        notice=notice,
        summary=md_text(v.summary),
        photos=photo_strip(v),
        info_class=INFO_CLASS,
        search_class=SEARCH_ONLY_CLASS,
        names="\u3001".join(md_text(n) for n in dict.fromkeys((v.secretary, *v.executors))),
        info=table(["项目信息", ""], [[f"**{a}**", b] for a, b in card]),
        timeline=[{"date": md_text(m.date), "label": m.label} for m in v.timeline],
        sections=[
            {"heading": h, "text": faithful(sized_images(v.sections[h], v))}
            for h in HEADINGS
            if h in v.sections
        ],
        documents=[
            {"title": md_text(d.title), "link": f"{v.slug}/{d.name}", "size": file_size(d.size)}
            for d in v.documents
        ],
    )


# Sizes go on images through attr_list (enabled in mkdocs.yml); project bodies may not use it
# themselves (PB405), and the sanitiser lets through only width, height and loading.
def _size_attrs(size: tuple[int, int]) -> str:
    return f'{{ width="{size[0]}" height="{size[1]}" loading="lazy" }}'


def photo_strip(v: PublicProject) -> str:
    """The project's photos as a row of thumbnails, each a link to its web-size image (the
    lightbox opens it); printed, a grid of photos."""
    if not v.photos:
        return ""
    items = [
        f"[![{md_text(p.alt)}]({v.slug}/{THUMBS}/{p.name})"
        f"{_size_attrs(fit(p.width, p.height, THUMB_SIDE))}]({v.slug}/{p.name}){{ .sb-photo }}"
        for p in v.photos
    ]
    return " ".join(items) + "\n{ .sb-strip }\n\n"


_INLINE_IMAGE = re.compile(
    r"!\[(?:\\.|[^\[\]\\\n]|\[[^\[\]\n]*\])*\]\(\s*<?([^)\s>]*)>?\s*\)(?!\{)"
)


def sized_images(text: str, v: PublicProject) -> str:
    """`text` with width, height and lazy loading on each image of the project's own photos
    (outside code)."""
    photos: dict[str, Photo] = {p.name: p for p in v.photos}
    if not photos or "![" not in text:
        return text
    out = text.split("\n")

    def size(match: re.Match[str], line: str) -> str:
        name = own_media_name(match.group(1), v.slug)
        photo = photos.get(name or "")
        if photo is None or line[: match.start()].count("`") % 2:
            return match.group(0)
        return match.group(0) + _size_attrs(fit(photo.width, photo.height, WEB_SIDE))

    for i, line, code, _ in lines(text):
        if "![" in line and not code:
            out[i] = _INLINE_IMAGE.sub(lambda m, line=line: size(m, line), line)
    return "\n".join(out)


def file_size(n: int) -> str:
    """A document's size as the download list shows it."""
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{max(1, round(n / 1024))} KB"
