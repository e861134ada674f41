"""``deploy.*``: the shipped deploy recipes still match the site they deploy.

``sitegen init`` writes a GitHub workflow and a Netlify scheduled function that rebuild the site
just after midnight in ``[site] timezone``. Schedulers count in UTC, so the recipes carry the
zone they were made for (a ``sitegen-timezone:`` marker); when the site's zone changes later,
postings would open and close at the wrong hour with no error, so we say so.
"""

from __future__ import annotations

from pathlib import Path

from sitegen.deploy import daily_crons, recipe_timezone
from sitegen.errors import Diagnostic

RECIPES = (".github/workflows/*.yml", ".github/workflows/*.yaml", "netlify/functions/*.mjs")


def check_recipe_timezones(site_dir: Path, timezone: str) -> list[Diagnostic]:
    """A warning for each generated recipe whose daily rebuild is scheduled for another time zone."""
    found = []
    for pattern in RECIPES:
        for path in sorted(site_dir.glob(pattern)):
            try:
                lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                continue
            for number, line in enumerate(lines, 1):
                zone = recipe_timezone(line)
                if zone is None or zone == timezone:
                    continue
                fix = (
                    "crons " + ", ".join(f'"{cron}"' for cron in daily_crons(timezone))
                    if path.suffix in (".yml", ".yaml")
                    else f'TIME_ZONE = "{timezone}"'
                )
                found.append(
                    Diagnostic(
                        path.relative_to(site_dir).as_posix(),
                        number,
                        "schedule",
                        f"the daily rebuild runs at midnight in {zone}, but [site] timezone is {timezone}",
                        f"make it {fix} and the marker 'sitegen-timezone: {timezone}'",
                        "warning",
                        "deploy.schedule-timezone",
                    )
                )
                break
    return found
