"""Minimal Pelican site for benchmarks/build_speed.py: a page per posting plus the index."""

AUTHOR = "Benchmark Co"
SITENAME = "Careers at Benchmark Co"
SITEURL = ""
COMPANY = "Benchmark Co"
COMPANY_URL = "https://bench.example"
PATH = "content"
THEME = "theme"
THEME_STATIC_PATHS: list[str] = []
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = False
ARTICLE_ORDER_BY = "title"
SLUGIFY_SOURCE = "basename"  # jobs/job-00042/, like the other tools

ARTICLE_URL = "jobs/{slug}/"
ARTICLE_SAVE_AS = "jobs/{slug}/index.html"
DIRECT_TEMPLATES = ["index"]
# Only the posting pages and the index: no category, tag, author, archive or page output.
CATEGORY_SAVE_AS = TAG_SAVE_AS = AUTHOR_SAVE_AS = PAGE_SAVE_AS = ""
DRAFT_SAVE_AS = DRAFT_PAGE_SAVE_AS = ARTICLE_LANG_SAVE_AS = PAGE_LANG_SAVE_AS = ""
CATEGORIES_SAVE_AS = TAGS_SAVE_AS = AUTHORS_SAVE_AS = ARCHIVES_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
