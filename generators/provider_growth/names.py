"""How a CRM misspells a provider: the name variants of the identity mess, one contact at a time.

A contact's name is (salutation, first name, last name) as the CRM holds it; the registry's is
"Dr. <first> <last>". Each variant changes it in one recognisable way, so the tests can tell
from the file which variant a contact got. These run over a few hundred contacts, not bulk rows.
"""

from __future__ import annotations

import unicodedata

import numpy as np

# first name -> the nickname a CRM user types instead (William -> Bill)
NICKNAMES = {
    "William": "Bill", "Robert": "Bob", "Richard": "Dick", "James": "Jim", "John": "Jack", "Joseph": "Joe",
    "Thomas": "Tom", "Charles": "Chuck", "Christopher": "Chris", "Daniel": "Dan", "Matthew": "Matt",
    "Anthony": "Tony", "Michael": "Mike", "David": "Dave", "Steven": "Steve", "Stephen": "Steve", "Andrew": "Andy",
    "Joshua": "Josh", "Kenneth": "Ken", "Timothy": "Tim", "Jeffrey": "Jeff", "Gregory": "Greg", "Samuel": "Sam",
    "Benjamin": "Ben", "Nicholas": "Nick", "Edward": "Ed", "Ronald": "Ron", "Donald": "Don", "Jonathan": "Jon",
    "Patrick": "Pat", "Alexander": "Alex", "Zachary": "Zach", "Nathan": "Nate", "Gerald": "Jerry",
    "Lawrence": "Larry", "Raymond": "Ray", "Frederick": "Fred", "Peter": "Pete", "Douglas": "Doug",
    "Elizabeth": "Liz", "Jennifer": "Jen", "Katherine": "Kate", "Kathleen": "Kathy", "Catherine": "Cathy",
    "Margaret": "Peggy", "Patricia": "Patty", "Susan": "Sue", "Deborah": "Debbie", "Rebecca": "Becky",
    "Jessica": "Jess", "Christina": "Tina", "Christine": "Chris", "Samantha": "Sam", "Victoria": "Vicky",
    "Alexandra": "Alex", "Kimberly": "Kim", "Pamela": "Pam", "Cynthia": "Cindy", "Barbara": "Barb",
    "Melissa": "Missy", "Stephanie": "Steph", "Jacqueline": "Jackie", "Abigail": "Abby", "Theresa": "Terri",
    "Amanda": "Mandy", "Valerie": "Val", "Angela": "Angie", "Sandra": "Sandy", "Judith": "Judy",
    "Nancy": "Nan", "Dorothy": "Dot", "Jeremy": "Jerry", "Vincent": "Vince", "Frank": "Frankie",
}
ACCENTED = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú", "n": "ñ", "c": "ç"}
# neighbours on a QWERTY keyboard, for a slipped key
KEYBOARD = {
    "a": "qsz", "b": "vgn", "c": "xdv", "d": "sfe", "e": "wrd", "f": "dgr", "g": "fht", "h": "gjy", "i": "uok",
    "j": "hku", "k": "jli", "l": "ko", "m": "n", "n": "bm", "o": "ipl", "p": "o", "q": "wa", "r": "etf", "s": "adw",
    "t": "ryg", "u": "yij", "v": "cb", "w": "qes", "x": "zc", "y": "tu", "z": "x",
}
INITIALS = "ABCDEFGHJKLMNPRSTW"

Name = tuple[str, str, str]  # salutation, first name, last name


def plain(text: str) -> str:
    """Without accents: José -> Jose."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def typo(rng: np.random.Generator, word: str) -> str:
    """One slip: a neighbouring key, a dropped letter, two letters swapped, or a letter doubled."""
    for _ in range(20):
        at = int(rng.integers(1, len(word))) if len(word) > 1 else 0  # the first letter is seldom mistyped
        kind = int(rng.integers(4))
        letter = word[at].lower()
        if kind == 0 and letter in KEYBOARD:
            slip = KEYBOARD[letter][int(rng.integers(len(KEYBOARD[letter])))]
            changed = word[:at] + (slip.upper() if word[at].isupper() else slip) + word[at + 1:]
        elif kind == 1 and len(word) > 3:
            changed = word[:at] + word[at + 1:]
        elif kind == 2 and at + 1 < len(word):
            changed = word[:at] + word[at + 1] + word[at] + word[at + 2:]
        else:
            changed = word[:at] + word[at] + word[at:]
        if changed.lower() != word.lower():
            return changed
    return word + word[-1]


def accented(rng: np.random.Generator, word: str) -> str:
    """An accent on one of the word's letters that can carry one (José, Renée); else the word in capitals."""
    places = [i for i, letter in enumerate(word) if letter.lower() in ACCENTED]
    if not places:
        return word.upper()
    at = places[int(rng.integers(len(places)))]
    mark = ACCENTED[word[at].lower()]
    return word[:at] + (mark.upper() if word[at].isupper() else mark) + word[at + 1:]


def variant(rng: np.random.Generator, kind: str, first: str, last: str, avoid_initial: str = "") -> Name:
    """The CRM's spelling of Dr. <first> <last> under one kind of mess ("exact": as the registry has it)."""
    if kind == "exact":
        return "Dr.", first, last
    if kind == "name_typo":
        return ("Dr.", typo(rng, first), last) if rng.random() < 0.3 else ("Dr.", first, typo(rng, last))
    if kind == "nickname":
        return "Dr.", NICKNAMES.get(first, first), last
    if kind == "salutation":  # "Dr." left out, or typed into the first name as well
        return ("", first, last) if rng.random() < 0.6 else ("Dr.", f"Dr. {first}", last)
    if kind == "case_accent":
        choice = rng.random()
        if choice < 0.35:
            return "Dr.", first, last.upper()
        if choice < 0.55:
            return "Dr.", first.lower(), last.lower()
        return ("Dr.", accented(rng, first), last) if rng.random() < 0.5 else ("Dr.", first, accented(rng, last))
    if kind == "middle_initial":
        initials = [letter for letter in INITIALS if letter != avoid_initial]
        return "Dr.", f"{first} {initials[int(rng.integers(len(initials)))]}.", last
    raise ValueError(f"unknown name variant {kind}")


def middle_initial(first_name: str) -> str:
    """The middle initial a first name like "John Q." carries, or ""."""
    parts = first_name.split()
    return parts[-1][0] if len(parts) > 1 and parts[-1].endswith(".") and len(parts[-1]) == 2 else ""
