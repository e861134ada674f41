"""Personio's public XML feed: ``GET https://{company}.jobs.personio.de/xml``.

The answer is ``<workzag-jobs>`` with one ``<position>`` per job: ``id``, ``name``, ``department``,
``office`` and ``additionalOffices/office``, ``employmentType`` (permanent, intern, trainee,
freelance...), ``schedule`` (full-time, part-time...), ``seniority``, ``recruitingCategory``,
``createdAt`` (ISO 8601), ``salaryInformation`` where the account shows pay, and
``jobDescriptions/jobDescription/{name, value}`` with HTML in CDATA. The job's page is
``https://{company}.jobs.personio.de/job/{id}``.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from urllib.parse import quote

from sitegen.importers._values import account_label, amount, describe_body, timestamp
from sitegen.importers._xml import UnsafeXML, parse_xml
from sitegen.importers.base import ImportProblem, RawJob, RawSalary

# Facts Personio gives that have no field of their own, kept in ``RawJob.extra`` under our key.
_EXTRA = {
    "subcompany": "subcompany",
    "recruitingCategory": "recruiting_category",
    "seniority": "seniority",
    "schedule": "schedule",
    "yearsOfExperience": "years_of_experience",
    "keywords": "keywords",
    "occupation": "occupation",
    "occupationCategory": "occupation_category",
}


class PersonioImporter:
    """Maps the positions of a Personio XML feed."""

    name = "personio"

    def endpoint(self, account: str) -> str:
        """The public XML feed of ``account``."""
        return f"https://{account_label(account)}.jobs.personio.de/xml"

    def parse(self, data: bytes, account: str) -> tuple[list[RawJob], list[ImportProblem]]:
        """Read ``<workzag-jobs>`` into jobs; anything else is one problem."""
        expected = "expected <workzag-jobs> XML from the account's /xml feed"
        found = describe_body(data)
        if found not in ("XML", "an HTML page"):  # an HTML page may be well-formed XML: its root says
            return [], [ImportProblem(f"not a Personio XML feed: got {found} ({expected})")]
        try:
            root = parse_xml(data)
        except UnsafeXML as error:
            return [], [ImportProblem(f"not a Personio XML feed: refused {found} because {error}")]
        if root.tag != "workzag-jobs":
            found = f"the root element is <{root.tag}>"
            return [], [ImportProblem(f"not a Personio XML feed: {found} ({expected})")]
        jobs: dict[str, RawJob] = {}
        problems: list[ImportProblem] = []
        for index, position in enumerate(root.findall("position")):
            job = _job(position, index, account, problems)
            if job is None:
                continue
            if job.ats_id in jobs:
                # Personio's feed can list a position twice; identical copies are the same job.
                if jobs[job.ats_id] != job:
                    message = f"position {job.ats_id} appears twice with different content: kept the first"
                    problems.append(ImportProblem(message, job.ats_id))
                continue
            jobs[job.ats_id] = job
        return list(jobs.values()), problems


def _child(element: ET.Element, tag: str) -> str | None:
    """The trimmed text of ``element``'s first ``tag`` child, or ``None`` when absent or blank."""
    found = element.find(tag)
    value = "".join(found.itertext()).strip() if found is not None else ""
    return value or None


def _job(position: ET.Element, index: int, account: str, problems: list[ImportProblem]) -> RawJob | None:
    """One position, or ``None`` (with a problem) when it lacks an id or a name."""
    ats_id, title = _child(position, "id"), _child(position, "name")
    if ats_id is None or title is None:
        missing = "<id>" if ats_id is None else "<name>"
        problems.append(ImportProblem(f"position #{index + 1} has no {missing}: skipped", ats_id))
        return None
    created, why = timestamp(_child(position, "createdAt"))
    if why:
        problems.append(ImportProblem(f"position {ats_id} ({title}): createdAt {why}", ats_id))
    offices = [_child(position, "office")]
    offices += ["".join(o.itertext()).strip() for o in position.findall("additionalOffices/office")]
    places = tuple(dict.fromkeys(o for o in offices if o))
    kinds = [k for k in (_child(position, "employmentType"), _child(position, "schedule")) if k]
    extra = {ours: value for theirs, ours in _EXTRA.items() if (value := _child(position, theirs))}
    description = _description(position)
    if not description:
        extra["note"] = "Personio's feed has no description for this position"
    return RawJob(
        ats_id=ats_id,
        title=title,
        apply_url=f"https://{account_label(account)}.jobs.personio.de/job/{quote(ats_id, safe='')}",
        description_html=description,
        department=_child(position, "department"),
        location_texts=places,
        employment_type=", ".join(kinds) or None,
        salary=_salary(position, ats_id, title, problems),
        date_posted=created,
        extra=extra,
    )


def _description(position: ET.Element) -> str:
    """Each ``jobDescription`` as a heading (its ``name``) over its HTML ``value``."""
    sections = []
    for part in position.findall("jobDescriptions/jobDescription"):
        heading, body = _child(part, "name"), _child(part, "value")
        if body is None:
            continue
        sections.append(f"<h3>{html.escape(heading)}</h3>\n{body}" if heading else body)
    return "\n".join(sections)


def _salary(position: ET.Element, ats_id: str, title: str, problems: list[ImportProblem]) -> RawSalary | None:
    """``salaryInformation {min, max, currencyCode, type}``, where the account publishes pay."""
    info = position.find("salaryInformation")
    if info is None:
        return None
    bounds = []
    for tag in ("min", "max"):
        value, why = amount(_child(info, tag))
        if why:
            problems.append(ImportProblem(f"position {ats_id} ({title}): salaryInformation/{tag} {why}", ats_id))
        bounds.append(value)
    if bounds == [None, None]:
        return None
    return RawSalary(bounds[0], bounds[1], _child(info, "currencyCode"), _child(info, "type"))


IMPORTER = PersonioImporter()
