"""``sitegen import``: postings from an applicant tracking system's public job board.

``base.py`` is the interface (``RawJob``, ``Importer``), ``registry.py`` finds the importer of a
SOURCE, and one module per ATS maps its API (``greenhouse.py``, ``lever.py``, ...).
"""
