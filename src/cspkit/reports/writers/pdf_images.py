"""PNG figures go into the PDF as they are, not decoded and compressed again.

WeasyPrint decodes every PNG image and compresses its pixels again to embed them: about a
second of CPU for a report's 29 figures, for the same pixels. A PDF can hold the compressed
data of an 8-bit RGB PNG unchanged (Flate with the PNG predictors, which WeasyPrint declares
for every PNG anyway), and the figures are saved that way (:mod:`cspkit.reports.style`). So
for those the data is taken as it is; any other image (with transparency, a palette, 16 bits,
interlaced: a partnership's logo, say) goes the library's way.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Callable
from typing import Any

from weasyprint.images import RasterImage

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_library: dict[str, Callable[[Any], bytes]] = {}


def idat_of(png: bytes) -> bytes | None:
    """The compressed pixel data of an 8-bit RGB, non-interlaced, opaque PNG; None for any other."""
    if not png.startswith(SIGNATURE) or png[12:16] != b"IHDR" or len(png) < 33:
        return None
    depth, colour, _, _, interlace = png[24:29]
    if (depth, colour, interlace) != (8, 2, 0):
        return None
    chunks: list[bytes] = []
    at = len(SIGNATURE)
    while at + 8 <= len(png):
        length, kind = struct.unpack(">I4s", png[at : at + 8])
        if kind == b"tRNS":  # a colour marked transparent: the library makes a mask of it
            return None
        if kind == b"IDAT":
            chunks.append(png[at + 8 : at + 8 + length])
        at += 12 + length  # length, type, data, CRC
    return b"".join(chunks) or None


def _png_data(pillow_image: Any) -> bytes:
    """What WeasyPrint embeds for a PNG image: its own data when it can be, else re-encoded."""
    source = getattr(pillow_image, "fp", None)
    if isinstance(source, io.BytesIO):
        found = idat_of(source.getvalue())
        if found is not None:
            return found
    return _library["png data"](pillow_image)


def embed_png_as_is() -> bool:
    """Make WeasyPrint embed opaque 8-bit RGB PNGs as they are; False where this WeasyPrint has
    no such step (it then re-encodes, as before: slower, the same pixels)."""
    current = getattr(RasterImage, "_get_png_data", None)
    if current is None:
        return False
    if current is not _png_data:
        _library["png data"] = current
        RasterImage._get_png_data = staticmethod(_png_data)
    return True
