"""Where this sitegen came from, as a ``requirements.txt`` line that installs the same thing again.

sitegen's distribution is ``sitegen-careers``: the name ``sitegen`` on PyPI belongs to an unrelated
project, so no requirement we write may name it. pip records how a package was installed in
``direct_url.json`` (PEP 610); from it we rebuild the requirement: a pinned version for an
install from an index, ``name @ git+URL@COMMIT`` for one from git, ``name @ file://...`` for a
local folder or wheel (which works only on this machine, so ``init`` says so).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import metadata

from sitegen import __version__

DISTRIBUTION = "sitegen-careers"


@dataclass(frozen=True)
class InstallSource:
    requirement: str
    local_only: bool  # a file:// requirement: it cannot install sitegen on Netlify or GitHub Actions


def current_install_source() -> InstallSource:
    """How the running sitegen was installed, as a requirement line."""
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        return InstallSource(f"{DISTRIBUTION}=={__version__}", local_only=False)
    return requirement_from_direct_url(dist.read_text("direct_url.json"), dist.version)


def requirement_from_direct_url(text: str | None, version: str) -> InstallSource:
    """The requirement for a PEP 610 ``direct_url.json`` text (None: installed from an index)."""
    try:
        info = json.loads(text) if text else None
    except ValueError:
        info = None
    if not isinstance(info, dict) or not isinstance(info.get("url"), str):
        return InstallSource(f"{DISTRIBUTION}=={version}", local_only=False)
    url: str = info["url"]
    subdirectory = info.get("subdirectory")
    fragment = f"#subdirectory={subdirectory}" if isinstance(subdirectory, str) and subdirectory else ""
    vcs_info = info.get("vcs_info")
    if isinstance(vcs_info, dict) and isinstance(vcs_info.get("vcs"), str):
        revision = vcs_info.get("commit_id") or vcs_info.get("requested_revision")
        at = f"@{revision}" if isinstance(revision, str) and revision else ""
        return InstallSource(f"{DISTRIBUTION} @ {vcs_info['vcs']}+{url}{at}{fragment}", local_only=False)
    return InstallSource(f"{DISTRIBUTION} @ {url}{fragment}", local_only=url.startswith("file:"))
