"""A photo sent in parts (protocol.PhotoPart) on one connection, then named by AddPhoto.

One upload at a time per connection; a part out of place or a broken connection loses it,
and the client sends the photo again (UploadLost). The total is held to the store's limit
for one photo, so a client cannot make the service hold more.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field

from cspe_tui.store.photo_image import MAX_INPUT_BYTES, check_size

from . import protocol as p


@dataclass
class Upload:
    token: str
    data: bytearray = field(default_factory=bytearray)


def take_part(current: Upload | None, request: p.PhotoPart) -> Upload:
    """The upload with this part appended; raises (and the caller forgets the upload) when it does not fit."""
    try:
        chunk = base64.b64decode(request.data, validate=True)
    except (binascii.Error, ValueError):
        raise p.ProtocolError("Een deel van de foto is geen geldige base64.") from None
    upload = Upload(request.upload) if request.offset == 0 else current
    if upload is None or upload.token != request.upload or request.offset != len(upload.data):
        raise p.UploadLost("Een deel van de foto kwam niet op zijn plaats aan; stuur de foto opnieuw.")
    if len(upload.data) + len(chunk) > MAX_INPUT_BYTES:
        check_size("De foto", len(upload.data) + len(chunk))
    upload.data.extend(chunk)
    return upload


def finished(current: Upload | None, request: p.AddPhoto) -> bytes:
    """The whole photo the AddPhoto names."""
    if current is None or current.token != request.upload:
        raise p.UploadLost("De foto is niet helemaal aangekomen; stuur hem opnieuw.")
    return bytes(current.data)
