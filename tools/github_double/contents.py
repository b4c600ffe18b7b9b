"""The token's user, the repository, file contents and the git data API (refs, blobs, trees,
commits), all over the real bare repository."""

from __future__ import annotations

import base64
import binascii
import re
from typing import TYPE_CHECKING

from tools.github_double import shapes
from tools.github_double.api import REPO, Call, Reply, Route
from tools.github_double.auth import ApiError, Person, not_found, unprocessable
from tools.github_double.gitstore import Commit, Entry, Signature, iso_now

if TYPE_CHECKING:
    from tools.github_double.server import GitHubDouble

SHA = re.compile(r"^[0-9a-f]{40}$")


def _reply(status: int, body: object = None, headers: dict | None = None) -> Reply:
    return Reply(status, body, headers or {})


def repo_url(d: GitHubDouble) -> str:
    return f"{d.api}/repos/{d.full_name}"


def get_user(call: Call) -> Reply:
    return _reply(200, shapes.private_user(call.d, call.person))


def get_repo(call: Call) -> Reply:
    viewer = call.d.people[call.token.login] if call.token else None
    return _reply(200, shapes.repository(call.d, full=True, viewer=viewer))


# -- contents
def _branch_head(d: GitHubDouble, ref: str | None) -> str:
    """The commit a `ref` query names (a branch, tag or sha; default branch when absent)."""
    sha = d.store.resolve(ref or d.default_branch)
    if sha is None:
        raise ApiError(404, f"No commit found for the ref {ref}")
    return sha


def content_entry(d: GitHubDouble, e: Entry, ref: str, data: bytes | None = None) -> dict:
    url = f"{repo_url(d)}/contents/{e.path}?ref={ref}"
    kind = {"blob": "file", "tree": "dir", "commit": "submodule"}[e.type]
    git_url = f"{repo_url(d)}/git/{'trees' if e.type == 'tree' else 'blobs'}/{e.sha}"
    html = f"{shapes.WEB}/{d.full_name}/{'tree' if e.type == 'tree' else 'blob'}/{ref}/{e.path}"
    out = {
        "type": kind,
        "size": e.size or 0,
        "name": e.path.rsplit("/", 1)[-1],
        "path": e.path,
        "sha": e.sha,
        "url": url,
        "git_url": git_url,
        "html_url": html,
        "download_url": (
            f"https://raw.githubusercontent.com/{d.full_name}/{ref}/{e.path}"
            if kind == "file"
            else None
        ),
        "_links": {"self": url, "git": git_url, "html": html},
    }
    if data is not None:
        encoded = base64.encodebytes(data).decode()  # GitHub wraps at 60 columns too
        out |= {"content": encoded, "encoding": "base64"}
    return out


def get_content(call: Call) -> Reply:
    d, path = call.d, call.params["path"].strip("/")
    ref = call.query.get("ref") or d.default_branch
    commit = _branch_head(d, ref)
    entry = d.store.entry(commit, path)
    if entry is None:
        raise not_found()
    if entry.type == "tree":
        children = d.store.tree(commit, prefix=path + "/" if path else None)
        return _reply(200, [content_entry(d, e, ref) for e in children])
    return _reply(200, content_entry(d, entry, ref, d.store.blob(entry.sha)))


def _signature(call: Call, given: dict | None) -> Signature:
    person: Person = call.person
    given = given or {}
    return Signature(
        given.get("name", person.name),
        given.get("email", person.email),
        given.get("date") or iso_now(),
    )


def put_content(call: Call) -> Reply:
    d, path, body = call.d, call.params["path"].strip("/"), call.json()
    branch = body.get("branch") or d.default_branch
    parent = d.store.ref(f"refs/heads/{branch}")
    if parent is None:
        raise ApiError(404, f"Branch {branch} not found")
    try:
        data = base64.b64decode(body["content"], validate=True)
    except (KeyError, binascii.Error):
        raise unprocessable("content is not valid Base64") from None
    existing = d.store.entry(parent, path)
    if existing is not None and "sha" not in body:
        raise unprocessable('Invalid request.\n\n"sha" wasn\'t supplied.')
    if existing is not None and body["sha"] != existing.sha:
        raise ApiError(409, f"{path} does not match {body['sha']}")
    blob = d.store.write_blob(data)
    tree = d.store.write_tree(d.store.commit(parent).tree, [(path, "100644", blob)])
    author = _signature(call, body.get("author") or body.get("committer"))
    committer = _signature(call, body.get("committer"))
    sha = d.store.write_commit(tree, [parent], body["message"], author, committer)
    d.store.set_ref(f"refs/heads/{branch}", sha, parent)
    entry = Entry("100644", "blob", blob, path, len(data))
    commit = d.store.commit(sha)
    return _reply(
        201 if existing is None else 200,
        {"content": content_entry(d, entry, branch), "commit": git_commit(d, commit)},
    )


# -- git data
def git_ref(d: GitHubDouble, name: str, sha: str) -> dict:
    kind = d.store.kind(sha) or "commit"
    return {
        "ref": name,
        "node_id": shapes.node_id("Ref", abs(hash(name)) % 10**9),
        "url": f"{repo_url(d)}/git/{name}",
        "object": {"type": kind, "sha": sha, "url": f"{repo_url(d)}/git/{kind}s/{sha}"},
    }


def get_ref(call: Call) -> Reply:
    name = "refs/" + call.params["ref"]
    sha = call.d.store.ref(name)
    if sha is None:
        raise not_found()
    return _reply(200, git_ref(call.d, name, sha))


def create_ref(call: Call) -> Reply:
    d, body = call.d, call.json()
    name, sha = body.get("ref", ""), body.get("sha", "")
    if not name.startswith("refs/") or name.count("/") < 2:
        raise unprocessable("ref must be formatted as 'refs/heads/branch_name'")
    if not SHA.match(sha) or d.store.kind(sha) is None:
        raise unprocessable("Object does not exist")
    if d.store.ref(name) is not None:
        raise unprocessable("Reference already exists")
    d.store.set_ref(name, sha)
    return _reply(201, git_ref(d, name, sha), {"Location": f"{repo_url(d)}/git/{name}"})


def update_ref(call: Call) -> Reply:
    d, body = call.d, call.json()
    name = "refs/" + call.params["ref"]
    old = d.store.ref(name)
    if old is None:
        raise unprocessable("Reference does not exist")
    sha = body.get("sha", "")
    if not SHA.match(sha) or d.store.kind(sha) != "commit":
        raise unprocessable("Object does not exist")
    if not body.get("force") and not d.store.is_ancestor(old, sha):
        raise unprocessable("Update is not a fast forward")
    d.store.set_ref(name, sha, old)
    return _reply(200, git_ref(d, name, sha))


def delete_ref(call: Call) -> Reply:
    name = "refs/" + call.params["ref"]
    if call.d.store.ref(name) is None:
        raise unprocessable("Reference does not exist")
    call.d.store.delete_ref(name)
    return _reply(204)


def create_blob(call: Call) -> Reply:
    body = call.json()
    text = body.get("content")
    if not isinstance(text, str):
        raise unprocessable('Invalid request.\n\n"content" wasn\'t supplied.')
    if body.get("encoding", "utf-8") == "base64":
        try:
            data = base64.b64decode(text, validate=True)
        except binascii.Error:
            raise unprocessable("content is not valid Base64") from None
    else:
        data = text.encode()
    sha = call.d.store.write_blob(data)
    return _reply(
        201,
        {"url": f"{repo_url(call.d)}/git/blobs/{sha}", "sha": sha},
        {"Location": f"{repo_url(call.d)}/git/blobs/{sha}"},
    )


def get_blob(call: Call) -> Reply:
    """GET a blob by its sha (git/get-blob): base64, wrapped as GitHub wraps it."""
    d, sha = call.d, call.params["sha"]
    if not re.fullmatch(r"[0-9a-f]{40}", sha) or d.store.kind(sha) != "blob":
        raise not_found()
    data = d.store.blob(sha)
    return _reply(
        200,
        {
            "content": base64.encodebytes(data).decode(),
            "encoding": "base64",
            "url": f"{repo_url(d)}/git/blobs/{sha}",
            "sha": sha,
            "size": len(data),
            "node_id": shapes.node_id("Blob", int(sha[:7], 16)),
        },
    )


def create_tree(call: Call) -> Reply:
    d, body = call.d, call.json()
    base = body.get("base_tree")
    if base is not None and d.store.kind(base) not in ("tree", "commit"):
        raise unprocessable("base_tree is not a valid tree oid")
    entries = []
    for item in body.get("tree", []):
        if "content" in item and item.get("sha"):
            raise unprocessable("Must supply either tree.sha or tree.content, not both")
        sha = d.store.write_blob(item["content"].encode()) if "content" in item else item.get("sha")
        if sha is not None and d.store.kind(sha) is None:
            raise unprocessable(f"tree.sha {sha} is not a valid {item.get('type', 'blob')}")
        entries.append((item["path"], item.get("mode", "100644"), sha))
    sha = d.store.write_tree(base, entries)
    return _reply(201, tree_body(d, sha, recursive=False), {"Location": tree_url(d, sha)})


def tree_url(d: GitHubDouble, sha: str) -> str:
    return f"{repo_url(d)}/git/trees/{sha}"


def tree_body(d: GitHubDouble, sha: str, recursive: bool) -> dict:
    items = []
    for e in d.store.tree(sha, recursive=recursive):
        kind = "trees" if e.type == "tree" else "blobs"
        item = {"path": e.path, "mode": e.mode, "type": e.type, "sha": e.sha}
        if e.size is not None:
            item["size"] = e.size
        item["url"] = f"{repo_url(d)}/git/{kind}/{e.sha}"
        items.append(item)
    return {"sha": sha, "url": tree_url(d, sha), "tree": items, "truncated": False}


def get_tree(call: Call) -> Reply:
    d, sha = call.d, call.params["sha"]
    if d.store.kind(sha) not in ("tree", "commit"):
        raise not_found()
    tree = d.store.git("rev-parse", f"{sha}^{{tree}}").decode().strip()
    recursive = call.query.get("recursive") not in (None, "", "0", "false")
    return _reply(200, tree_body(d, tree, recursive))


def _person_json(s: Signature) -> dict:
    return {"name": s.name, "email": s.email, "date": s.date}


def git_commit(d: GitHubDouble, c: Commit) -> dict:
    url = f"{repo_url(d)}/git/commits/{c.sha}"
    return {
        "sha": c.sha,
        "node_id": shapes.node_id("Commit", int(c.sha[:7], 16)),
        "url": url,
        "html_url": f"{shapes.WEB}/{d.full_name}/commit/{c.sha}",
        "author": _person_json(c.author),
        "committer": _person_json(c.committer),
        "tree": {"sha": c.tree, "url": tree_url(d, c.tree)},
        "message": c.message,
        "parents": [
            {
                "sha": p,
                "url": f"{repo_url(d)}/git/commits/{p}",
                "html_url": f"{shapes.WEB}/{d.full_name}/commit/{p}",
            }
            for p in c.parents
        ],
        "verification": {
            "verified": False,
            "reason": "unsigned",
            "signature": None,
            "payload": None,
            "verified_at": None,
        },
    }


def create_commit(call: Call) -> Reply:
    d, body = call.d, call.json()
    tree, parents = body.get("tree", ""), body.get("parents", [])
    if d.store.kind(tree) != "tree":
        raise unprocessable("Tree SHA does not exist")
    for p in parents:
        if not SHA.match(p) or d.store.kind(p) != "commit":
            raise unprocessable("Parent SHA does not exist or is not a commit object")
    author = _signature(call, body.get("author"))
    committer = _signature(call, body.get("committer") or body.get("author"))
    sha = d.store.write_commit(tree, parents, body.get("message", ""), author, committer)
    return _reply(
        201, git_commit(d, d.store.commit(sha)), {"Location": f"{repo_url(d)}/git/commits/{sha}"}
    )


def get_commit(call: Call) -> Reply:
    c = call.d.store.commit(call.params["sha"])
    if c is None:
        raise not_found()
    return _reply(200, git_commit(call.d, c))


ROUTES: list[Route] = [
    ("GET", r"/user", "user", "read", get_user),
    ("GET", REPO, "metadata", "read", get_repo),
    ("GET", REPO + r"/contents/?(?P<path>.*)", "contents", "read", get_content),
    ("PUT", REPO + r"/contents/(?P<path>.+)", "contents", "write", put_content),
    ("GET", REPO + r"/git/ref/(?P<ref>.+)", "contents", "read", get_ref),
    ("POST", REPO + r"/git/refs", "contents", "write", create_ref),
    ("PATCH", REPO + r"/git/refs/(?P<ref>.+)", "contents", "write", update_ref),
    ("DELETE", REPO + r"/git/refs/(?P<ref>.+)", "contents", "write", delete_ref),
    ("POST", REPO + r"/git/blobs", "contents", "write", create_blob),
    ("GET", REPO + r"/git/blobs/(?P<sha>[^/]+)", "contents", "read", get_blob),
    ("POST", REPO + r"/git/trees", "contents", "write", create_tree),
    ("GET", REPO + r"/git/trees/(?P<sha>[^/]+)", "contents", "read", get_tree),
    ("POST", REPO + r"/git/commits", "contents", "write", create_commit),
    ("GET", REPO + r"/git/commits/(?P<sha>[^/]+)", "contents", "read", get_commit),
]
