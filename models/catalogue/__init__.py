"""The agreement catalogue: the built-in, own and team agreements, their checks, and allocation tables
read from pasted text or files."""
