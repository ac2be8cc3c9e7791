"""A generated corpus: a Zipf-distributed vocabulary of real subject words and made-up words."""

import itertools
import random

SUBJECT_WORDS = [
    "trafficking",
    "smuggling",
    "slavery",
    "people",
    "human",
    "modern",
    "forced",
    "labour",
    "exploitation",
    "victims",
    "protocol",
    "convention",
    "australia",
    "bali",
    "process",
    "regional",
    "cooperation",
    "border",
    "protection",
    "migration",
    "irregular",
    "maritime",
    "asylum",
    "refugees",
    "visa",
    "criminal",
    "justice",
    "prosecution",
    "prevention",
    "support",
    "partners",
    "government",
    "department",
    "foreign",
    "affairs",
    "trade",
    "indonesia",
    "thailand",
    "malaysia",
    "philippines",
    "vietnam",
    "cambodia",
    "myanmar",
    "timor-leste",
    "international",
    "organization",
    "office",
    "drugs",
    "crime",
    "united",
    "nations",
    "palermo",
    "supply",
    "chains",
    "reporting",
    "statement",
    "business",
    "transparency",
    "remediation",
    "ambassador",
    "strategy",
    "national",
    "action",
    "plan",
    "framework",
    "policy",
    "law",
    "enforcement",
    "working",
    "group",
    "consultation",
    "ministers",
    "officials",
    "conference",
    "declaration",
]

SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ren",
    "tas",
    "vo",
    "qui",
    "bar",
    "nel",
    "dro",
    "sen",
    "ful",
    "gor",
    "pha",
    "tri",
    "zan",
    "wel",
    "cor",
    "mun",
    "dis",
    "lex",
    "tor",
    "ven",
    "yal",
]
SYNTHETIC_WORD_COUNT = 20_000


def vocabulary():
    """Subject words first (the most frequent), then made-up words in a fixed order."""
    words = list(SUBJECT_WORDS)
    seen = set(words)
    for length in (3, 4):
        for parts in itertools.product(SYLLABLES, repeat=length):
            word = "".join(parts)
            if word not in seen:
                seen.add(word)
                words.append(word)
            if len(words) >= len(SUBJECT_WORDS) + SYNTHETIC_WORD_COUNT:
                return words
    return words


class TextGenerator:
    """Sentences drawn from the vocabulary with Zipf (1/rank) word frequencies."""

    def __init__(self, seed=2026):
        self.rng = random.Random(seed)
        self.words = vocabulary()
        self.cumulative = list(
            itertools.accumulate(1 / rank for rank in range(1, len(self.words) + 1))
        )

    def words_of(self, count):
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=count)

    def text(self, min_bytes, max_bytes):
        """Text between roughly min_bytes and max_bytes long, in sentences."""
        target = self.rng.randint(min_bytes, max_bytes)
        words = self.words_of(max(8, target // 8))
        sentences = []
        for start in range(0, len(words), 12):
            sentence = " ".join(words[start : start + 12])
            sentences.append(sentence[:1].upper() + sentence[1:] + ".")
        return " ".join(sentences)[:max_bytes]

    def title(self):
        words = self.words_of(self.rng.randint(3, 8))
        return " ".join(words).capitalize()

    def rare_word(self, rank_from_end):
        """A made-up word near the rare end of the vocabulary."""
        return self.words[-rank_from_end]
