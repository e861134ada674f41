"""Deploy recipes that ``sitegen init`` writes: Netlify, a scheduled rebuild, a GitHub Actions workflow.

The repository's own ``netlify.toml`` is this same recipe with ``pip install .`` as the install
step (a test keeps the two identical), so what we ship is what we run.
"""

from __future__ import annotations

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
"""

SCHEDULED_REBUILD_FUNCTION = """\
// Rebuild the careers site every day so postings appear and expire on time.
// Create a build hook (Site configuration > Build & deploy > Build hooks) and store its URL
// in the BUILD_HOOK_URL environment variable of the site.
export default async () => {
  const hook = process.env.BUILD_HOOK_URL;
  if (!hook) {
    console.log("BUILD_HOOK_URL is not set: no scheduled rebuild");
    return;
  }
  const response = await fetch(hook, { method: "POST" });
  console.log(`build hook answered ${response.status}`);
};

export const config = { schedule: "@daily" };
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
    - cron: "17 5 * * *"
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: careers-pages
  cancel-in-progress: false

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


def netlify_toml(install: str = SITE_INSTALL) -> str:
    return NETLIFY_TOML.format(install=install, history=FULL_HISTORY)


def github_workflow(install: str = SITE_INSTALL) -> str:
    return GITHUB_WORKFLOW.format(install=install)
