"""GitHub's published OpenAPI description of api.github.com, and requests and responses checked
against it.

The description is the npm package `@octokit/openapi` at a pinned version and integrity, fetched
by `make openapi` (`npm pack`) into `.cache/openapi/`. `python -m tools.github_double.openapi`
verifies the tarball (it is what the make target runs after `npm pack`).

Validation is jsonschema (already a dependency) over the operation's own schemas: the description
is OpenAPI 3.0, so `nullable: true` is rewritten to JSON Schema once, and the result is cached in
`.cache/openapi/` keyed by the tarball's hash (loading that takes about a second; openapi-core on
this 13 MB description was not needed for what it would add).

What is checked, and the one allowance:
- request: a documented path and method; path and query parameters (types, enums; an undocumented
  query parameter is reported); the JSON body against the request body's schema.
- response: the status is documented for the operation; the body is valid against the schema of
  its media type, or absent when none is documented; documented headers that are present have the
  documented type.
- GitHub's description says `oneOf` where its alternatives overlap (a 409 body is both a
  basic-error and a repository-rule-violation-error, neither has required fields), so `oneOf` is
  read as `anyOf`: GitHub's own answers would fail an exactly-one reading.
- GitHub answers 400 (a body that is not JSON), 401 (bad credentials), 403 (a missing permission,
  rate limits), 404 (no access) and 429 (secondary rate limit) on every operation, but the
  description lists them only on some. These five are accepted on any operation, with the bodies
  of the description's own shared responses (`bad_request`, `requires_authentication`,
  `forbidden`, `not_found`). Nothing else is.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import pickle
import re
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

PACKAGE = "@octokit/openapi"
VERSION = "23.0.2"
INTEGRITY = "sha512-pV8M7L9GY23AybNvTmo2nyjmpmnt6+2sRE/tqr0ZLQcPS4lnw7u5eZGNmwRNkBC3D7gZXbFx5AHzLUVRBXGDhg=="
MEMBER = "package/generated/api.github.com.json"
ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "openapi"
TARBALL = CACHE / f"octokit-openapi-{VERSION}.tgz"
URI = "urn:github-openapi"
PREPARATION = "3"  # bump when _prepare changes: the cached preparation is keyed by it

# Statuses GitHub returns on any operation (see the module's docstring), with the description's
# own shared response for each.
ANY_OPERATION = {
    "400": "bad_request",
    "401": "requires_authentication",
    "403": "forbidden",
    "404": "not_found",
    "429": "forbidden",
}


class DescriptionMissing(RuntimeError):
    """The pinned description is absent or not the pinned bytes."""


def integrity(path: Path) -> str:
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode()


def verify(path: Path = TARBALL) -> None:
    if not path.is_file():
        raise DescriptionMissing(
            f"GitHub's OpenAPI description is missing: {path} (run `make openapi`; it runs "
            f"`npm pack {PACKAGE}@{VERSION}` into .cache/openapi/)"
        )
    found = integrity(path)
    if found != INTEGRITY:
        raise DescriptionMissing(
            f"{path} is not {PACKAGE}@{VERSION}: integrity {found}, expected {INTEGRITY}"
        )


def _prepare(node: Any) -> Any:
    """OpenAPI 3.0's `nullable: true` as JSON Schema, and oneOf read as anyOf, throughout."""
    if isinstance(node, list):
        return [_prepare(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {k: _prepare(v) for k, v in node.items()}
    if isinstance(out.get("oneOf"), list):  # see the module's docstring
        out["anyOf"] = out.pop("oneOf")
    if out.pop("nullable", False) is not True:
        return out
    if any(k in out for k in ("allOf", "anyOf", "$ref")):
        return {"anyOf": [{"type": "null"}, out]}
    if isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    if "enum" in out and None not in out["enum"]:
        out["enum"] = [*out["enum"], None]
    return out


def _prepared() -> dict:
    verify()
    key = integrity(TARBALL).split("-", 1)[1]
    key = hashlib.sha256((key + PREPARATION).encode()).hexdigest()[:16]
    cached = CACHE / f"prepared-{key}.pickle"
    if cached.is_file():
        return pickle.loads(cached.read_bytes())
    with tarfile.open(TARBALL) as tar:
        member = tar.extractfile(MEMBER)
        if member is None:
            raise DescriptionMissing(f"{TARBALL} holds no {MEMBER}")
        doc = _prepare(json.load(member))
    tmp = cached.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
    tmp.replace(cached)
    return doc


def _pointer(*parts: str) -> str:
    return "#/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


_RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
FORMATS = jsonschema.FormatChecker(["email", "date", "ipv4"])


@FORMATS.checks("date-time")
def _date_time(value: object) -> bool:
    return not isinstance(value, str) or bool(_RFC3339.match(value))


@FORMATS.checks("uri")
def _uri(value: object) -> bool:
    return not isinstance(value, str) or bool(re.match(r"^[a-z][a-z0-9+.-]*:\S+$", value))


@dataclass(frozen=True)
class Operation:
    template: str
    method: str
    node: dict
    params: dict[str, str]  # path parameters as sent


class Description:
    """The prepared description: operations found by method and path, schemas validated."""

    def __init__(self, doc: dict) -> None:
        self.doc = doc
        self.registry = Registry().with_resource(URI, Resource(contents=doc, specification=DRAFT4))
        self._validators: dict[str, jsonschema.Draft4Validator] = {}
        self._routes: list[tuple[int, re.Pattern, re.Pattern | None, str]] = []
        for template in doc["paths"]:
            literal = sum(1 for seg in template.split("/") if seg and "{" not in seg)
            strict = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
            # A file path or a git ref may hold slashes (`contents/{path}`, `git/ref/{ref}`).
            loose = re.sub(r"\(\?P<(path|ref)>\[\^/\]\+\)", r"(?P<\1>.+)", strict)
            self._routes.append(
                (literal, re.compile(strict + "$"), re.compile(loose + "$"), template)
            )
        self._routes.sort(key=lambda r: -r[0])

    # -- finding things
    def operation(self, method: str, path: str) -> Operation | None:
        for which in (1, 2):
            for _, strict, loose, template in self._routes:
                m = (strict if which == 1 else loose).match(path)
                node = self.doc["paths"][template].get(method.lower()) if m else None
                if node is not None:
                    return Operation(template, method.upper(), node, m.groupdict())
        return None

    def resolve(self, node: dict) -> dict:
        while "$ref" in node:
            node = self.registry.resolver(URI).lookup(node["$ref"]).contents
        return node

    def _errors(self, pointer: str, instance: Any, where: str) -> list[str]:
        validator = self._validators.get(pointer)
        if validator is None:
            validator = jsonschema.Draft4Validator(
                {"$ref": URI + pointer}, registry=self.registry, format_checker=FORMATS
            )
            self._validators[pointer] = validator
        found = []
        for err in sorted(validator.iter_errors(instance), key=lambda e: list(e.path))[:5]:
            if err.context:  # oneOf/anyOf: the alternative that came closest says more
                err = jsonschema.exceptions.best_match(err.context) or err
            at = "/".join(str(p) for p in err.absolute_path) or "(top)"
            found.append(f"{where}: at {at}: {_short(err.message)}")
        return found

    # -- parameters
    def _parameters(self, op: Operation) -> list[tuple[dict, str]]:
        """The operation's parameters (the path's shared ones too), each with its schema's
        pointer."""
        out = []
        for base, items in (
            (("paths", op.template), self.doc["paths"][op.template].get("parameters", [])),
            (("paths", op.template, op.method.lower()), op.node.get("parameters", [])),
        ):
            for i, p in enumerate(items):
                ptr = p["$ref"] if "$ref" in p else _pointer(*base, "parameters", str(i))
                out.append((self.resolve(p), ptr + "/schema"))
        return out

    def _check_value(self, param: dict, ptr: str, raw: str, where: str) -> list[str]:
        schema = self.resolve(param.get("schema", {}))
        value: Any = raw
        kind = schema.get("type")
        kinds = kind if isinstance(kind, list) else [kind]
        if "integer" in kinds:
            if not re.fullmatch(r"-?\d+", raw):
                return [f"{where}: {raw!r} is not an integer"]
            value = int(raw)
        elif "boolean" in kinds:
            if raw not in ("true", "false"):
                return [f"{where}: {raw!r} is not true or false"]
            value = raw == "true"
        return self._errors(ptr, value, where)

    # -- the two checks
    def validate_request(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]] | None = None,
        headers: dict[str, str] | None = None,
        body: Any = None,
    ) -> list[str]:
        path, query, body = _split(path), _query(path, query), _raw(body)
        op = self.operation(method, path)
        if op is None:
            return [f"request {method} {path}: no such operation in GitHub's REST API"]
        name = f"request {op.method} {op.template}"
        found: list[str] = []
        query = query or {}
        headers = {k.lower(): v for k, v in (headers or {}).items()}
        documented = set()
        for param, ptr in self._parameters(op):
            where, pname = param["in"], param["name"]
            if where == "path":
                found += self._check_value(
                    param, ptr, op.params.get(pname, ""), f"{name}: path {pname}"
                )
            elif where == "query":
                documented.add(pname)
                if pname in query:
                    for raw in query[pname]:
                        found += self._check_value(param, ptr, raw, f"{name}: query {pname}")
                elif param.get("required"):
                    found.append(f"{name}: query parameter {pname} is required")
            elif where == "header" and param.get("required") and pname.lower() not in headers:
                found.append(f"{name}: header {pname} is required")
        found += [f"{name}: undocumented query parameter {q}" for q in query if q not in documented]
        request_body = op.node.get("requestBody")
        if not body:
            if request_body and request_body.get("required"):
                found.append(f"{name}: a body is required")
            return found
        if request_body is None:
            return [*found, f"{name}: this operation takes no body"]
        content = self.resolve(request_body).get("content", {})
        if "application/json" not in content:
            return [*found, f"{name}: no JSON body is documented"]
        try:
            value = json.loads(body)
        except ValueError:
            return [*found, f"{name}: the body is not JSON"]
        ptr = _pointer(
            "paths", op.template, op.method.lower(), "requestBody", "content", "application/json"
        )
        if "$ref" in request_body:
            ptr = request_body["$ref"] + "/content/application~1json"
        return found + self._errors(ptr + "/schema", value, f"{name}: body")

    def validate_response(
        self,
        method: str,
        path: str,
        status: int,
        headers: dict[str, str] | None = None,
        body: Any = None,
    ) -> list[str]:
        path, body = _split(path), _raw(body)
        op = self.operation(method, path)
        if op is None:
            return [f"response to {method} {path}: no such operation in GitHub's REST API"]
        name = f"response {status} to {op.method} {op.template}"
        responses = op.node["responses"]
        code = str(status)
        if code in responses:
            ptr = _pointer("paths", op.template, op.method.lower(), "responses", code)
            node = responses[code]
            if "$ref" in node:
                ptr = node["$ref"]
                node = self.resolve(node)
        elif code in ANY_OPERATION:
            ptr = _pointer("components", "responses", ANY_OPERATION[code])
            node = self.doc["components"]["responses"][ANY_OPERATION[code]]
        else:
            return [f"{name}: status {status} is not documented (documented: {sorted(responses)})"]
        found: list[str] = []
        headers = {k.lower(): v for k, v in (headers or {}).items()}
        for hname, header in node.get("headers", {}).items():
            header = self.resolve(header)
            if hname.lower() not in headers:
                if header.get("required"):
                    found.append(f"{name}: header {hname} is required")
                continue
            kind = self.resolve(header.get("schema", {})).get("type")
            if kind == "integer" and not re.fullmatch(r"-?\d+", headers[hname.lower()]):
                found.append(f"{name}: header {hname} is not an integer")
        content = node.get("content")
        if not content:
            if body:
                found.append(f"{name}: no body is documented, {len(body)} bytes sent")
            return found
        media = headers.get("content-type", "application/json").split(";")[0].strip()
        if media not in content:
            return [*found, f"{name}: content type {media!r} is not one of {sorted(content)}"]
        try:
            value = json.loads(body or b"")
        except ValueError:
            return [*found, f"{name}: the body is not JSON"]
        if "schema" not in content[media]:
            return found
        media_ptr = ptr + "/content/" + media.replace("~", "~0").replace("/", "~1")
        return found + self._errors(media_ptr + "/schema", value, f"{name}: body")

    def example(self, name: str) -> Any:
        """A recorded example of the description (components/examples), e.g. "issue"."""
        return self.doc["components"]["examples"][name]["value"]


def _split(path: str) -> str:
    return path.split("?", 1)[0]


def _query(path: str, query: dict | None) -> dict[str, list[str]]:
    """The query as parse_qs gives it: `query`, or the one in `path` (`/x?state=open`)."""
    if query is not None:
        return query
    return parse_qs(path.split("?", 1)[1], keep_blank_values=True) if "?" in path else {}


def _raw(body: Any) -> bytes | None:
    """A body as sent: bytes as they are, text encoded, any other value as JSON."""
    if body is None or isinstance(body, bytes):
        return body
    return body.encode() if isinstance(body, str) else json.dumps(body).encode()


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit] + "\u2026"


@functools.cache
def description() -> Description:
    """The prepared description, loaded once per process. Raises DescriptionMissing."""
    return Description(_prepared())


def validate_request(
    method: str,
    path: str,
    query: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
    body: Any = None,
) -> list[str]:
    """Violations of the description by a request; [] when it is a documented, well-formed
    request. `query` as `urllib.parse.parse_qs` gives it, or None to read it from `path`; `body`
    as bytes sent, or a JSON value."""
    return description().validate_request(method, path, query, headers, body)


def validate_response(
    method: str,
    path: str,
    status: int,
    headers: dict[str, str] | None = None,
    body: Any = None,
) -> list[str]:
    """Violations of the description by a response to `method path`; [] when it conforms."""
    return description().validate_response(method, path, status, headers, body)


if __name__ == "__main__":
    try:
        verify(Path(sys.argv[1]) if len(sys.argv) > 1 else TARBALL)
    except DescriptionMissing as exc:
        sys.exit(str(exc))
    print(f"{PACKAGE}@{VERSION}: integrity verified")
