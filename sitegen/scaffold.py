"""``sitegen init`` and ``sitegen new job``: starting points that pass ``sitegen check``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from sitegen import placeholders
from sitegen.config import is_timezone
from sitegen.content.frontmatter import split
from sitegen.content.pages import RESERVED_FOLDERS
from sitegen.content.posting import TITLE_MAX
from sitegen.deploy import github_workflow, netlify_files
from sitegen.install_source import current_install_source
from sitegen.schema import Reader
from sitegen.slugs import file_slug, slugify
from sitegen.tree import Map, parse_yaml


class ScaffoldError(Exception):
    """The files cannot be created (they exist, or the name gives no usable slug)."""


CONFIG_TEMPLATE = """\
# sitegen configuration: see the README for every key.
[site]
title = "Careers at {company}"
base_url = "https://careers.example.com"   # where the site will be published
language = "en"
theme = "default"
description = "Open positions at {company}."
timezone = "{timezone}"{pad}# postings close at the end of valid_through here

[company]
name = "{company}"
url = "https://www.example.com"
logo = "/static/logo.svg"
same_as = []                               # profile URLs, e.g. your LinkedIn page
eeo_statement = "{company} is an equal opportunity employer. We welcome applicants of every background and do not discriminate on the basis of race, religion, colour, national origin, sex, sexual orientation, gender identity, age, disability or veteran status."

[defaults]
currency = "USD"
employment_type = "full-time"
apply_email = "jobs@example.com"
valid_for_days = 60
"""

POSTING_TEMPLATE = """\
---
# Required ---------------------------------------------------------------
title: {title}
department: {department}
date_posted: {today}              # when the job was first published (YYYY-MM-DD)
# Where: one or more offices, and/or remote eligibility --------------------
locations:                           # "City, Region, CC" (ISO country code) or a mapping
  - {place}
remote: false                        # false | true (anywhere) | US | [US, CA]
# Recommended --------------------------------------------------------------
employment_type: full-time           # full-time | part-time | contract | temporary | intern | volunteer | per-diem | other
salary:                              # or one line: "$90,000 - $110,000 per year"
  min: 90000
  max: 110000
  currency: USD
  period: year                       # hour | day | week | month | year
benefits:
  - Health, dental and vision insurance
  - Paid time off
valid_through: {valid_through}            # last day applications are accepted
apply_url: {apply_url}  # or apply_email: jobs@example.com
# Optional -----------------------------------------------------------------
# team: Platform
# slug: {slug}                        # the URL is /jobs/<slug>/ (default: the file name)
# identifier: REQ-1234                # your ATS requisition id
draft: true                          # set to false to publish
---
{summary}

## What you'll do

- {duties}

## What you'll bring

Requirements:
- {requirements}

## Nice to have

- {nice_to_have}
"""

SAMPLE_POSTINGS = (
    (
        "Customer Support Specialist",
        "Customer Success",
        "Denver, CO, US",
        "remote: false",
        "$52,000 - $60,000 per year",
    ),
    ("Senior Software Engineer", "Engineering", "Austin, TX, US", "remote: US", "$150,000 - $180,000 per year"),
)

SAMPLE_BODY = """\
Join the {department} team and help us serve our customers better every day.

## What you'll do

- Own meaningful work from the first week
- Collaborate with a friendly, experienced team
  - pairing sessions every week
  - a clear onboarding plan

## What you'll bring

Requirements:
- Experience in a similar role
- Clear written communication

## How we hire

| Step | Length |
|---|---|
| Intro call | 30 minutes |
| Team interview | 90 minutes |
"""

LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img"><title>Logo</title>'
    '<rect width="64" height="64" rx="14" fill="#1d4ed8"/><path d="M18 44 32 18l14 26z" fill="#fff"/></svg>\n'
)


GITIGNORE = "build/\n.sitegen-cache/\n.build.tmp-*/\n.build.old-*/\n"  # staging left by a killed build

REQUIREMENTS = """\
# How CI and Netlify install sitegen (the distribution is sitegen-careers; the command is sitegen).
# Point it at where you get sitegen from: a version from a package index (sitegen-careers==1.0.0),
# a git URL (sitegen-careers @ git+https://...@TAG) or a wheel file. Never plain "sitegen": on
# PyPI that name belongs to an unrelated project.
{requirement}
"""


def create_site(
    directory: Path,
    today: dt.date | None = None,
    *,
    requirement: str | None = None,
    ci: str | None = None,
    timezone: str = "UTC",
) -> list[Path]:
    """A new site: config, two sample postings, an intro, a logo, Netlify recipe, and optionally a CI workflow.

    ``requirement`` is the requirements.txt line the recipes install sitegen with (default: where
    the running sitegen was installed from, ``install_source``); ``timezone``
    (an IANA name) is where postings open and close, and when the scheduled rebuilds run.
    """
    today = today or dt.date.today()
    if (directory / "sitegen.toml").exists():
        raise ScaffoldError(f"{directory} already has a sitegen.toml")
    if not is_timezone(timezone):
        raise ScaffoldError(f"unknown time zone {timezone!r} (expected an IANA name such as Europe/Berlin)")
    company = "Example Company"
    config = CONFIG_TEMPLATE.format(company=company, timezone=timezone, pad=" " * max(1, 27 - len(timezone)))
    files: dict[Path, str] = {
        directory / "sitegen.toml": config,
        directory / "content" / "index.md": f"We're growing. Come build the future of {company} with us.\n",
        directory / "static" / "logo.svg": LOGO_SVG,
        directory / "requirements.txt": REQUIREMENTS.format(
            requirement=requirement or current_install_source().requirement
        ),
        directory / ".gitignore": GITIGNORE,
    }
    files.update({directory / path: text for path, text in netlify_files(timezone=timezone).items()})
    if ci == "github":
        files[directory / ".github" / "workflows" / "careers.yml"] = github_workflow(timezone=timezone)
    for title, department, location, remote, salary in SAMPLE_POSTINGS:
        front = (
            f"---\ntitle: {title}\ndepartment: {department}\nlocations:\n  - {location}\n{remote}\n"
            f'employment_type: full-time\nsalary: "{salary}"\nbenefits:\n  - Health, dental and vision insurance\n'
            f"  - 401(k) with company match\n  - 20 days of paid time off\ndate_posted: {today.isoformat()}\n"
            f"valid_through: {(today + dt.timedelta(days=60)).isoformat()}\n"
            f"apply_url: https://example.com/apply/{slugify(title)}\n"
            "draft: true  # a sample (example.com reaches no one): 'sitegen serve' shows it, builds leave it out\n---\n"
        )
        files[directory / "content" / "jobs" / f"{slugify(title)}.md"] = front + SAMPLE_BODY.format(
            department=department
        )
    for path in files:
        if path.exists():
            raise ScaffoldError(f"{path} already exists")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return sorted(files)


def create_posting(site_dir: Path, title: str, department: str, today: dt.date) -> Path:
    """``content/jobs/<slug>.md`` with every field present and commented, as a draft.

    The file name is one the loader accepts for any title (see ``slugs.file_slug``), and the
    title and department are written so that the loader reads back exactly what was given, or
    a ``ScaffoldError`` says in one line why they cannot be.
    """
    title = _one_line(title, "title")
    department = _one_line(department, "department")
    if not (site_dir / "sitegen.toml").is_file():
        raise ScaffoldError(f"{site_dir} is not a sitegen site (no sitegen.toml); run 'sitegen init' first")
    slug = file_slug(title)
    path = site_dir / "content" / "jobs" / f"{slug}.md"
    text = POSTING_TEMPLATE.format(
        title=_yaml_scalar(title),
        department=_yaml_scalar(department),
        today=today.isoformat(),
        valid_through=(today + dt.timedelta(days=60)).isoformat(),
        slug=slug,
        place=placeholders.PLACE,
        apply_url=placeholders.APPLY_URL,
        summary=placeholders.SUMMARY,
        duties=placeholders.DUTIES,
        requirements=placeholders.REQUIREMENTS,
        nice_to_have=placeholders.NICE_TO_HAVE,
    )
    _check_reads_back(text, {"title": title, "department": department})
    return _write_new(path, text)


PAGE_TEMPLATE = """\
---
title: {title}
description: {description}
menu: true          # in the site navigation (or its position: 1, 2, ...); remove to leave it out
date: {today}      # when the page last changed: the sitemap's lastmod
draft: true         # remove this line to publish
---

{body} Sections such as a grid of benefits or the steps of your hiring
process can follow the text: see README, "Page sections".
"""


def create_page(site_dir: Path, title: str, today: dt.date) -> Path:
    """``content/<slug>.md``: a draft page titled ``title`` (README "Pages")."""
    title = _one_line(title, "title")
    if not (site_dir / "sitegen.toml").is_file():
        raise ScaffoldError(f"{site_dir} is not a sitegen site (no sitegen.toml); run 'sitegen init' first")
    slug = file_slug(title)
    if slug in RESERVED_FOLDERS:
        raise ScaffoldError(f"title: /{slug}/ is where sitegen puts its own pages; choose another title")
    text = PAGE_TEMPLATE.format(
        title=_yaml_scalar(title),
        today=today.isoformat(),
        description=placeholders.PAGE_DESCRIPTION,
        body=placeholders.PAGE_BODY,
    )
    _check_reads_back(text, {"title": title})
    return _write_new(site_dir / "content" / f"{slug}.md", text)


def _write_new(path: Path, text: str) -> Path:
    """Write ``text`` to a new file at ``path`` (never over an existing one); a ``ScaffoldError`` says why not."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file where the folder should be, no permission, ...
        raise ScaffoldError(f"cannot create {path.parent}: {exc.strerror or exc}") from None
    try:
        with path.open("x", encoding="utf-8") as file:  # "x": never overwrite
            file.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists") from None
    except OSError as exc:
        raise ScaffoldError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


# Everything str.splitlines() breaks at: a title or department is one line of text.
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def _one_line(value: str, field: str) -> str:
    """``value`` without surrounding white space; a ``ScaffoldError`` when it is not one line of text."""
    if any("\ud800" <= c <= "\udfff" for c in value):
        # Bytes that are not UTF-8 arrive from the command line as lone surrogates.
        raise ScaffoldError(f"{field}: {value!r} is not valid text (it has bytes that are not UTF-8)")
    value = value.strip()
    if any(c in _LINE_BREAKS for c in value):
        raise ScaffoldError(f"{field}: {value!r} has a line break; give it on one line")
    return value


def _yaml_scalar(value: str) -> str:
    """``value`` as a YAML scalar: plain when YAML reads it back as the same text, else double-quoted."""
    dumped = str(yaml.safe_dump(value, allow_unicode=True, width=_NO_WRAP))
    plain = dumped.removesuffix("\n...\n").removesuffix("\n")
    if plain and plain[0] not in "'\"" and "\n" not in plain:
        return plain
    return str(yaml.safe_dump(value, allow_unicode=True, width=_NO_WRAP, default_style='"')).rstrip("\n")


_NO_WRAP = 1 << 30


def _check_reads_back(text: str, fields: dict[str, str]) -> None:
    """Read ``text`` as the loader will; a ``ScaffoldError`` with its message unless each field is as given."""
    parts = split(text)
    tree, diagnostics = parse_yaml(parts.front_matter, "new posting", parts.front_matter_line)
    reader = Reader("new posting")
    reader.diagnostics = diagnostics
    if isinstance(tree, Map):
        for field, expected in fields.items():
            max_length = TITLE_MAX if field == "title" else 0
            value = reader.text(tree.get(field), field, required=True, max_length=max_length)
            if value is not None and value != expected:
                reader.error(1, field, f"{expected!r} does not read back as written")
    problem = next((d for d in reader.diagnostics if d.is_error), None)
    if problem is not None or not isinstance(tree, Map):
        field = problem.field if problem and problem.field else "title"
        message = problem.message if problem else "cannot be written as YAML"
        hint = f" ({problem.hint})" if problem and problem.hint else ""
        raise ScaffoldError(f"{field}: {message}{hint}")
