"""A Content-Security-Policy for every page: same-origin only, and no inline script but the exact ones the
theme and we wrote, allowed by their hashes. Injected as a meta tag, since a static host may not set headers."""
from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
_HEAD = re.compile(r"<head[^>]*>(\s*<meta charset=[^>]*>)?", re.I)  # after the charset: it must come first


_live_reload = [False]  # set for `mkdocs serve` only (hooks.py on_startup); a built site never has it


def allow_live_reload(serving: bool) -> None:
    """`mkdocs serve` adds an inline live-reload script to every page as it serves it, with a new body for each
    request, so no hash can allow it: while serving (never in a built site) inline scripts are allowed."""
    _live_reload[0] = serving


def policy(html: str) -> str:
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
                     for body in _INLINE_SCRIPT.findall(html) if body.strip()})
    if _live_reload[0]:
        scripts = "script-src 'self' 'unsafe-inline'"  # with any hash listed, browsers would ignore 'unsafe-inline'
    else:
        scripts = "script-src 'self' " + " ".join(hashes) if hashes else "script-src 'self'"
    return "; ".join([
        "default-src 'self'",
        scripts,
        "style-src 'self' 'unsafe-inline'",  # Material sets style attributes; styles cannot run code
        "img-src 'self' data:",  # the theme's icons are data: URIs in its CSS
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def with_policy(html: str) -> str:
    """The page with its policy at the top of <head>, before any script can run."""
    head = _HEAD.search(html)
    if head is None or 'http-equiv="Content-Security-Policy"' in html[:4096]:  # none, or set by an earlier run
        return html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    return html[: head.end()] + meta + html[head.end():]
