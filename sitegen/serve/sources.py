"""What the dev server has read from a site folder, kept even when parts of it have errors.

A build reads everything and stops at the first broken part; the dev server keeps the postings,
config and templates that did load, so fixing one file needs only that file read again.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from sitegen.config import CONFIG_FILE, Config, load_config
from sitegen.content.loader import duplicate_slugs, load_content, load_posting
from sitegen.content.pages import load_home, load_pages
from sitegen.errors import Diagnostic
from sitegen.file_names import check_file_names
from sitegen.i18n.catalogs import ENGLISH, Messages, load_messages
from sitegen.model import ContentPage, HomePage, Posting
from sitegen.options import BuildOptions, build_moment
from sitegen.render.fragments import FragmentStore
from sitegen.render.templates import Urls, check_page_templates, check_templates, make_environment
from sitegen.themes import Theme, find_theme

JOBS_PREFIX = "content/jobs/"


def _is_content_file(path: str) -> bool:
    """A file under ``content/`` outside ``content/jobs/`` (a page's folder warns about other files)."""
    return path.startswith("content/") and not path.startswith(JOBS_PREFIX)


@dataclass
class Sources:
    """Everything read from the site folder, kept even when some of it has errors."""

    config: Config | None = None
    today: dt.date | None = None
    theme: Theme | None = None
    urls: Urls | None = None
    env: jinja2.Environment | None = None
    messages: Messages = ENGLISH  # the catalogs of the site's language, loaded with the templates
    fragments: FragmentStore = field(default_factory=FragmentStore)  # the env's {% cache %} store
    home: HomePage = field(default_factory=HomePage)
    pages: list[ContentPage] = field(default_factory=list)
    postings: dict[str, Posting] = field(default_factory=dict)  # by source path
    file_diagnostics: dict[str, list[Diagnostic]] = field(default_factory=dict)  # postings
    global_diagnostics: list[Diagnostic] = field(default_factory=list)  # config, theme
    template_diagnostics: list[Diagnostic] = field(default_factory=list)  # and the catalogs'
    page_template_diagnostics: list[Diagnostic] = field(default_factory=list)  # pages naming a missing template
    name_diagnostics: list[Diagnostic] = field(default_factory=list)  # file names Windows refuses

    def diagnostics(self) -> list[Diagnostic]:
        found = self.global_diagnostics + self.name_diagnostics + self.template_diagnostics
        found += self.page_template_diagnostics
        for problems in self.file_diagnostics.values():
            found += problems
        found += duplicate_slugs(list(self.postings.values()))
        return found

    @classmethod
    def load(cls, site_dir: Path, options: BuildOptions) -> Sources:
        """Like ``sitegen.pipeline.load_site``, but keeps the parts that loaded when others fail."""
        sources = cls()
        config, sources.global_diagnostics = load_config(site_dir)
        if config is None:
            return sources
        if options.base_url:
            config = config.with_base_url(options.base_url)
        sources.config = config
        zone = zoneinfo.ZoneInfo(config.site.timezone)
        sources.today = build_moment(options.now).astimezone(zone).date()
        content = load_content(site_dir, config, sources.today)
        sources.home, sources.pages = content.home, content.pages
        sources.postings = {p.source: p for p in content.postings}
        sources._keep(content.diagnostics)
        # duplicate slugs are recomputed on every update from the postings themselves
        for path, problems in sources.file_diagnostics.items():
            sources.file_diagnostics[path] = [p for p in problems if "is also the slug of" not in p.message]
        sources.name_diagnostics = check_file_names(site_dir)  # postings' names: as each is read
        sources.theme = find_theme(site_dir, config.site.theme)
        if sources.theme is None:
            sources.global_diagnostics.append(
                Diagnostic(CONFIG_FILE, None, "site.theme", f"theme '{config.site.theme}' not found")
            )
            return sources
        sources.load_templates(site_dir)
        return sources

    def load_templates(self, site_dir: Path) -> None:
        """A new template environment with the catalogs read again (and with it a new fragment store)."""
        if self.config is None or self.theme is None:
            return
        self.urls = Urls(self.config.site.base_url, self.theme)
        self.messages, problems = load_messages(site_dir, self.theme, self.config.site.language)
        self.env = make_environment(site_dir, self.theme, self.config, self.urls, messages=self.messages)
        self.fragments = FragmentStore()  # kept per template environment: cards, feed entries
        self.env.fragment_store = self.fragments  # type: ignore[attr-defined]
        self.template_diagnostics = problems + check_templates(self.env, site_dir, self.theme)
        self.page_template_diagnostics = check_page_templates(self.env, self.pages)

    def load_pages(self, site_dir: Path) -> None:
        """Read the pages and ``content/index.md`` again (an edit there needs no posting read)."""
        if self.config is None:
            return
        for path in [p for p in self.file_diagnostics if not p.startswith(JOBS_PREFIX)]:
            del self.file_diagnostics[path]
        self.global_diagnostics = [d for d in self.global_diagnostics if not _is_content_file(d.path)]
        self.home, problems = load_home(site_dir, self.config)
        self.pages, page_problems = load_pages(site_dir, self.config)
        self._keep(problems + page_problems)
        if self.env is not None:
            self.page_template_diagnostics = check_page_templates(self.env, self.pages)

    def _keep(self, diagnostics: list[Diagnostic]) -> None:
        for diagnostic in diagnostics:
            if diagnostic.path.endswith(".md"):
                self.file_diagnostics.setdefault(diagnostic.path, []).append(diagnostic)
            else:
                self.global_diagnostics.append(diagnostic)

    def load_posting(self, site_dir: Path, path: Path) -> None:
        """Read one posting again (or forget it, when its file is gone)."""
        relative = path.relative_to(site_dir).as_posix()
        self.postings.pop(relative, None)
        self.file_diagnostics.pop(relative, None)
        if self.config is None or self.today is None or not path.is_file():
            return  # deleted (or renamed away)
        posting, problems = load_posting(path, site_dir, self.config, self.today)
        if posting is not None:
            self.postings[relative] = posting
        if problems:
            self.file_diagnostics[relative] = problems
