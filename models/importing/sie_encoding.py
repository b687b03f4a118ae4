"""Is it SIE, and in which encoding? The spec says PC8 (CP437), but exporters write cp1252 and UTF-8 too."""

from __future__ import annotations

# åäöÅÄÖé as CP437 (PC8) and as latin-1/cp1252 bytes: counting them tells the two apart.
_PC8_LETTERS = frozenset(b"\x86\x84\x94\x8f\x8e\x99\x82\x81\x9a")
_LATIN_LETTERS = frozenset(b"\xe5\xe4\xf6\xc5\xc4\xd6\xe9\xfc\xdc")
_NOT_PC8 = bytes(b for b in range(256) if b not in _PC8_LETTERS)
_NOT_LATIN = bytes(b for b in range(256) if b not in _LATIN_LETTERS)


def looks_like_sie(head: bytes) -> bool:
    """True when the first bytes are SIE: lines starting with #FLAGGA, #SIETYP, #VER or #KONTO."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"#"):
        return False
    return any(tag in head for tag in (b"#FLAGGA", b"#SIETYP", b"#VER", b"#KONTO", b"#FORMAT"))


def decode_sie(data: bytes) -> tuple[str, str]:
    """Decode by the bytes: UTF-8 when valid, else PC8 or cp1252 by which has more Swedish letters."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    try:
        return data.decode("ascii"), "ascii"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    pc8 = len(data.translate(None, _NOT_PC8))  # one pass each, instead of one per letter
    latin = len(data.translate(None, _NOT_LATIN))
    if latin > pc8:
        return data.decode("cp1252", errors="replace"), "cp1252"
    return data.decode("cp437"), "cp437"
