"""The small-count rule (bodobolig.disclosure): primary and secondary suppression."""

from bodobolig import disclosure


def test_counts_from_one_to_four_are_small_zero_and_five_are_not():
    assert [disclosure.is_small(n, 5) for n in (0, 1, 4, 5, None)] == [
        False,
        True,
        True,
        False,
        False,
    ]


def test_the_threshold_is_a_setting_never_below_ssbs_minimum(settings):
    settings.SMALL_COUNT_THRESHOLD = 10
    assert disclosure.threshold() == 10
    assert disclosure.hidden_label() == "<10"
    settings.SMALL_COUNT_THRESHOLD = 1
    assert disclosure.threshold() == 3


def test_one_hidden_part_beside_a_total_hides_the_next_smallest_part_too():
    # 12 = 3 + 9: with 9 and 12 shown, 3 could be found by subtraction.
    hidden, hide_total = disclosure.suppressed_cells({"Sentrum": 3, "Rønvik": 9}, 12, limit=5)
    assert hidden == {"Sentrum", "Rønvik"} and not hide_total


def test_secondary_suppression_picks_the_smallest_other_nonzero_part():
    hidden, _ = disclosure.suppressed_cells({"a": 2, "b": 40, "c": 7, "d": 0}, 49, limit=5)
    assert hidden == {"a", "c"}


def test_two_hidden_parts_need_no_secondary():
    hidden, hide_total = disclosure.suppressed_cells({"a": 2, "b": 3, "c": 20}, 25, limit=5)
    assert hidden == {"a", "b"} and not hide_total


def test_with_no_other_part_to_hide_the_total_is_hidden():
    hidden, hide_total = disclosure.suppressed_cells({"a": 2, "b": 0}, 2 + 0 + 10, limit=5)
    assert hidden == {"a"} and hide_total


def test_a_small_total_is_hidden_and_no_total_needs_no_secondary():
    assert disclosure.suppressed_cells({}, 3, limit=5) == (set(), True)
    assert disclosure.suppressed_cells({"a": 2, "b": 9}, None, limit=5) == ({"a"}, False)
