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
import zlib
from collections.abc import Callable
from typing import Any

from weasyprint.images import RasterImage

from cspkit.reports.png import SIGNATURE

_library: dict[str, Callable[[Any], bytes]] = {}


def idat_of(png: bytes) -> bytes | None:
    """The compressed pixel data of an 8-bit RGB, non-interlaced, opaque and well-formed PNG; None
    for any other (the library's way then decodes it, and copes with what it can).

    Well-formed, because the data is not decoded on the way: every chunk whole, the IDAT chunks
    in one run, an IEND, and the data inflating to exactly one filter byte (0-4) and ``width``
    pixels per row for every row. Checking costs a tenth of what decoding and compressing did.
    """
    if not png.startswith(SIGNATURE) or len(png) < 33 or png[12:16] != b"IHDR":
        return None
    width, height, *kind = struct.unpack(">IIBBBBB", png[16:29])
    if kind != [8, 2, 0, 0, 0]:  # depth, colour type (RGB), compression, filter method, interlace
        return None
    chunks: list[bytes] = []
    at, ended, run_end = len(SIGNATURE), False, 0
    while not ended:
        if at + 12 > len(png):
            return None  # cut short before IEND
        length, name = struct.unpack(">I4s", png[at : at + 8])
        if at + 12 + length > len(png) or name == b"tRNS":  # a colour marked transparent: a mask is needed
            return None
        if name == b"IDAT":
            if chunks and at != run_end:
                return None  # image data split by another chunk
            chunks.append(png[at + 8 : at + 8 + length])
            run_end = at + 12 + length
        ended = name == b"IEND"
        at += 12 + length  # length, name, data, CRC
    data = b"".join(chunks)
    stride = 1 + 3 * width
    inflate = zlib.decompressobj()
    try:
        rows = inflate.decompress(data, stride * height + 1)
    except zlib.error:
        return None
    if len(rows) != stride * height or not inflate.eof or max(rows[::stride], default=0) > 4:
        return None
    return data


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
