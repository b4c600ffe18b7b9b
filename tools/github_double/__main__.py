"""`python -m tools.github_double --repo DIR --port N`: a GitHub double to try the site by hand.

DIR (a working copy or a bare repository) is cloned into a temporary bare repository, which the
double serves as OWNER/NAME; DIR itself is never changed. Everyone in the roster (data/roster.yml
on the default branch) gets a person and a token, printed at start; --person adds others."""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import yaml

from tools.github_double.auth import LEVELS, PERMISSIONS
from tools.github_double.gitstore import GitStore
from tools.github_double.server import GitHubDouble


def roster_people(store: GitStore, branch: str) -> dict[str, str]:
    """login -> name for everyone the roster names (the login when it gives no name)."""
    try:
        data = yaml.safe_load(store.git("show", f"{branch}:data/roster.yml")) or {}
    except Exception:
        return {}
    found: dict[str, str] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("login"), str):
                found[node["login"]] = str(node.get("name") or node["login"])
            for key, value in node.items():
                if key in ("heads", "maintainers") and isinstance(value, list):
                    for login in value:
                        if isinstance(login, str):
                            found.setdefault(login, login)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(data)
    return found


def permissions(text: str) -> dict[str, str]:
    out = {}
    for part in filter(None, text.split(",")):
        key, _, level = part.partition("=")
        if key not in PERMISSIONS or level not in LEVELS:
            raise argparse.ArgumentTypeError(f"not a permission: {part}")
        out[key] = level
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.github_double", description=__doc__)
    parser.add_argument("--repo", type=Path, required=True, help="the repository to serve")
    parser.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1")
    parser.add_argument("--owner", default="college")
    parser.add_argument("--name", default="projects")
    parser.add_argument("--private", action="store_true", help="a private repository")
    parser.add_argument(
        "--person", action="append", default=[], metavar="LOGIN[:NAME]", help="one more person"
    )
    parser.add_argument(
        "--permissions",
        type=permissions,
        default=None,
        metavar="contents=write,...",
        help="the tokens' permissions (default: all at write)",
    )
    parser.add_argument("--no-checks", action="store_true", help="do not run check/approvals")
    args = parser.parse_args(argv)

    tmp = tempfile.mkdtemp(prefix="github-double-")
    store = GitStore.clone_bare(args.repo.resolve(), Path(tmp) / "repo.git")
    double = GitHubDouble(
        store.path,
        owner=args.owner,
        name=args.name,
        private=args.private,
        run_checks=not args.no_checks,
    )
    double.echo = True
    people = roster_people(store, double.default_branch)
    for item in args.person:
        login, _, name = item.partition(":")
        people[login] = name or login
    double.start(args.port)
    print(f"GitHub double for {double.full_name} at {double.api} (repository: {store.path})")
    for login, name in sorted(people.items()):
        double.add_person(login, name)
        print(f"  {login:<16} {name:<8} {double.add_token(login, args.permissions)}")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        double.stop()
        if double.violations:
            print("\n".join(["Violations of GitHub's OpenAPI description:", *double.violations]))


if __name__ == "__main__":
    main()
