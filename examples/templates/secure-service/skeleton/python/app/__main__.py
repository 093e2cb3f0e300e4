"""Entry point: python3 -m app (the container's ENTRYPOINT)."""

import signal
import threading

from app.server import SERVICE_NAME, create_server, listen_port


def main() -> None:
    server = create_server(listen_port())

    def stop(*_args) -> None:
        server.ready = False
        # shutdown() waits for serve_forever(), so it cannot run on its thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"{SERVICE_NAME} listening on port {server.server_address[1]}", flush=True)
    server.serve_forever()
    server.server_close()


if __name__ == "__main__":
    main()
