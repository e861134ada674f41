"""Deploy recipes that ``sitegen init`` writes: Netlify, a scheduled rebuild, a GitHub Actions workflow.

The repository's own ``netlify.toml`` is this same recipe with ``pip install .`` as the install
step (a test keeps the two identical), so what we ship is what we run.

Postings open and close at midnight in the site's time zone (``[site] timezone``), but both
schedulers count in UTC: the workflow gets one UTC cron line per UTC offset the zone has in a
year (so one of them falls just after local midnight in every season), and the Netlify function
runs hourly and calls the build hook only in the first hour of the local day. Both carry a
``sitegen-timezone:`` marker so ``sitegen check`` can tell when the site's zone has moved on.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

REPO_INSTALL = "python -m pip install ."
SITE_INSTALL = "python -m pip install -r requirements.txt"

NETLIFY_TOML = """\
# Netlify builds the careers site on every push; see sitegen's README, "Deploying".
# Production uses the site's URL; deploy previews and branch deploys get their own URL and
# are kept out of search results with --noindex (meta robots and X-Robots-Tag say noindex;
# robots.txt still lets crawlers in, or they would never see it).
[build]
  command = "{history} && {install} && python -m sitegen build --base-url \\"$URL\\""
  publish = "build"

[build.environment]
  PYTHON_VERSION = "3.11"

[context.deploy-preview]
  command = "{history} && {install} && python -m sitegen build --base-url \\"$DEPLOY_PRIME_URL\\" --noindex"

[context.branch-deploy]
  command = "{history} && {install} && python -m sitegen build --base-url \\"$DEPLOY_PRIME_URL\\" --noindex"

# Postings open and close on dates, but a static site only changes when it is rebuilt:
# netlify/functions/scheduled-rebuild.mjs calls a build hook every day (set BUILD_HOOK_URL).
[functions]
  directory = "netlify/functions"

# Keep sitegen's build cache (.sitegen-cache: parsed postings, share images, template fragments)
# from one deploy to the next with Netlify's build cache, so a deploy redraws only what changed.
[[plugins]]
  package = "/netlify/plugins/sitegen-cache"
"""

CACHE_PLUGIN_MANIFEST = """# A local Netlify build plugin: see index.js.
name: sitegen-cache
"""

CACHE_PLUGIN = """// Keep sitegen's build cache between Netlify builds, with Netlify's own build cache utilities:
// restored before the build command runs, saved after it succeeds. sitegen checks every cached
// entry against the content it was made from, so a cache from an older deploy is safe to use.
const CACHE = ".sitegen-cache";

module.exports = {
  async onPreBuild({ utils }) {
    const restored = await utils.cache.restore(CACHE);
    console.log(restored ? `restored ${CACHE} from the previous deploy` : `no ${CACHE} to restore: a cold build`);
  },
  async onPostBuild({ utils }) {
    const saved = await utils.cache.save(CACHE);
    console.log(saved ? `saved ${CACHE} for the next deploy` : `${CACHE} was not saved`);
  },
};
"""

SCHEDULED_REBUILD_TEMPLATE = """\
// Rebuild the careers site every day so postings appear and expire on time.
// Create a build hook (Site configuration > Build & deploy > Build hooks) and store its URL
// in the BUILD_HOOK_URL environment variable of the site.
const TIME_ZONE = "{timezone}"; // sitegen-timezone: {timezone}

// Netlify counts schedules in UTC: run hourly, rebuild in the first hour of the site's local day.
const localHour = (now) =>
  Number(new Intl.DateTimeFormat("en-GB", {{ timeZone: TIME_ZONE, hour: "2-digit", hourCycle: "h23" }}).format(now));

export default async () => {{
  if (localHour(new Date()) !== 0) {{
    return;
  }}
  const hook = process.env.BUILD_HOOK_URL;
  if (!hook) {{
    console.log("BUILD_HOOK_URL is not set: no scheduled rebuild");
    return;
  }}
  const response = await fetch(hook, {{ method: "POST" }});
  console.log(`build hook answered ${{response.status}}`);
}};

export const config = {{ schedule: "7 * * * *" }};
"""

GITHUB_WORKFLOW = """\
# Check, build and publish the careers site to GitHub Pages on every push to main,
# and every day, so that postings appear and expire on time (see sitegen's README).
name: Careers site

on:
  push:
    branches: [main]
  pull_request:
  schedule:
    # Just after midnight in {timezone} (GitHub's cron counts in UTC). sitegen-timezone: {timezone}
{crons}
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

# Deploys queue one after another and are never cancelled; pull requests get a group each,
# where a new push cancels the run it makes obsolete, and never touch the deploy queue.
concurrency:
  group: careers-${{{{ github.event_name == 'pull_request' && github.ref || 'pages' }}}}
  cancel-in-progress: ${{{{ github.event_name == 'pull_request' }}}}

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # full history: postings removed from content/ answer 410 Gone
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
          cache: pip
      # sitegen's build cache: the newest one saved for this sitegen version and configuration
      # (or, failing that, any older one: every entry is checked against what it was made from).
      - uses: actions/cache@v4
        with:
          path: .sitegen-cache
          key: sitegen-${{{{ runner.os }}}}-${{{{ hashFiles('requirements.txt', 'sitegen.toml') }}}}-${{{{ github.run_id }}}}
          restore-keys: |
            sitegen-${{{{ runner.os }}}}-${{{{ hashFiles('requirements.txt', 'sitegen.toml') }}}}-
            sitegen-${{{{ runner.os }}}}-
      - name: Install sitegen
        run: {install}
      - name: Check postings
        run: python -m sitegen check --format github
      - id: pages
        if: github.event_name != 'pull_request'
        uses: actions/configure-pages@v5
      - name: Build
        run: python -m sitegen build --base-url "${{{{ steps.pages.outputs.base_url || 'http://localhost:8000' }}}}"
      - if: github.event_name != 'pull_request'
        uses: actions/upload-pages-artifact@v3
        with:
          path: build

  deploy:
    if: github.event_name != 'pull_request'
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""


# The 410s for removed postings come from git history; a shallow clone would hide it.
FULL_HISTORY = "(git fetch --unshallow --quiet 2>/dev/null || true)"


# The minute past local midnight the scheduled rebuilds aim for (off the busy top of the hour).
REBUILD_MINUTE = 7
TIMEZONE_MARKER = re.compile(r"sitegen-timezone: (\S+)")


def netlify_toml(install: str = SITE_INSTALL) -> str:
    return NETLIFY_TOML.format(install=install, history=FULL_HISTORY)


def netlify_files(install: str = SITE_INSTALL, timezone: str = "UTC") -> dict[str, str]:
    """The Netlify recipe by path: config, the daily rebuild function and the build-cache plugin."""
    return {
        "netlify.toml": netlify_toml(install),
        "netlify/functions/scheduled-rebuild.mjs": scheduled_rebuild_function(timezone),
        "netlify/plugins/sitegen-cache/manifest.yml": CACHE_PLUGIN_MANIFEST,
        "netlify/plugins/sitegen-cache/index.js": CACHE_PLUGIN,
    }


def github_workflow(install: str = SITE_INSTALL, timezone: str = "UTC") -> str:
    crons = "\n".join(f'    - cron: "{cron}"' for cron in daily_crons(timezone))
    return GITHUB_WORKFLOW.format(install=install, timezone=timezone, crons=crons)


def scheduled_rebuild_function(timezone: str = "UTC") -> str:
    return SCHEDULED_REBUILD_TEMPLATE.format(timezone=timezone)


def daily_crons(timezone: str, year: int = 2026) -> list[str]:
    """UTC cron lines that fire REBUILD_MINUTE past local midnight in ``timezone``, one per UTC offset.

    A zone with daylight saving time has two offsets, so two lines: in each season one of them is
    the local midnight run and the other an extra, harmless rebuild an hour away.
    """
    zone = ZoneInfo(timezone)
    offsets = {
        dt.datetime(year, month, day, 12, tzinfo=zone).utcoffset() or dt.timedelta()
        for month in range(1, 13)
        for day in (1, 15)
    }
    lines = []
    for offset in sorted(offsets):
        minutes = (REBUILD_MINUTE - int(offset.total_seconds()) // 60) % (24 * 60)
        lines.append(f"{minutes % 60} {minutes // 60} * * *")
    return sorted(set(lines), key=lambda line: (int(line.split()[1]), int(line.split()[0])))


def recipe_timezone(text: str) -> str | None:
    """The time zone a generated recipe was made for (its ``sitegen-timezone:`` marker), if any."""
    match = TIMEZONE_MARKER.search(text)
    return match.group(1) if match else None
