import pytest

from pages.text import count_in_words, english_list


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], ""),
        (["Australia"], "Australia"),
        (["Australia", "Indonesia"], "Australia and Indonesia"),
        (["Australia", "Indonesia", "Sri Lanka"], "Australia, Indonesia and Sri Lanka"),
        (["Australia", " ", "Indonesia"], "Australia and Indonesia"),
    ],
)
def test_english_list_joins_as_the_department_writes(items, expected):
    assert english_list(items) == expected


def test_counts_up_to_ten_are_words_and_larger_are_digits():
    assert count_in_words(4) == "four"
    assert count_in_words(10) == "ten"
    assert count_in_words(45) == "45"
