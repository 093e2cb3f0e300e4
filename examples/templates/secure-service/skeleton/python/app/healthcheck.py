"""The container's HEALTHCHECK: python3 -m app.healthcheck.

The distroless image has no shell or curl, so the service probes itself.
Exits 0 when GET /healthz answers 200, 1 otherwise.
"""

import sys
import urllib.request

from app.server import listen_port


def main() -> int:
    url = f"http://127.0.0.1:{listen_port()}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            return 0 if response.status == 200 else 1
    except OSError as error:
        print(f"healthcheck failed: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
