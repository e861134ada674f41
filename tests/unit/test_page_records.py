"""The compact table of page records that a build keeps for the next one."""

from __future__ import annotations

import pickle

from sitegen.cache.records import PageRecord, PageRecords

KEY = "0123456789abcdef" * 2
READS_DIGEST = "fedcba9876543210" * 2
PAGE_HASH = "00ff00ff00ff00ff"
NAV = ("list", "department")
DATA = ("attr", "department", "data", "name")
OTHERS = ("call", "department", "data", "other_roles", "job-1", "5")


def test_a_record_reads_back_as_added_also_after_pickling() -> None:
    records = PageRecords()
    reads = records.read_numbers([DATA, NAV])
    assert records.add("jobs/job-1/index.html", KEY, reads, READS_DIGEST, PAGE_HASH)
    assert records.add("index.html", READS_DIGEST, records.read_numbers([NAV]), KEY, PAGE_HASH)
    again = pickle.loads(pickle.dumps(records))
    record = again.get("jobs/job-1/index.html")
    assert record is not None
    assert (record.key, record.reads_digest, record.page_hash) == (KEY, READS_DIGEST, PAGE_HASH)
    assert [again.read_keys[number] for number in record.reads] == [DATA, NAV]
    assert again.get("index.html") == PageRecord(READS_DIGEST, (reads[1],), KEY, PAGE_HASH)
    assert again.get("about/index.html") is None and len(again) == 2 and "index.html" in again


def test_a_read_is_held_once_however_many_pages_read_it() -> None:
    records = PageRecords()
    first = records.read_numbers([NAV, DATA])
    second = records.read_numbers([NAV, OTHERS])
    assert first[0] == second[0] and len(records.read_keys) == 3


def test_digests_that_are_not_lowercase_hex_of_the_expected_width_are_not_recorded() -> None:
    records = PageRecords()
    for key, page_hash in [(KEY.upper(), PAGE_HASH), (KEY[:-2], PAGE_HASH), (KEY, ""), (KEY, "not hex!")]:
        assert not records.add("index.html", key, [], READS_DIGEST, page_hash)
    assert records.get("index.html") is None and len(records) == 0


def test_a_successor_takes_records_over_with_their_reads_and_saves_only_the_reads_it_uses() -> None:
    previous = PageRecords()
    previous.add("a/index.html", KEY, previous.read_numbers([NAV, OTHERS]), READS_DIGEST, PAGE_HASH)
    previous.add("b/index.html", KEY, previous.read_numbers([DATA]), READS_DIGEST, PAGE_HASH)
    current = previous.successor()
    current.copy("b/index.html", previous)  # a/ was removed from the site
    assert current.get("b/index.html") == previous.get("b/index.html")
    saved = pickle.loads(pickle.dumps(current))
    record = saved.get("b/index.html")
    assert record is not None and list(saved.read_keys) == [DATA]
    assert [saved.read_keys[number] for number in record.reads] == [DATA]
    assert "a/index.html" not in saved
