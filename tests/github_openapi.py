"""GitHub's REST API as its published OpenAPI description says it is: validate a request (method,
path with its query, JSON body) and a response (status, JSON body, documented headers) against
it. For the tests of everything that talks to GitHub (the reminder workflow; the site's GitHub
client later), so a fake GitHub in a test answers only what the real one can.

The description is `@octokit/openapi` (pinned, integrity-checked), fetched into .cache/ by
`make github-openapi` (`python -m tools.github_openapi`); `make test` and CI fetch it first. When
it is missing the tests using it FAIL (never skip): a check that silently does not run is none.

OpenAPI 3.0 schemas are JSON Schema with a few differences; before validating with jsonschema
(Draft 2020-12) `nullable: true` becomes a `null` alternative and the boolean
`exclusiveMinimum`/`exclusiveMaximum` of draft 4 become numbers. `format` is not checked.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parent.parent
DESCRIPTION = ROOT / ".cache" / "github-openapi" / "api.github.com.json"
BASE = "urn:github-openapi"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _convert(node: Any) -> Any:
    """OpenAPI 3.0 schema keywords as JSON Schema 2020-12 reads them, everywhere in `node`."""
    if isinstance(node, list):
        return [_convert(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {k: _convert(v) for k, v in node.items()}
    for bound, limit in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        # Draft 4's boolean form (always removed; when true, the limit becomes exclusive).
        if isinstance(out.get(bound), bool) and out.pop(bound) and limit in out:
            out[bound] = out.pop(limit)
    if out.pop("nullable", False) is True:
        kind = out.get("type")
        if (
            isinstance(kind, str)
            and "enum" not in out
            and not any(k in out for k in ("allOf", "anyOf", "oneOf", "$ref"))
        ):
            out["type"] = [kind, "null"]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


@dataclass
class Problems:
    """What did not match, one line each; empty when all is as documented."""

    lines: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.lines)

    def add(self, text: str) -> None:
        self.lines.append(text)


class OpenAPI:
    def __init__(self, document: dict[str, Any]) -> None:
        self.document = _convert(document)
        resource = Resource.from_contents(self.document, default_specification=DRAFT202012)
        self.registry = Registry().with_resource(BASE, resource)
        self.version = document.get("info", {}).get("version")
        self._paths = [
            (re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(p)) + "$"), p)
            for p in self.document["paths"]
        ]

    # ------------------------------------------------------------- lookups

    def _resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            node = self._pointer(node["$ref"])
        return node

    def _pointer(self, ref: str) -> Any:
        node: Any = self.document
        for part in ref.removeprefix("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def operation(self, method: str, path: str) -> tuple[str, dict[str, Any]]:
        """The documented operation for `method` on a concrete `path` (no query): its path
        template and description. KeyError when GitHub documents no such operation."""
        matches = [t for regex, t in self._paths if regex.match(path)]
        # A literal segment beats a parameter (`/issues/comments` over `/issues/{number}`).
        matches.sort(key=lambda t: t.count("{"))
        for template in matches:
            op = self.document["paths"][template].get(method.lower())
            if op is not None:
                return template, op
        raise KeyError(f"{method} {path}")

    def _schema_at(self, pointer: list[str]) -> dict[str, Any]:
        fragment = "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in pointer)
        return {"$ref": f"{BASE}#{quote(fragment, safe='/~')}"}

    def _validate(self, pointer: list[str], instance: Any, what: str, out: Problems) -> None:
        validator = jsonschema.Draft202012Validator(
            self._schema_at(pointer), registry=self.registry
        )
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.path))[:5]:
            where = "/".join(map(str, error.absolute_path)) or "(top)"
            out.add(f"{what}: {where}: {error.message[:300]}")

    # ------------------------------------------------------------- checks

    def check_request(self, method: str, url: str, body: Any = None) -> Problems:
        """`url`: a path with its query (`/repos/o/r/issues?state=all`) or a whole address."""
        out = Problems()
        parts = urlsplit(url)
        try:
            template, op = self.operation(method, parts.path)
        except KeyError:
            out.add(f"GitHub documents no {method.upper()} {parts.path}")
            return out
        base = ["paths", template, method.lower()]
        params = {}
        for i, p in enumerate(op.get("parameters", [])):
            resolved = self._resolve(p)
            if resolved.get("in") == "query":
                params[resolved["name"]] = (resolved, i)
        for name, value in parse_qsl(parts.query, keep_blank_values=True):
            if name not in params:
                out.add(f"{method.upper()} {template}: query parameter {name!r} is not documented")
                continue
            param, _ = params[name]
            schema = self._resolve(param.get("schema", {}))
            typed: Any = value
            if schema.get("type") == "integer" and value.lstrip("-").isdigit():
                typed = int(value)
            validator = jsonschema.Draft202012Validator(schema, registry=self.registry)
            for error in validator.iter_errors(typed):
                out.add(f"{method.upper()} {template}: query {name}={value!r}: {error.message}")
        request_body = op.get("requestBody")
        if request_body is not None:
            request_body = self._resolve(request_body)
        if body is None:
            if request_body is not None and request_body.get("required"):
                out.add(f"{method.upper()} {template}: a body is required")
            return out
        if request_body is None:
            out.add(f"{method.upper()} {template}: takes no body")
            return out
        if "application/json" not in request_body.get("content", {}):
            out.add(f"{method.upper()} {template}: takes no JSON body")
            return out
        pointer = [*base, "requestBody", "content", "application/json", "schema"]
        if "$ref" in op["requestBody"]:
            ref = op["requestBody"]["$ref"].removeprefix("#/").split("/")
            pointer = [*ref, "content", "application/json", "schema"]
        self._validate(pointer, body, f"{method.upper()} {template} body", out)
        return out

    def check_response(
        self,
        method: str,
        url: str,
        status: int,
        body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Problems:
        out = Problems()
        path = urlsplit(url).path
        try:
            template, op = self.operation(method, path)
        except KeyError:
            out.add(f"GitHub documents no {method.upper()} {path}")
            return out
        responses = op.get("responses", {})
        key = str(status) if str(status) in responses else f"{str(status)[0]}XX"
        if key not in responses:
            out.add(f"{method.upper()} {template}: status {status} is not documented")
            return out
        pointer = ["paths", template, method.lower(), "responses", key]
        response = responses[key]
        if "$ref" in response:
            pointer = response["$ref"].removeprefix("#/").split("/")
            response = self._resolve(response)
        content = response.get("content", {})
        what = f"{method.upper()} {template} {status}"
        if body is not None:
            if "application/json" not in content:
                out.add(f"{what}: documents no JSON body")
            else:
                schema_pointer = [*pointer, "content", "application/json", "schema"]
                self._validate(schema_pointer, body, f"{what} body", out)
        elif content:
            out.add(f"{what}: a body is documented")
        documented = {k.lower(): v for k, v in response.get("headers", {}).items()}
        given = {k.lower(): v for k, v in (headers or {}).items()}
        for name, spec in documented.items():
            spec = self._resolve(spec)
            if name not in given:
                if spec.get("required"):
                    out.add(f"{what}: header {name} is required")
                continue
            schema = self._resolve(spec.get("schema", {}))
            validator = jsonschema.Draft202012Validator(schema, registry=self.registry)
            for error in validator.iter_errors(given[name]):
                out.add(f"{what}: header {name}: {error.message}")
        return out

    def example(self, name: str) -> Any:
        """A response example GitHub publishes with the description (`issue`, ...)."""
        return json.loads(json.dumps(self.document["components"]["examples"][name]["value"]))


@cache
def _load(path: Path) -> OpenAPI:
    return OpenAPI(json.loads(path.read_text(encoding="utf-8")))


def load() -> OpenAPI:
    """The pinned description; a test using it fails (not skips) when it is missing."""
    from tools.github_openapi import current

    if not DESCRIPTION.is_file() or not current():
        pytest.fail(
            f"{DESCRIPTION.relative_to(ROOT)} is missing or not the pinned version: run `make github-openapi` "
            "(npm pack @octokit/openapi, integrity-checked); `make test` and CI do it first.",
            pytrace=False,
        )
    return _load(DESCRIPTION)
