"""Installable in single-person mode: the manifest, its icons and the service worker, all
served by the app itself (nothing from a CDN), and none of it in clinic mode."""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path
from typing import Any

STATIC = Path(__file__).resolve().parents[2] / "src" / "glutemed" / "web" / "static"


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (bytes 16-24)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def test_every_page_links_the_manifest_and_its_icons_match_their_declared_sizes(
    client: Any, helpers: Any
) -> None:
    person_id = helpers.start(client)
    page = client.get(f"/people/{person_id}/today").text
    href = re.search(r'<link rel="manifest" href="([^"]+)"', page)
    assert href and href.group(1) == "/static/manifest.webmanifest"
    manifest = client.get(href.group(1)).json()
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    purposes = {icon["purpose"] for icon in manifest["icons"]}
    assert {"any", "maskable"} <= purposes
    for icon in manifest["icons"]:
        response = client.get(icon["src"])
        assert response.status_code == 200 and response.headers["content-type"] == "image/png"
        width, height = _png_size(response.content)
        assert f"{width}x{height}" == icon["sizes"], icon


def test_the_service_worker_is_served_from_the_root_and_always_revalidated(client: Any) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "no-cache"
    assert 'addEventListener("fetch"' in response.text


def test_nothing_is_loaded_from_another_site() -> None:
    """The page's own scripts, style, manifest and worker name no other origin."""
    for name in ("app.js", "sw.js", "app.css", "manifest.webmanifest"):
        text = (STATIC / name).read_text(encoding="utf-8")
        assert not re.search(r"https?://", text), name
    json.loads((STATIC / "manifest.webmanifest").read_text(encoding="utf-8"))


def test_clinic_mode_is_not_installed_nor_kept_offline(make_app: Any) -> None:
    """A clinic's pages stay off the devices that open them: no manifest, no worker."""
    from fastapi.testclient import TestClient

    page = TestClient(make_app(clinic=True)).get("/login").text
    assert 'rel="manifest"' not in page
    assert 'data-offline="on"' not in page
