"""The zip that carries the CSV tables: written byte for byte the same, read within a limit.

Writing: every member gets the zip epoch as its timestamp, deflate and the same file mode,
so the same history gives the same bytes. Reading: a zip's directory says how large each
member is once decompressed, and a small zip can claim (and hold) gigabytes, so the claimed
sizes are checked before anything is decompressed (:func:`open_zip`).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

from glutemed.errors import InputError
from glutemed.export.csv_columns import OPTIONAL_SINCE, TABLES
from glutemed.export.import_limits import DEFAULT_MAX_BYTES, too_large

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""Every member gets this timestamp (the zip epoch) so the same history gives the same bytes."""
_READ_CHUNK = 1 << 20


def write_zip(members: Mapping[str, bytes]) -> bytes:
    """A deterministic zip of ``members`` (name -> bytes), in the order given."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def open_zip(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, bytes]:
    """The six tables of a glutemed CSV zip, each read only after its size was checked.

    A zip's directory says how large each member is once decompressed; a small zip can
    claim (and hold) gigabytes. The claimed sizes are checked first -- each member, then
    the six together -- so such a file is refused before anything is decompressed; and
    each member is then read in chunks, never more than it claimed (Python's zipfile stops
    at the claimed size and fails the checksum if the data goes on), so a member that lies
    about its size cannot get past the limit either.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            missing = [n for n in TABLES if n not in names and n not in OPTIONAL_SINCE]
            if missing:
                raise InputError(
                    "zip", f"missing member(s) {', '.join(missing)}; expected: {', '.join(TABLES)}"
                )
            sizes = {name: archive.getinfo(name).file_size for name in TABLES if name in names}
            for name, size in sizes.items():
                if size > max_bytes:
                    raise too_large(f"{name} in the zip would expand to", size, max_bytes)
            total = sum(sizes.values())
            if total > max_bytes:
                raise too_large("the zip's tables would expand together to", total, max_bytes)
            return {name: _read_member(archive, name, max_bytes) for name in sizes}
    except zipfile.BadZipFile as exc:
        raise InputError("file", f"not a glutemed CSV zip ({exc})") from None


def _read_member(archive: zipfile.ZipFile, name: str, max_bytes: int) -> bytes:
    out = bytearray()
    with archive.open(name) as member:
        while chunk := member.read(_READ_CHUNK):
            out += chunk
            if len(out) > max_bytes:
                raise too_large(f"{name} in the zip expands to more than", max_bytes, max_bytes)
    return bytes(out)
