"""A server the browser tests can really take off the network: a TCP proxy in front of the live server.

Playwright's `set_offline` does not stop a service worker's own fetches, so it cannot show that a page opens from
the worker's caches. The browser talks to this proxy instead of the live server; `down()` closes its port and
every connection the browser keeps alive, so the browser, its service worker included, gets "connection refused"
as from a server that is down, and `up()` opens the same port again (same origin: same cookies, same worker).
`requests` records what reaches Django meanwhile (its request_started signal, in the live server's thread).
"""

import contextlib
import socket
import threading

from django.core.signals import request_started


class ServerSwitch:
    def __init__(self, live_server):
        self.target = (live_server.thread.host, live_server.thread.port)
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        # 127.0.0.1, not localhost: one address to refuse, and a secure context where service workers run.
        self.url = f"http://127.0.0.1:{self.port}"
        self.requests: list[str] = []
        self._listener = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        request_started.connect(self._heard, dispatch_uid=f"server-switch-{self.port}")

    def __enter__(self):
        self.up()
        return self

    def __exit__(self, *exc_info):
        self.close()

    def phone(self, browser):
        """A new browser context of a 360 px phone (its own cookies and service workers, allowed) that reaches the
        site through the switch."""
        return browser.new_context(viewport={"width": 360, "height": 740}, base_url=self.url, service_workers="allow")

    def _heard(self, sender, environ=None, **kwargs):
        self.requests.append(f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')}" if environ else "?")

    def up(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self):
        """Refuse every connection from now on, and cut those open."""
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        with self._lock:
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._open.clear()

    def close(self):
        self.down()
        request_started.disconnect(dispatch_uid=f"server-switch-{self.port}")

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:  # closed by down()
                return
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                if self._listener is not listener:  # went down meanwhile
                    client.close()
                    server.close()
                    return
                self._open.update({client, server})
            threading.Thread(target=self._pipe, args=(client, server), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client), daemon=True).start()

    def _pipe(self, source, sink):
        """Bytes one way until either side ends; then both ends are shut, which ends the other direction's pipe."""
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        with self._lock:
            self._open.discard(source)
        source.close()
