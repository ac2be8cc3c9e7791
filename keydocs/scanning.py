"""Virus scanning through ClamAV's daemon (clamd) with `clamav-client`, bounded by a timeout.

Settings: `CLAMD_HOST`, `CLAMD_PORT` and `CLAMD_TIMEOUT` (seconds, for connecting and for
each read and write on the connection).
"""

from dataclasses import dataclass
from typing import Any

from clamav_client.clamd import ClamdError, ClamdNetworkSocket
from django.conf import settings


class ScannerUnavailable(Exception):
    """clamd could not be reached or did not answer in time; the file stays unscanned."""


@dataclass(frozen=True)
class ScanVerdict:
    """What clamd said about one file: clean, or infected with `signature`."""

    infected: bool
    signature: str = ""


def scanner() -> ClamdNetworkSocket:
    """A clamd client for the configured host and port, with the configured timeout."""
    return ClamdNetworkSocket(
        host=str(getattr(settings, "CLAMD_HOST", "127.0.0.1")),
        port=int(getattr(settings, "CLAMD_PORT", 3310)),
        timeout=float(getattr(settings, "CLAMD_TIMEOUT", 30)),
    )


def scan_stream(stream: Any) -> ScanVerdict:
    """Send the bytes of `stream` (any binary file object) to clamd and return its verdict.

    Raises `ScannerUnavailable` when clamd cannot be reached, times out or gives an answer
    that is neither clean nor infected; the caller must then treat the file as unscanned.
    """
    try:
        report = scanner().instream(stream)
    except (ClamdError, OSError) as error:
        raise ScannerUnavailable(str(error) or error.__class__.__name__) from error
    result = report.get("stream")
    if result is None:
        raise ScannerUnavailable("clamd gave no result for the file.")
    status, detail = result
    if status == "OK":
        return ScanVerdict(infected=False)
    if status == "FOUND":
        return ScanVerdict(infected=True, signature=str(detail or "unknown"))
    raise ScannerUnavailable(f"clamd could not scan the file: {detail}")
