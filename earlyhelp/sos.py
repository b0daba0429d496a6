"""The SOS list for police officers: the immediate-risk route first, then the situations officers meet (from
situations.yaml), then each service on the list once. Also the text an officer can send a family."""
from __future__ import annotations

from urllib.parse import quote

from . import numbers, urls
from .model import Directory

PAGE = urls.sos().url


def public_address(site_url: str) -> str:
    """The SOS page's public address, or "" while the site's address is not set."""
    return site_url.rstrip("/") + "/" + PAGE if site_url else ""


def family_text(heading: str, phones, address: str = "") -> str:
    """What an officer texts a family: numbers the public can ring (never one to be confirmed), and where to
    read more. "" when there is no such number: the page then says so instead of offering a text."""
    usable = [c for c in phones if c.for_a_family_text]
    if not usable:
        return ""
    lines = [heading] + [f"{c.label}: {c.value}" + (f" ({c.hours})" if c.hours else "") for c in usable]
    if address:
        lines.append(f"More: {address}")
    return "\n".join(lines)


def sms_href(text: str) -> str:
    # "?&body=" is read by both Android and iOS messaging apps; a plain link, so it works offline.
    return "sms:?&body=" + quote(text, safe="")


def oldest_check(directory: Directory):
    """The oldest day any entry on the SOS list (the immediate-risk route's included) was checked: what the page
    and sos.json say the list is as of, rather than the build's date."""
    return min(s.last_checked for s in (*directory.immediate_risk, *directory.sos()))


def page_values(directory: Directory, site_url: str, new_numbers: dict | None = None) -> dict:
    """What the SOS page's template is given (pages.py). new_numbers: number -> the day it came in, for the
    numbers new or changed lately (changes.py), marked so an officer notices a number that moved."""
    address = public_address(site_url)
    urgent = numbers.immediate_risk_pairs(directory)
    return {"urgent_pairs": urgent, "oldest_check": oldest_check(directory),
            "urgent_doubtful": any(c.to_confirm for _, c in urgent),
            "situations": directory.situations, "services": directory.sos(), "address": address,
            "family_text": family_text, "sms_href": sms_href, "new_numbers": new_numbers or {}}
