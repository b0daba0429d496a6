"""The SOS list for police officers: the immediate-risk route first, then the `sos` services grouped by need."""
from __future__ import annotations

from dataclasses import dataclass

from .model import Contact, Directory, Service


@dataclass(frozen=True)
class NeedGroup:
    key: str
    label: str
    services: tuple[Service, ...]


def need_groups(directory: Directory) -> tuple[NeedGroup, ...]:
    """One group per need, in the schema's order. A service is listed in full under each of its needs, so an
    officer who looks under any one need finds it; the immediate-risk services are also in the quick-dial box."""
    listed = directory.sos()
    groups = (NeedGroup(key, label, tuple(s for s in listed if key in s.needs))
              for key, label in directory.labels.needs.items())
    return tuple(group for group in groups if group.services)


def phones_for(service: Service, directory: Directory) -> tuple[Contact, ...]:
    """The numbers to call for a service: its own, or those of the service it is reached through."""
    if service.contacts:
        return service.phones
    return directory.by_id[service.reach_via].phones if service.reach_via else ()
