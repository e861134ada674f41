"""Write imported postings into ``content/jobs/<ats>/`` safely: plan, then apply all or nothing.

Each folder keeps a record, ``.sitegen-import.json`` (hidden, so the loader skips it): for every
imported file, its source (``greenhouse:acme``), the ATS id and a hash of the part the import owns
(the front-matter keys it writes and the body). A file whose owned part no longer matches was
edited by hand: it is a conflict, left as it is unless ``force``. Keys the import does not write
(``ignore_checks``, ``draft``...) are the site's own and are carried over on every re-import.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sitegen.content.frontmatter import FrontMatterError, decode, split

RECORD = ".sitegen-import.json"
OWNED_KEYS = (
    "title", "department", "team", "locations", "remote", "employment_type", "salary", "benefits",
    "date_posted", "valid_through", "apply_url", "identifier",
)  # fmt: skip
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


@dataclass(frozen=True)
class Wanted:
    """One posting as the ATS has it now."""

    ats_id: str
    name: str  # file name proposed for a new file
    front_matter: dict[str, Any]
    body: str


@dataclass
class Plan:
    folder: Path
    writes: dict[str, bytes] = field(default_factory=dict)  # file name -> new content
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    record: dict[str, dict[str, str]] = field(default_factory=dict)
    record_changed: bool = False


def render(front_matter: dict[str, Any], body: str) -> str:
    """The file text of a posting the import owns wholly."""
    fm = yaml.safe_dump(front_matter, sort_keys=False, allow_unicode=True, default_flow_style=False, width=10_000)
    return f"---\n{fm}---\n\n{body.rstrip()}\n"


def owned_hash(text: str) -> str | None:
    """A hash of the owned keys' values and the body of a posting's text; None if unreadable."""
    try:
        parts = split(text)
        data = yaml.safe_load(parts.front_matter)
    except (FrontMatterError, yaml.YAMLError):
        return None
    if not isinstance(data, dict):
        return None
    owned = {key: data[key] for key in OWNED_KEYS if key in data}
    canonical = json.dumps(owned, sort_keys=True, default=str, ensure_ascii=False) + "\n" + parts.body.strip()
    return hashlib.sha256(canonical.encode()).hexdigest()


def _site_keys(text: str) -> str:
    """The front-matter lines of keys the import does not own, as written (with their nested lines)."""
    try:
        lines = split(text).front_matter.split("\n")
    except FrontMatterError:
        return ""
    kept: list[str] = []
    keep = False
    for line in lines:
        top = _TOP_KEY.match(line)
        if top:
            keep = top.group(1) not in OWNED_KEYS
        elif line and not line[0].isspace() and not line.startswith(("-", "#")):
            keep = False
        if keep:
            kept.append(line)
    return "\n".join(kept).rstrip("\n")


def _with_site_keys(text: str, site_keys: str) -> str:
    if not site_keys:
        return text
    head, _, rest = text.partition("\n---\n")
    return f"{head}\n{site_keys}\n---\n{rest}"


def read_record(folder: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads((folder / RECORD).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    return {k: v for k, v in files.items() if isinstance(v, dict)} if isinstance(files, dict) else {}


def previous_front_matter(folder: Path, source: str, ats_id: str) -> dict[str, Any]:
    """The front matter of the file last imported for ``ats_id`` of ``source`` (empty if none)."""
    for name, entry in read_record(folder).items():
        if entry.get("source") == source and entry.get("id") == ats_id:
            text = _read(folder / name)
            try:
                data = yaml.safe_load(split(text).front_matter) if text else None
            except (FrontMatterError, yaml.YAMLError):
                return {}
            return data if isinstance(data, dict) else {}
    return {}


def plan_sync(folder: Path, source: str, wanted: list[Wanted], keep_ids: set[str], force: bool) -> Plan:
    """What to write and remove so ``folder`` holds ``wanted`` for ``source``; ``keep_ids``: jobs the
    ATS still lists but that could not be read (their files stay)."""
    record = read_record(folder)
    plan = Plan(folder, record=dict(record))
    by_id = {entry.get("id"): name for name, entry in record.items() if entry.get("source") == source}
    taken = set(record)
    for job in wanted:
        name = by_id.get(job.ats_id) or _free_name(job.name, taken, folder)
        taken.add(name)
        fresh = render(job.front_matter, job.body)
        digest = owned_hash(fresh) or ""
        path = folder / name
        current = _read(path)
        entry = {"source": source, "id": job.ats_id, "hash": digest}
        if current is None:
            plan.writes[name] = fresh.encode()
            plan.added.append(name)
        else:
            edited = name not in record or owned_hash(current) != record[name].get("hash")
            if edited and not force:
                plan.conflicts.append(name)
                continue
            text = _with_site_keys(fresh, _site_keys(current))
            if text == current:
                plan.unchanged.append(name)
            else:
                plan.writes[name] = text.encode()
                plan.updated.append(name)
        if plan.record.get(name) != entry:
            plan.record[name] = entry
            plan.record_changed = True
    wanted_ids = {job.ats_id for job in wanted} | keep_ids
    for name, entry in sorted(record.items()):
        if entry.get("source") != source or entry.get("id") in wanted_ids:
            continue
        current = _read(folder / name)
        if current is not None and owned_hash(current) != entry.get("hash") and not force:
            plan.conflicts.append(name)
            continue
        if current is not None:
            plan.removed.append(name)
        del plan.record[name]
        plan.record_changed = True
    return plan


def _free_name(name: str, taken: set[str], folder: Path) -> str:
    stem, suffix = name.removesuffix(".md"), 2
    candidate = name
    while candidate in taken or (folder / candidate).exists():
        candidate = f"{stem}-{suffix}.md"
        suffix += 1
    return candidate


def _read(path: Path) -> str | None:
    try:
        return decode(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, FrontMatterError):
        return ""  # unreadable: not what was written, so a conflict


def apply_plan(plan: Plan) -> None:
    """Write and remove what ``plan`` says, all or nothing: on any failure the folder is as before."""
    if not (plan.writes or plan.removed or plan.record_changed):
        return
    folder = plan.folder
    created_folder = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    backups: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    record = json.dumps({"files": dict(sorted(plan.record.items()))}, indent=2, ensure_ascii=False) + "\n"
    writes = {**plan.writes, RECORD: record.encode()}
    try:
        for name, data in writes.items():
            temp = folder / f".{name}.sitegen-new"
            temp.write_bytes(data)
            staged.append((temp, folder / name))
        for name in [*plan.removed, *(n for n in writes if (folder / n).exists())]:
            backup = folder / f".{name}.sitegen-old"
            os.replace(folder / name, backup)
            backups.append((backup, folder / name))
        for temp, target in staged:
            os.replace(temp, target)
            placed.append(target)
    except BaseException:
        for target in placed:
            with contextlib.suppress(OSError):
                target.unlink()
        for backup, original in backups:
            with contextlib.suppress(OSError):
                os.replace(backup, original)
        for temp, _ in staged:
            with contextlib.suppress(OSError):
                temp.unlink()
        if created_folder:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    for backup, _ in backups:
        with contextlib.suppress(OSError):
            backup.unlink()
