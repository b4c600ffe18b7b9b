"""One questionnaire: the `new` command asks, and /apply/ shows, the same questions in the same
order, with the schema's titles; the page embeds exactly those."""

from __future__ import annotations

import argparse
import json
import re

from factory import ROOT

from site_builder.cli.commands.new import Session
from site_builder.core import process, questionnaire
from site_builder.core.programme import Programme
from site_builder.showcase.forms_pages import SPEC_ID, form_pages


def _session(programme: Programme, **flags: str) -> Session:
    names = ("title", "category", "general_branch", "branch", "unit", "secretary", "executors")
    names += ("applied_on", "summary", "duration", "duration_reason", "tags", "slug", "year")
    args = argparse.Namespace(**dict.fromkeys(names), yes=False, dry_run=False, interactive=True)
    for key, value in flags.items():
        setattr(args, key, value)
    return Session(args, programme, ROOT)


def test_new_and_the_apply_page_ask_the_same_questions_in_the_same_order() -> None:
    programme = Programme.load(ROOT)
    keys = [q.key for q in questionnaire.questions(programme)]
    assert keys[0] == "title" and keys[-1] == questionnaire.SLUG
    # The command line, in a terminal with nothing given.
    assert [q.key for q in _session(programme).questions()] == keys
    # The page: its fields in document order, and the definitions its script reads.
    page = form_pages(programme, None)["apply.md"]
    form = page.split('id="sb-apply"', 1)[1].split("</form>", 1)[0]
    fields = re.findall(r'data-field="([^"]+)"', form)
    headings = [s.heading for s in process.SECTIONS]
    assert [f for f in fields if f not in headings] == keys
    spec = json.loads(page.split(f'id="{SPEC_ID}">', 1)[1].split("</script>", 1)[0])
    assert [q["key"] for q in spec["questions"]] == keys


def test_titles_come_from_the_schema_and_the_prompts_name_them() -> None:
    programme = Programme.load(ROOT)
    session = _session(programme)
    for q, asked in zip(questionnaire.questions(programme), session.questions(), strict=True):
        if q.key != questionnaire.SLUG:
            assert q.title == programme.schema.title((q.key,))
        assert asked.prompt.startswith(f"{q.title}\uff08{q.key}\uff09\uff1a{q.help}")
        assert asked.flag == q.flag


def test_the_general_branch_is_derived_from_a_given_branch() -> None:
    programme = Programme.load(ROOT)
    session = _session(programme, branch="eng-students")
    asked = [q.key for q in session.questions() if q.needed()]
    assert "general_branch" not in asked and "branch" in asked
