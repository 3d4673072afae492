"""Blocks every network connection beyond loopback, in the test process and every Python subprocess.

The test suite puts this folder on PYTHONPATH (tests/conftest.py), so Python starts it in each
``osaikg`` command a test runs too. An audit hook refuses connections and name lookups before any
packet leaves: tests may reach a local server, never the internet.
"""
import ipaddress
import sys

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def _is_loopback(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


class NetworkBlocked(ConnectionRefusedError):
    """A test tried to reach beyond loopback."""


def _guard(event, args):
    if event in ("socket.connect", "socket.sendto") and args:
        address = args[-1]
        if isinstance(address, tuple) and address and not _is_loopback(address[0]):
            raise NetworkBlocked(f"network blocked in tests: {event} to {address[0]!r}")
    elif event == "socket.getaddrinfo" and args and not _is_loopback(args[0]) and args[0] is not None:
        raise NetworkBlocked(f"network blocked in tests: name lookup of {args[0]!r}")


sys.addaudithook(_guard)
