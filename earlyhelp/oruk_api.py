"""What the Open Referral UK feed says about itself: the `/` API-information document and an OpenAPI document
describing the static files in oruk/. A static host has no endpoints, only files, so each path here is a file,
and the responses are described by the UK profile's own published schemas."""
from __future__ import annotations

VERSION = "HSDS-UK-3.0"  # how the profile's validator names HSDS 3.0 with the UK profile, read from `/`
PROFILE = "https://open-referral-uk-profile.readthedocs.io/en/latest/"
SCHEMAS = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/compiled/"
INFO_FILE, OPENAPI_FILE = "index.json", "openapi.json"  # in oruk/, beside services.json


def api_info(site_url: str = "") -> dict:
    """`GET /`. openapi_url must be an absolute address, so it is given only once the site's is known."""
    info = {"version": VERSION, "profile": PROFILE}
    if site_url:
        info["openapi_url"] = f"{site_url.rstrip('/')}/oruk/{OPENAPI_FILE}"
    return info


def openapi(page_size: int) -> dict:
    page = {"$ref": "#/components/schemas/page"}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Sunderland early help guide: Open Referral UK feed", "version": VERSION,
                 "description": (
                     "Static files rebuilt with the guide. Each path is a file: query parameters are not read, so "
                     "the listing is split into page files instead of answering ?page=N, with "
                     f"{page_size} services to a page.")},
        "servers": [{"url": ".", "description": "the folder this document is in"}],
        "paths": {
            f"/{INFO_FILE}": _get("What GET / returns: the HSDS version and profile of this feed.", {
                "type": "object", "required": ["version", "profile"],
                "properties": {"version": {"type": "string"}, "profile": {"type": "string", "format": "uri"},
                               "openapi_url": {"type": "string", "format": "uri"}}}),
            "/services.json": _get("What GET /services returns: the first page of the listing.", page),
            "/services/page-{page}.json": _get("Page N of the listing, as GET /services?page=N would return it.",
                                               page, [_path_parameter("page", {"type": "integer", "minimum": 1})]),
            "/services/{id}.json": _get("What GET /services/{id} returns: one service, in full.",
                                        {"$ref": SCHEMAS + "service.json"},
                                        [_path_parameter("id", {"type": "string", "format": "uuid"})]),
        },
        "components": {"schemas": {"page": {
            "type": "object",
            "required": ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty",
                         "contents"],
            "properties": {
                "total_items": {"type": "integer", "description": "Services in the whole listing."},
                "total_pages": {"type": "integer", "description": "Page files in the listing."},
                "page_number": {"type": "integer", "description": "This page's number, from 1."},
                "size": {"type": "integer", "description": "Services on this page: the length of contents."},
                "first_page": {"type": "boolean"}, "last_page": {"type": "boolean"},
                "empty": {"type": "boolean", "description": "True only when contents is empty."},
                "contents": {"type": "array", "items": {"$ref": SCHEMAS + "service.json"},
                             "description": "Full service records, as the single-service files hold them."},
            }}}},
    }


def _get(summary: str, schema: dict, parameters: list | None = None) -> dict:
    operation = {"summary": summary, "responses": {"200": {
        "description": "The file.", "content": {"application/json": {"schema": schema}}}}}
    return {"get": {**operation, **({"parameters": parameters} if parameters else {})}}


def _path_parameter(name: str, schema: dict) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema}
