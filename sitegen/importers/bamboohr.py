"""BambooHR's careers list: ``GET https://{company}.bamboohr.com/careers/list``.

The answer is ``{"meta": {"totalCount": N}, "result": [...]}``; each opening has ``id``,
``jobOpeningName``, ``departmentLabel``, ``employmentStatusLabel``, ``location {city, state}``,
``atsLocation {city, state, province, country}``, ``isRemote`` and ``locationType``. The list has
no description and no dates (each job's page, ``/careers/{id}``, has them): those stay empty and
the framework's checks report what is missing.
"""

from __future__ import annotations

from urllib.parse import quote

from sitegen.importers._values import account_label, field, identifier, load_json, text
from sitegen.importers.base import ImportProblem, RawJob


class BambooHRImporter:
    """Maps the openings of a BambooHR careers site."""

    name = "bamboohr"

    def endpoint(self, account: str) -> str:
        """The public careers list of ``account``."""
        return f"https://{account_label(account)}.bamboohr.com/careers/list"

    def parse(self, data: bytes, account: str) -> tuple[list[RawJob], list[ImportProblem]]:
        """Read ``{"result": [...]}`` into jobs; anything else is one problem."""
        body, why = load_json(data)
        openings = field(body, "result")
        if not isinstance(openings, list):
            found = why or "JSON without a 'result' list"
            return [], [ImportProblem(f'not a BambooHR careers list: got {found} (expected {{"result": [...]}})')]
        jobs: list[RawJob] = []
        problems: list[ImportProblem] = []
        for index, opening in enumerate(openings):
            if not isinstance(opening, dict):
                problems.append(ImportProblem(f"opening #{index + 1} is not a JSON object: skipped"))
                continue
            ats_id, title = identifier(opening.get("id")), text(opening.get("jobOpeningName"))
            if ats_id is None or title is None:
                missing = "id" if ats_id is None else "jobOpeningName"
                problems.append(ImportProblem(f"opening #{index + 1} has no {missing}: skipped", ats_id))
                continue
            extra = {"note": "BambooHR's careers list has no description or dates; see the job's page"}
            if location_type := identifier(opening.get("locationType")):
                extra["location_type"] = location_type
            place, is_remote = _place(opening), opening.get("isRemote")
            jobs.append(
                RawJob(
                    ats_id=ats_id,
                    title=title,
                    apply_url=f"https://{account_label(account)}.bamboohr.com/careers/{quote(ats_id, safe='')}",
                    description_html="",
                    department=text(opening.get("departmentLabel")),
                    location_texts=(place,) if place else (),
                    remote=is_remote if isinstance(is_remote, bool) else None,
                    employment_type=text(opening.get("employmentStatusLabel")),
                    extra=extra,
                )
            )
        return jobs, problems


def _place(opening: dict[str, object]) -> str | None:
    """The place as "city, state, country" from ``atsLocation`` when it has any part, else ``location``."""
    for key in ("atsLocation", "location"):
        block = opening.get(key)
        parts = [p.strip() for k in ("city", "state", "province", "country") if (p := text(field(block, k)))]
        if parts:
            return ", ".join(parts)
    return None


IMPORTER = BambooHRImporter()
