"""Small wording helpers shared by models, selectors and templates."""


def english_list(items):
    """Join items the way the department writes them: “A”, “A and B”, “A, B and C”."""
    words = [str(item) for item in items if str(item).strip()]
    if len(words) <= 2:
        return " and ".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def count_in_words(number):
    """Write numbers up to ten in words, as the department's style guide asks; digits above."""
    words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    return words[number] if 0 <= number <= 10 else str(number)
