"""Macros for hand-written pages, so guidance stays in step with services.yaml. Thin: logic is in earlyhelp,
and nothing here imports MkDocs."""
from pathlib import Path

from earlyhelp import InvalidData
from earlyhelp.generate import Project, content_of
from earlyhelp.render import render, root_from, rule_html

PROJECT = Project(Path(__file__).resolve().parent)  # not MkDocs' config: any builder that runs macros finds it


def define_env(env):
    try:
        directory = content_of(PROJECT).directory  # the same read as the build's (cached)
    except InvalidData:
        return  # the build stops on these problems with every one listed (hooks.py, or the generate step)

    def root():
        return root_from(env.page.url)

    def service(service_id):
        if service_id not in directory.by_id:
            raise ValueError(f"no service with id '{service_id}' in services.yaml")
        return directory.by_id[service_id]

    @env.macro
    def service_card(service_id):
        """A short card: name, summary and how to reach the service."""
        return render("card.html", s=service(service_id), directory=directory, root=root())

    @env.macro
    def service_list(need=None, level=None, area=None, sos=None):
        """Services matching every filter given, A to Z."""
        chosen = [s for s in directory.services
                  if (need is None or need in s.needs) and (level is None or level in s.levels)
                  and (area is None or area in s.areas or "citywide" in s.areas) and (sos is None or s.sos == sos)]
        return render("list.html", services=chosen, directory=directory, root=root())

    @env.macro
    def service_link(service_id):
        s = service(service_id)
        return render("link.html", s=s, root=root())

    @env.macro
    def rule(rule_id):
        """A rule written once in rules/ID.md (e.g. telling parents about a referral), the same on every page."""
        return rule_html(rule_id, schedules=directory.schedules)

    env.variables["service_count"] = len(directory.services)
