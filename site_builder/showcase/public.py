"""The public view of a project: the only thing the page builder ever sees.

Whitelisted fields of public-stage projects only. Reviewers' names, individual scores, itemised
expenses and the panel's written opinions never leave this module."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from site_builder.core.markdown import split_sections
from site_builder.core.media import MediaFacts, kind_of, references
from site_builder.core.model import PASSED, ProjectRecord
from site_builder.core.process import HEADINGS, TIMELINE, Stage
from site_builder.core.programme import Programme
from site_builder.core.project import Project
from site_builder.showcase.labels import award_year
from site_builder.showcase.media import THUMBS


@dataclass(frozen=True)
class Milestone:
    date: str  # YYYY-MM-DD; for the award, its award year "YYYY 年度" (only the year is known)
    label: str
    event: Stage  # the stage the step enters


@dataclass(frozen=True)
class Photo:
    name: str  # file name in the project's media folder
    alt: str  # plain text: the body's alt text (backslash escapes undone)
    width: int
    height: int


@dataclass(frozen=True)
class Document:
    name: str
    title: str  # plain text: the body's link text, or the file name
    size: int  # bytes


@dataclass(frozen=True)
class PublicProject:
    key: str  # 2025/slug
    year: int
    slug: str
    title: str
    category: str
    category_label: str
    unit: str
    general_branch: str
    branch: str
    branch_id: str  # the roster's id: the branch page's file name
    secretary: str
    executors: tuple[str, ...]
    summary: str
    duration_months: int
    tags: tuple[str, ...]
    stage: Stage
    stage_label: str
    timeline: tuple[Milestone, ...]
    grant: Decimal
    spent: Decimal | None  # total only, once the closing report is in
    total: Decimal | None  # the mean score only, once accepted
    award_year: int | None
    award_title: str | None
    award_rank: str | None
    sections: dict[str, str] = field(default_factory=dict)  # heading → Markdown
    photos: tuple[Photo, ...] = ()  # in the order the body first names them
    documents: tuple[Document, ...] = ()
    # The cover: the site-relative URL of the first photo's thumbnail, without a leading slash
    # (e.g. "projects/2025/slug/photo.thumb.jpg"), or None for the designed placeholder. Filled
    # by the media step; award cards link it relative to their page.
    cover: str | None = None
    # 公示: a nominated project's notice, first and last day (YYYY-MM-DD); None otherwise.
    notice_start: str | None = None
    notice_end: str | None = None

    def date_of(self, event: str) -> str | None:
        """The date of a dated milestone (`approved`, `accepted`, ...), or None."""
        return next((m.date for m in self.timeline if m.event == event), None)


def _plain(text: str) -> str:
    return " ".join(re.sub(r"\\(.)", r"\1", text).split())


def _media(
    project: Project, media: Mapping[str, MediaFacts]
) -> tuple[tuple[Photo, ...], tuple[Document, ...]]:
    """The project's photos and documents: the files of its folder that the body names (after
    validation, every file there), each with its alt text (or else its first link text)."""
    folder = project.path.removesuffix(".md")
    texts: dict[str, tuple[bool, str]] = {}  # name → (named by an image, its text)
    for ref in references(project.body, project.slug):
        if not ref.name or f"{folder}/{ref.name}" not in media:
            continue
        if ref.name not in texts or (ref.image and not texts[ref.name][0]):
            texts[ref.name] = (ref.image, _plain(ref.text))
    photos, documents = [], []
    for name, (_, text) in texts.items():
        facts = media[f"{folder}/{name}"]
        if kind_of(name) == "image" and facts.width and facts.height:
            photos.append(Photo(name, text or name, facts.width, facts.height))
        elif kind_of(name) == "document":
            documents.append(Document(name, text or name, facts.size))
    return tuple(photos), tuple(documents)


def public_view(
    project: Project, programme: Programme, media: Mapping[str, MediaFacts] | None = None
) -> PublicProject | None:
    """None for a project that is not public; otherwise only what may be published. `media`
    (path → facts of every media file) gives the project its photos and documents."""
    stage = project.stage
    if stage is None or not stage.public:
        return None
    info, roster = programme.schema, programme.roster
    r = ProjectRecord.of(project)
    timeline = []
    for step, where in TIMELINE:
        day = project.get(*where)
        passed = r.acceptance is not None and r.acceptance.result == PASSED
        if day and (step is not Stage.ACCEPTED or passed):
            timeline.append(Milestone(day, step.milestone, step))
    award = r.award
    notice_start = notice_end = None
    if stage is Stage.NOMINATED:
        # Nominated, not awarded: the notice is shown, the award not yet.
        notice_start, notice_end = notice_period(award.notice_start if award else None, programme)
        if notice_start:
            timeline.append(Milestone(notice_start, stage.milestone, Stage.NOMINATED))
        award = None
    if award:
        label = f"评为{award.title}"
        timeline.append(Milestone(award_year(award.year), label, Stage.AWARDED))
    photos, documents = _media(project, media or {})
    return PublicProject(
        key=r.key,
        year=r.year,
        slug=r.slug,
        title=r.title,
        category=r.category,
        category_label=info.label("category", r.category),
        unit=r.unit,
        general_branch=roster.general_branches[r.general_branch].name,
        branch=roster.branches[r.branch].name,
        branch_id=r.branch,
        secretary=r.secretary,
        executors=r.executors,
        summary=r.summary,
        duration_months=r.duration_months,
        tags=r.tags,
        stage=stage,
        stage_label=stage.label,
        timeline=tuple(timeline),
        grant=r.grant,
        spent=r.spent if r.concluded_on else None,
        total=(
            r.acceptance.total(info.criteria)
            if r.acceptance and stage.reached(Stage.ACCEPTED)
            else None
        ),
        award_year=award.year if award else None,
        award_title=award.title if award else None,
        award_rank=award.rank if award else None,
        sections={k: v for k, v in split_sections(project.body).items() if k in HEADINGS},
        photos=photos,
        documents=documents,
        cover=f"{project.path.removesuffix('.md')}/{THUMBS}/{photos[0].name}" if photos else None,
        notice_start=notice_start,
        notice_end=notice_end,
    )


def notice_period(start: object, programme: Programme) -> tuple[str | None, str | None]:
    """First and last day of a nomination's public notice (None, None without a start date;
    the last day is the first when the settings turn the notice off)."""
    if not isinstance(start, str):
        return None, None
    days = programme.settings.notice_days
    try:
        first = date.fromisoformat(start)
        last = programme.settings.work_calendar.notice_end(first, days) if days else first
    except ValueError:
        return start, None
    return start, last.isoformat()
