"""Content clusters as a pure function: one cluster per file (its digests united where one file lists them
together), never per pair of files a tip carries; ids from the smallest digest; two tips at least."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from graph.clustering.content import (
    FileEntry,
    content_cluster_id,
    content_clusters,
    digest_groups,
    qualifies,
)
from graph.identifiers import VIRAL_FILE_REASON

MD5 = "md5:" + "a" * 32
SHA1 = "sha1:" + "b" * 40
OTHER = "md5:" + "c" * 32
DAY = [datetime(2026, 5, d, tzinfo=UTC) for d in range(1, 9)]

ENTRIES = [
    FileEntry("T1", 0, MD5, DAY[0]),
    FileEntry("T2", 0, SHA1, DAY[1]),
    FileEntry("T3", 0, MD5, DAY[2]),
    FileEntry("T3", 0, SHA1, DAY[2]),  # one file listing both digests: they are one file
    FileEntry("T4", 0, OTHER, DAY[3]),
    FileEntry("T4", 1, MD5, DAY[3]),  # a second file of the same tip: not united with OTHER
    FileEntry("T5", 0, OTHER, DAY[4]),
]


def test_the_digests_of_one_file_make_one_cluster_and_two_files_of_one_tip_stay_apart() -> None:
    clusters = content_clusters(ENTRIES)
    assert set(clusters) == {content_cluster_id(MD5), content_cluster_id(OTHER)}
    file_a = clusters[content_cluster_id(MD5)]
    assert file_a.digests == (MD5, SHA1)
    assert file_a.tips == {"T1", "T2", "T3", "T4"}
    assert (file_a.first_seen, file_a.last_seen) == (DAY[0], DAY[3])
    assert clusters[content_cluster_id(OTHER)].tips == {"T4", "T5"}


def test_clusters_do_not_depend_on_the_order_entries_arrive_in() -> None:
    expected = content_clusters(ENTRIES)
    for order in itertools.permutations(ENTRIES):
        assert content_clusters(order) == expected


def test_stored_groups_merge_into_the_smallest_id() -> None:
    groups = digest_groups(
        [FileEntry("T9", 0, SHA1, None), FileEntry("T9", 0, MD5, None)], {SHA1: "content:x"}
    )
    assert groups == {MD5: content_cluster_id(MD5), SHA1: content_cluster_id(MD5)}


def test_a_file_of_one_tip_is_no_cluster() -> None:
    assert content_clusters([FileEntry("T1", 0, MD5, None), FileEntry("T1", 1, MD5, None)]) == {}


def test_flagged_or_spread_files_qualify_but_statically_generic_ones_never() -> None:
    assert qualifies("FILE_HASH", VIRAL_FILE_REASON, 1)
    assert qualifies("FILE_HASH", None, 51)
    assert not qualifies("FILE_HASH", None, 50)
    assert not qualifies("FILE_HASH", "the empty file", 5_000)
    assert not qualifies("IP", VIRAL_FILE_REASON, 500)
