"""GitHub workflow commands (`::error file=…,line=…::message`), with every value escaped as GitHub requires.

The runner reads any output line that starts with `::` as a command, so a value from services.yaml or from a
web server that held a newline could otherwise write a second command of its own. Escaped, it stays data."""
from __future__ import annotations


def escape_data(text) -> str:
    """A command's message, or a plain output line that holds data: no line break can survive."""
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value) -> str:
    """A property value (file=, title=…): also no ':' or ',', which end the value."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def workflow_command(command: str, message, **properties) -> str:
    """`workflow_command("error", "text", file="a.yaml", line=3)` → `::error file=a.yaml,line=3::text`.
    Properties whose value is None are left out."""
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items() if value is not None)
    return f"::{command}{' ' + props if props else ''}::{escape_data(message)}"
