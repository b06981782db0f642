"""What the apps that privacy may not read tell a person's erasure (privacy.erasure): whether a role they hold keeps
the account from being erased now, and what those apps forget of the person when it is.

Safeguarding stays out of privacy's imports (tests/test_architecture.py: reports of concerns are not linked to
accounts), yet an officer is an account and its log names officers by address. So, as forum tells people who is a
minor (people.minors), such an app registers a source when it starts (safeguarding.apps), and privacy asks here:

- `erasure_holds(user)`: why the account may not be erased now (translated texts; none when it may);
- `erasure_forget(user=..., addresses=...)`: each source forgets what it keeps of the person, in the erasure's
  transaction, once the account is anonymised (`user.email` is the erased account's address by then).
"""

from collections.abc import Callable
from dataclasses import dataclass

from .models import User


@dataclass(frozen=True)
class ErasureSource:
    """`hold(user)`: why `user` may not be erased now ("" when they may). `forget(user=..., addresses=...)`: forget
    what the app keeps of the person; `addresses` are every e-mail address they had, in lower case."""

    hold: Callable[[User], str]
    forget: Callable[..., None]


_sources: list[ErasureSource] = []


def erasure_source_register(source: ErasureSource) -> None:
    """Called once by an app when it starts; registering twice is harmless."""
    if source not in _sources:
        _sources.append(source)


def erasure_holds(user: User) -> list[str]:
    """Why the sources keep `user` from being erased now, in their order (empty when nothing holds them)."""
    return [str(reason) for reason in (source.hold(user) for source in _sources) if reason]


def erasure_forget(*, user: User, addresses: list[str]) -> None:
    """Every source forgets what it keeps of `user` (the caller's transaction)."""
    for source in _sources:
        source.forget(user=user, addresses=addresses)
