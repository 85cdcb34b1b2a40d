"""QR codes for pairing links, drawn by segno (a maintained, dependency-free QR encoder):
an SVG for the computer's Phones page and block characters for the terminal.

segno is imported inside the functions, so start-up stays light.
"""

from __future__ import annotations

import io


def _code(text: str) -> object:
    import segno

    # Error correction M (15 %): a code on a screen is clean; a lower level keeps the
    # modules large enough for a phone camera at arm's length.
    return segno.make(text, error="m", micro=False)


def qr_svg(text: str, title: str) -> str:
    """An inline ``<svg>`` of the code, sized by its container (no fixed width)."""
    code = _code(text)
    svg: str = code.svg_inline(  # type: ignore[attr-defined]
        scale=8, border=4, dark="#16202a", light="#ffffff", omitsize=True,
        title=title, svgclass="qr", lineclass=None,
    )
    return svg


def qr_terminal(text: str) -> str:
    """The code as block characters (two rows of modules per line), for a terminal."""
    out = io.StringIO()
    _code(text).terminal(out=out, compact=True)  # type: ignore[attr-defined]
    return out.getvalue()
