"""The browser's third-party code: pinned, checksummed, licensed and served from the site."""

from __future__ import annotations

import re

from tools import vendor


def test_every_vendored_file_matches_its_manifest_checksum() -> None:
    assert vendor.problems(vendor.load()) == []


def test_every_package_is_pinned_with_its_registry_integrity_and_licence() -> None:
    for package in vendor.load()["packages"]:
        assert re.fullmatch(r"\d+\.\d+\.\d+", package["version"]), package["name"]
        assert package["folder"].endswith(f"-{package['version']}")
        assert package["tarball"].startswith("https://registry.npmjs.org/")
        assert package["tarball"].endswith(f"-{package['version']}.tgz")
        assert re.fullmatch(r"sha512-[A-Za-z0-9+/]{86}==", package["integrity"])
        licence = (vendor.VENDOR / package["folder"] / package["license"]["file"]).read_text()
        assert package["license"]["spdx"] == "MIT" and "MIT License" in licence


def test_no_vendored_file_is_outside_the_manifest() -> None:
    listed = {vendor.MANIFEST}
    for package in vendor.load()["packages"]:
        folder = vendor.VENDOR / package["folder"]
        listed |= {folder / rel for rel in package["files"]} | {folder / package["license"]["file"]}
    present = {p for p in vendor.VENDOR.rglob("*") if p.is_file()}
    assert present == listed


def test_a_changed_vendored_file_is_named(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import shutil

    copy = tmp_path / "vendor"
    shutil.copytree(vendor.VENDOR, copy)
    package = vendor.load()["packages"][0]
    target = copy / package["folder"] / "validate.js"
    target.write_bytes(target.read_bytes() + b"\n// changed\n")
    monkeypatch.setattr(vendor, "VENDOR", copy)
    monkeypatch.setattr(vendor, "ROOT", tmp_path)
    assert vendor.problems(vendor.load()) == [
        f"vendor/{package['folder']}/validate.js: sha256 differs from the manifest"
    ]
