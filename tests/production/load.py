"""Requests of the fault tests: one HTTP request on a new connection, its answer or how it failed, and threads that
keep sending requests of several kinds while a server is broken under them."""

import http.client
import threading
import time
import urllib.parse
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Answer:
    kind: str
    status: int  # 0: no HTTP answer (`failure` says why)
    at: float  # time.monotonic() when the request was sent
    retry_after: str = ""
    failure: str = ""


def request(port: int, kind: str, method: str, path: str, *, body: bytes = b"", headers: dict | None = None):
    sent = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request(method, path, body=body or None, headers={"Host": "127.0.0.1", **(headers or {})})
        response = connection.getresponse()
        response.read()
        return Answer(kind, response.status, sent, response.getheader("Retry-After", ""))
    except (OSError, http.client.HTTPException) as error:
        return Answer(kind, 0, sent, failure=type(error).__name__)
    finally:
        connection.close()


def logged_in_headers(session_key: str, csrf: str) -> dict:
    return {"Cookie": f"sessionid={session_key}; csrftoken={csrf}; django_language=en", "X-CSRFToken": csrf}


def registration(port: int, slug: str, organisation: int, session_key: str, csrf: str) -> Answer:
    """A logged-in delegate's registration POST (government, Cambodia, the policies agreed)."""
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": csrf,
            "category": "government",
            "organisation": organisation,
            "position": "Officer",
            "country": "KH",
            "agree_code_of_conduct": "on",
            "agree_privacy": "on",
        }  # fmt: skip
    ).encode()
    headers = {**logged_in_headers(session_key, csrf), "Content-Type": "application/x-www-form-urlencoded"}
    return request(port, "register", "POST", f"/en/forum/{slug}/register/", body=body, headers=headers)


@dataclass
class Load:
    """Threads, each sending one kind of request again and again until stop(); every answer kept in order."""

    answers: list[Answer] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, send, *, pause: float = 0.02) -> None:
        """A thread calling `send()` (an Answer, or None when it has nothing left to send) every `pause` seconds."""

        def loop():
            while not self._stop.is_set():
                answer = send()
                if answer is None:
                    return
                with self._lock:
                    self.answers.append(answer)
                self._stop.wait(pause)

        thread = threading.Thread(target=loop, daemon=True)
        self._threads.append(thread)
        thread.start()

    def stop(self) -> list[Answer]:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=30)
        return sorted(self.answers, key=lambda answer: answer.at)
