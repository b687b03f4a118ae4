"""Swedish telephone numbers written the Swedish way: 08-123 45 67, 031-12 34 56, 0470-12 34 56, 070-123 45 67.

The riktnummer (area code) is 1 to 3 digits after the 0, and the Swedish numbering plan is prefix-free:
no area code begins another one, so a table of the codes splits a number with certainty. The table
below is the numbering plan of Post- och telestyrelsen as libphonenumber carries it (checked against
``phonenumbers`` 9.0.43: every fixed-line and mobile number formats as it does). Premium-rate codes
(0900, 0939, 0944, 099x) and the 074, 075 and 077 service numbers are left out on purpose: they are no
contact numbers, or are written with a four-digit prefix (0771-123 456) against the plan, so a number
whose code is not here keeps the grouping the user typed, with only the separators tidied.

Digits after the area code are grouped from the right in pairs, an odd count starting with three:
123 45, 12 34 56, 123 45 67, and eight digits as 123 456 78.
"""

from __future__ import annotations

import re

# Area codes without the leading 0, mapped to how many digits may follow them.
_STOCKHOLM = {"8": (6, 8)}
_TWO_DIGIT_GEOGRAPHIC = (
    "11 13 16 18 19 21 23 26 31 33 35 36 40 42 44 46 54 60 63 90"
    # Norrköping, Linköping, Eskilstuna, Uppsala, Örebro, Västerås, Falun, Gävle, Göteborg, Borås, Halmstad,
    # Jönköping, Malmö, Helsingborg, Kristianstad, Lund, Karlstad, Sundsvall, Östersund, Umeå
)
_THREE_DIGIT = (
    "120 121 122 123 125 140 141 142 143 144 150 151 152 155 156 157 158 159 171 173 174 175 176 "
    "220 221 222 223 224 225 226 227 240 241 243 246 247 248 250 251 253 258 270 271 278 280 281 "
    "290 291 292 293 294 295 297 "
    "300 301 302 303 304 320 321 322 325 340 345 346 370 371 372 380 381 382 383 390 392 393 "
    "410 411 413 414 415 416 417 418 430 431 433 435 451 454 455 456 457 459 470 471 472 474 476 477 478 479 "
    "480 481 485 486 490 491 492 493 494 495 496 498 499 "
    "500 501 502 503 504 505 506 510 511 512 513 514 515 520 521 522 523 524 525 526 528 530 531 532 533 534 "
    "550 551 552 553 554 555 560 563 564 565 570 571 573 580 581 582 583 584 585 586 587 589 590 591 "
    "611 612 613 620 621 622 623 624 640 642 643 644 645 647 650 651 652 653 657 660 661 662 663 670 671 672 "
    "680 682 684 687 690 691 692 693 695 696 "
    "910 911 912 913 914 915 916 918 920 921 922 923 924 925 926 927 928 929 930 932 933 934 935 "
    "940 941 942 943 950 951 952 953 954 960 961 970 971 973 975 976 977 978 980 981"
)

AREA_CODES: dict[str, tuple[int, int]] = {
    **_STOCKHOLM,
    **dict.fromkeys(_TWO_DIGIT_GEOGRAPHIC.split(), (5, 7)),
    "10": (7, 7),  # numbers for businesses and authorities, 010-123 45 67
    "20": (5, 7),  # freephone, 020-12 34 56
    **dict.fromkeys(["70", "72", "73", "76", "78", "79"], (7, 7)),  # mobile, 070-123 45 67
    **dict.fromkeys(_THREE_DIGIT.split(), (5, 6)),
}


def split_area_code(digits: str) -> tuple[str, str] | None:
    """``"0812345678"`` → ``("8", "12345678")`` when the code is known and the rest has a length it allows."""
    if not digits.startswith("0") or digits.startswith("00"):
        return None
    for size in (1, 2, 3):
        code = digits[1 : 1 + size]
        if code in AREA_CODES:  # prefix-free: the first match is the only one
            low, high = AREA_CODES[code]
            rest = digits[1 + size :]
            fits = rest.isdigit() and low <= len(rest) <= high and not rest.startswith("0")
            return (code, rest) if fits else None  # 0900 is not Umeå (090): no number there begins with 0
    return None


def group_digits(rest: str) -> str:
    """The digits after the area code as Swedes group them: 123 45, 12 34 56, 123 45 67, 123 456 78."""
    if len(rest) == 8:
        return f"{rest[:3]} {rest[3:6]} {rest[6:]}"
    head = 3 if len(rest) % 2 else 2
    groups = [rest[:head]] + [rest[i : i + 2] for i in range(head, len(rest), 2)]
    return " ".join(g for g in groups if g)


def _typed_groups(text: str) -> list[str]:
    return re.findall(r"\d+", text)


def _as_typed_national(text: str) -> str:
    """Only the separators: the user's first group (before a dash, in parentheses or before a space) as the
    area code, a dash, then the user's other groups separated by single spaces."""
    groups = _typed_groups(text)
    if len(groups) < 2:
        return text  # no separator at all: nothing to go on, keep it as typed
    return f"{groups[0]}-{' '.join(groups[1:])}"


def format_swedish(digits: str, typed: str, international: bool) -> str:
    """The normal form of a Swedish number (``digits`` with its leading 0) that the user typed as ``typed``.

    A known area code gives 08-123 45 67 (or +46 8 123 45 67 when typed with +46); otherwise the
    number keeps the user's grouping with only the separators tidied.
    """
    split = split_area_code(digits)
    if international:
        if split:
            return f"+46 {split[0]} {group_digits(split[1])}"
        body = re.sub(r"^(\+|00)\s*46\s*(\(0\)|0)?\s*", "", typed)
        groups = _typed_groups(body)
        return "+46 " + " ".join(groups) if len(groups) > 1 else typed
    if split:
        return f"0{split[0]}-{group_digits(split[1])}"
    return _as_typed_national(typed)
