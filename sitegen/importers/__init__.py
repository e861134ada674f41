"""``sitegen import``: postings from an applicant tracking system's public job board.

``base.py`` is the interface (``RawJob``, ``Importer``), ``registry.py`` finds the importer of a
SOURCE, and one module per ATS maps its API (``greenhouse.py``, ``lever.py``, ...). The rest is
the same for every ATS: ``fetch.py`` (GET with retries), ``places.py`` (free-text places),
``markdown.py`` (description HTML to Markdown), ``normalise.py`` (a ``RawJob`` to front matter),
``sync.py`` (write ``content/jobs/<ats>/`` safely) and ``run.py`` (one SOURCE, start to end).
"""
