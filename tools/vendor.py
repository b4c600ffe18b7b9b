"""Re-fetch the browser's third-party libraries and rewrite docs/javascripts/vendor/.

    python -m tools.vendor            # fetch every package of the manifest again, check, rewrite
    python -m tools.vendor --check    # only verify the vendored files against the manifest

The site serves its libraries itself (no CDN). Each package is fetched with `npm pack
<name>@<version>`; the tarball's sha512 must equal the integrity the registry publishes
(`npm view <name>@<version> dist.integrity`), then the listed files are copied byte for byte and
the manifest records each file's sha256. The licence file is kept as written (some packages, such
as @cfworker/json-schema, do not ship it in their tarball; the manifest names where it came from).
tests/test_vendor.py recomputes the checksums on every test run; this script needs npm and the
registry, the tests need neither.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "docs/javascripts/vendor"
MANIFEST = VENDOR / "MANIFEST.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load() -> dict:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def problems(manifest: dict) -> list[str]:
    """Every vendored file whose bytes differ from the manifest, or that is missing."""
    found = []
    for package in manifest["packages"]:
        folder = VENDOR / package["folder"]
        for rel, digest in {
            **package["files"],
            package["license"]["file"]: package["license"]["sha256"],
        }.items():
            path = folder / rel
            if not path.is_file():
                found.append(f"{path.relative_to(ROOT)}: missing")
            elif sha256(path.read_bytes()) != digest:
                found.append(f"{path.relative_to(ROOT)}: sha256 differs from the manifest")
    return found


def _npm(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["npm", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


def refetch(package: dict) -> None:
    spec = f"{package['name']}@{package['version']}"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        integrity = _npm("view", spec, "dist.integrity", cwd=work)
        tarball_url = _npm("view", spec, "dist.tarball", cwd=work)
        name = json.loads(_npm("pack", spec, "--json", cwd=work))[0]["filename"]
        raw = (work / name).read_bytes()
        algo, _, expected = integrity.partition("-")
        actual = base64.b64encode(hashlib.new(algo, raw).digest()).decode()
        if algo != "sha512" or actual != expected:
            sys.exit(f"{spec}: the tarball's {algo} is not the registry's integrity; not vendored")
        folder = VENDOR / package["folder"]
        files = {}
        with tarfile.open(work / name) as tar:
            for rel in package["files"]:
                member = tar.extractfile(f"package/{package['source_dir']}/{rel}")
                if member is None:
                    sys.exit(f"{spec}: {rel} is not in the tarball")
                data = member.read()
                (folder / rel).parent.mkdir(parents=True, exist_ok=True)
                (folder / rel).write_bytes(data)
                files[rel] = sha256(data)
        package.update(tarball=tarball_url, integrity=integrity, files=files)
        package["license"]["sha256"] = sha256((folder / package["license"]["file"]).read_bytes())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only verify the vendored files")
    args = parser.parse_args(argv)
    manifest = load()
    if not args.check:
        for package in manifest["packages"]:
            refetch(package)
        MANIFEST.write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    found = problems(manifest)
    for line in found:
        print(line, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
