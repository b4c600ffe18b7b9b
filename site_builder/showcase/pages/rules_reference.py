"""The guide page 检查规则 (rules-reference.md): every rule with its code, title and explanation,
by family; messages link to each rule's entry. Prose in templates/rules-reference.md.j2."""

from __future__ import annotations

from collections import defaultdict

from site_builder.core.rule import RULES_PAGE
from site_builder.rules.ruleset import REGISTRY
from site_builder.showcase.pages.context import Context
from site_builder.showcase.pages.markdown import front, template


def pages(context: Context) -> dict[str, str]:
    rules: dict[str, list[dict[str, object]]] = defaultdict(list)
    for code, rule in sorted(REGISTRY.items()):
        rules[code[:2]].append(
            {
                "code": code,  # the heading's slug is `rule.anchor`, which messages link to
                "title": rule.title,
                "doc": rule.doc,
                "warning": rule.severity == "warning",
            }
        )
    return {RULES_PAGE: front("检查规则") + template("rules-reference.md.j2", rules=dict(rules))}
