"""A profile photo as it is kept: checked to be an image, turned upright, made small, stripped of metadata.

Whatever a person uploads is decoded and drawn again as a new JPEG: nothing of the original file is
kept, so its metadata (EXIF: where and when it was taken, the camera) never reaches anyone. A file
that is not an image, an image too large to decode safely, or one of a format we do not take raises
``PhotoRefused`` with a sentence for the person.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024  # what a phone photo weighs, with room to spare
MAX_PIXELS = 40_000_000  # decoding more than this is refused (a "decompression bomb")
SIDE = 480  # the kept photo fits in SIDE × SIDE pixels
FORMATS = {"JPEG", "PNG", "WEBP"}


class PhotoRefused(Exception):
    """The upload is not a photo we keep; the message says why, for the person."""


def photo_clean(data: bytes) -> bytes:
    """The photo to keep (a JPEG of at most SIDE × SIDE, no metadata), from the bytes uploaded."""
    if len(data) > MAX_BYTES:
        raise PhotoRefused("The photo is too large: please choose one under 5 MB.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in FORMATS:
                    raise PhotoRefused("Please choose a JPEG, PNG or WebP photo.")
                if probe.width * probe.height > MAX_PIXELS:
                    raise PhotoRefused("The photo has too many pixels: please choose a smaller one.")
                probe.verify()
            with Image.open(io.BytesIO(data)) as opened:
                opened.load()
                image = ImageOps.exif_transpose(opened).convert("RGB")
                image.thumbnail((SIDE, SIDE))
                out = io.BytesIO()
                image.save(out, format="JPEG", quality=85, optimize=True)  # no exif= : none is written
    except PhotoRefused:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRefused("This file is not a photo we can read: please choose a JPEG, PNG or WebP image.") from None
    except (OSError, SyntaxError, ValueError):  # truncated or damaged files
        raise PhotoRefused("This file is not a photo we can read: please choose a JPEG, PNG or WebP image.") from None
    return out.getvalue()
