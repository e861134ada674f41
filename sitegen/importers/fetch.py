"""GET an ATS endpoint: a timeout, an honest User-Agent, bounded retries with backoff.

429 (honouring ``Retry-After``, capped), 5xx answers and timeouts are retried; every failure ends
as one ``FetchError`` whose message says what happened and what to do.
"""

from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from email.utils import parsedate_to_datetime

from sitegen import __version__

USER_AGENT = f"sitegen-careers/{__version__} (+https://pypi.org/project/sitegen-careers/)"
TIMEOUT = 20.0  # seconds per attempt
ATTEMPTS = 4
BACKOFF = 2.0  # seconds before the second attempt, doubled each time
RETRY_AFTER_CAP = 60.0


class FetchError(Exception):
    """The endpoint gave no usable answer; the message is for the user, with what to do."""


def with_api_url(endpoint: str, api_url: str | None) -> str:
    """``endpoint`` with its scheme and host replaced by those of ``api_url`` (path and query kept)."""
    if not api_url:
        return endpoint
    base, original = urllib.parse.urlsplit(api_url), urllib.parse.urlsplit(endpoint)
    return urllib.parse.urlunsplit((base.scheme, base.netloc, original.path, original.query, ""))


def fetch(
    url: str,
    *,
    timeout: float = TIMEOUT,
    attempts: int = ATTEMPTS,
    sleep: Callable[[float], None] = time.sleep,
) -> bytes:
    """The body of a 200 answer to GET ``url``; raises ``FetchError``."""
    try:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json, */*"})
    except ValueError:
        raise FetchError("is not an http:// or https:// address: check --api-url") from None
    delay = BACKOFF
    for attempt in range(1, attempts + 1):
        last = attempt == attempts
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                body: bytes = response.read()
                return body
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                raise FetchError("not found (404): check the board name, and that its job board is public") from None
            if exc.code == 429:
                if last:
                    raise FetchError(f"rate limited (429) after {attempts} tries: try again later") from None
                sleep(min(_retry_after(exc.headers.get("Retry-After")) or delay, RETRY_AFTER_CAP))
            elif exc.code >= 500:
                if last:
                    raise FetchError(f"the server failed ({exc.code}) {attempts} times: try again later") from None
                sleep(delay)
            else:
                raise FetchError(f"refused ({exc.code} {exc.reason}): check the board name and --api-url") from None
        except TimeoutError:
            if last:
                raise FetchError(f"no answer within {timeout:g} s, {attempts} times: try again later") from None
            sleep(delay)
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError | socket.timeout):
                if last:
                    raise FetchError(f"no answer within {timeout:g} s, {attempts} times: try again later") from None
                sleep(delay)
            else:
                raise FetchError(f"cannot connect ({reason}): check the network and --api-url") from None
        except (OSError, http.client.HTTPException) as exc:  # reset or cut off mid-body, a garbled status line
            if last:
                raise FetchError(f"the answer broke off ({_describe(exc)}) {attempts} times: try again later") from None
            sleep(delay)
        delay *= 2
    raise FetchError("no answer")  # not reached: the last attempt raises


def _describe(exc: Exception) -> str:
    if isinstance(exc, http.client.IncompleteRead):
        return f"{len(exc.partial)} bytes read, {exc.expected} more expected"
    return str(exc) or type(exc).__name__


def _retry_after(value: str | None) -> float | None:
    """``Retry-After`` in seconds (a number or an HTTP date), None when absent or unreadable."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())
