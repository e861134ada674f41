"""Machine-readable outputs: sitemap, robots.txt, feeds, jobs.json, Netlify's _redirects and _headers."""
