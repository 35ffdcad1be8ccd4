"""A named lease in Neo4j, so a job that must run once (the expiry sweep) runs on one worker at a time.

Any number of API processes, on any number of hosts, contend for the same lease node; a conditional write
hands it to one holder until it expires, and the holder renews it each time it runs. The expiry time is
the database's clock, so workers whose clocks disagree still agree on who holds it. A holder that dies is
replaced once its lease runs out.
"""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass
from datetime import datetime

from graph.store.database import Database


def holder_name() -> str:
    """Unique per process: the host and pid say where it runs, the random tail tells restarts apart."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


@dataclass(frozen=True, slots=True)
class LeaseState:
    held: bool
    holder: str | None
    expires_at: datetime | None


class Lease:
    def __init__(self, db: Database, name: str, seconds: float, holder: str | None = None) -> None:
        if seconds <= 0:
            raise ValueError("a lease must last a positive number of seconds")
        self.db = db
        self.name = name
        self.seconds = seconds
        self.holder = holder or holder_name()

    async def take(self) -> LeaseState:
        """Takes the lease if it is free or expired, renews it if ours; says who holds it afterwards."""
        (row,) = await self.db.write("leases/take", lease=self.name, holder=self.holder, seconds=self.seconds)
        expires_at = row["expiresAt"]
        return LeaseState(
            held=bool(row["held"]),
            holder=row["holder"],
            expires_at=expires_at.to_native() if expires_at is not None else None,
        )

    async def release(self) -> bool:
        """Gives the lease up if we hold it, so another worker need not wait for it to expire."""
        return bool(await self.db.write("leases/release", lease=self.name, holder=self.holder))
