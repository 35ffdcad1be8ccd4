"""The offenders behind synthetic tips: how many tips each one gets, which ring each belongs to, and each
one's accounts, emails, phone, addresses and devices.

Only a few compact arrays are held per actor; the rest of an actor is rebuilt on demand from the seed and
the actor's number (and cached for the heavy actors who come back often), so a population of half a
million actors stays small.
"""

from __future__ import annotations

import random
from array import array
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Final

from graph.synthetic import pools
from graph.synthetic.config import GeneratorConfig
from graph.synthetic.vocabulary import (
    ADJECTIVES,
    EMAIL_DOMAINS,
    FIRST_NAMES,
    FOREIGN_PLACES,
    GROUP_WORDS,
    LAST_NAMES,
    NOUNS,
    SERVICE_WEIGHTS,
    SERVICES,
    US_PLACES,
    Place,
    Service,
)

NO_SLOT: Final = -1
# A carrier assigns each subscriber's sessions to one block of its carrier-NAT addresses.
CARRIER_BLOCK_SIZE: Final = 32
_PHONE_KIND_SPAN: Final = 1_000_000
PHONE_US, PHONE_UK, PHONE_AU = 0, 1, 2

_FOREIGN_CUMULATIVE: Final = tuple(accumulate(weight for weight, _ in FOREIGN_PLACES))
_US_CUMULATIVE: Final = tuple(accumulate(weight for weight, _ in US_PLACES))
SERVICE_CUMULATIVE: Final = tuple(accumulate(SERVICE_WEIGHTS))


@dataclass(frozen=True, slots=True)
class Account:
    service_index: int
    service: Service
    esp_identifier: str
    screen_name: str
    display_name: str

    @property
    def profile_url(self) -> str:
        return f"https://{self.service.host}/u/{self.screen_name.lower()}"


@dataclass(frozen=True, slots=True)
class EmailIdentity:
    """One mailbox; `local` keeps its dots, since Gmail spellings add and drop them."""

    local: str
    domain: str
    verified: bool

    @property
    def is_gmail(self) -> bool:
        return self.domain == "gmail.com"


@dataclass(frozen=True, slots=True)
class PhoneIdentity:
    kind: int  # PHONE_US, PHONE_UK or PHONE_AU
    area: str  # US area code; empty otherwise
    line: str  # US: 01xx; UK: after 07700 900; AU: after 0491 570
    verified: bool


@dataclass(frozen=True, slots=True)
class Ring:
    """Offenders on several services trading one stock of files, under one group name."""

    ring_id: str
    group_identifier: str
    members: tuple[int, ...]
    file_count: int


@dataclass(frozen=True, slots=True)
class Actor:
    index: int
    actor_id: str
    place: Place
    accounts: tuple[Account, ...]  # the first is the main account
    emails: tuple[EmailIdentity, ...]
    phone: PhoneIdentity | None
    home_ips: tuple[str, ...]
    carrier_block: int | None  # first carrier-NAT slot of the actor's block, when on mobile data
    uses_vpn: bool
    devices: tuple[str, ...]
    ring: int | None
    # The identifier every one of the actor's tips (but the deliberately thin ones) carries.
    anchor_is_email: bool
    first_name: str
    last_name: str
    age: int
    file_pool_size: int
    victim_count: int


PLACES: Final = tuple(place for _, place in FOREIGN_PLACES) + tuple(place for _, place in US_PLACES)


def draw_place_index(rng: random.Random, us_share: float) -> int:
    if rng.random() < us_share:
        return len(FOREIGN_PLACES) + rng.choices(range(len(US_PLACES)), cum_weights=_US_CUMULATIVE)[0]
    return rng.choices(range(len(FOREIGN_PLACES)), cum_weights=_FOREIGN_CUMULATIVE)[0]


def _handle(rng: random.Random, number: int) -> str:
    separator = rng.choice(("_", ".", "", "_"))
    adjective, noun = rng.choice(ADJECTIVES), rng.choice(NOUNS)
    if rng.random() < 0.3:
        adjective = adjective.capitalize()
        noun = noun.capitalize()
    return f"{adjective}{separator}{noun}{number}"


class Population:
    """Every actor's tip count, ring and scarce identifiers, fixed up front; the rest derived on demand."""

    def __init__(self, config: GeneratorConfig, actor_tips: int) -> None:
        self.config = config
        rng = random.Random(f"tipgraph-synthetic:{config.seed}:population")
        self.tip_counts = self._draw_tip_counts(rng, actor_tips)
        count = len(self.tip_counts)
        self.rings, self.ring_of = self._draw_rings(rng, count)
        self.place_index = array("q", (draw_place_index(rng, config.us_share) for _ in range(count)))
        self.phone_code = array("q", [NO_SLOT]) * count
        self.static_v4_slot = array("q", [NO_SLOT]) * count
        self._allocate_scarce_identifiers(rng, count)
        mobile_actors = max(1, round(count * config.mobile_share))
        blocks = max(1, -(-mobile_actors // config.users_per_carrier_nat_address) // CARRIER_BLOCK_SIZE + 1)
        self.carrier_blocks = min(blocks, pools.CARRIER_NAT_SLOTS // CARRIER_BLOCK_SIZE)
        self._actor = lru_cache(maxsize=16384)(self._build_actor)

    def __len__(self) -> int:
        return len(self.tip_counts)

    def actor(self, index: int) -> Actor:
        return self._actor(index)

    def _draw_tip_counts(self, rng: random.Random, actor_tips: int) -> array[int]:
        counts = array("q")
        remaining = actor_tips
        shape, cap = self.config.tips_per_actor_shape, self.config.max_tips_per_actor
        while remaining > 0:
            count = min(int(rng.paretovariate(shape)), cap, remaining)
            counts.append(count)
            remaining -= count
        return counts

    def _draw_rings(self, rng: random.Random, count: int) -> tuple[tuple[Ring, ...], array[int]]:
        config = self.config
        ring_of = array("q", [NO_SLOT]) * count
        mean_size = (config.ring_size_min + config.ring_size_max) / 2
        ring_total = round(count * config.ring_actor_share / mean_size)
        if count < config.ring_size_min:
            ring_total = 0
        rings: list[Ring] = []
        for ring_index in range(ring_total):
            size = min(count, rng.randint(config.ring_size_min, config.ring_size_max))
            members = tuple(m for m in rng.sample(range(count), size) if ring_of[m] == NO_SLOT)
            if len(members) < 2:
                continue
            number = len(rings)
            for member in members:
                ring_of[member] = number
            name = f"{rng.choice(ADJECTIVES)}-{rng.choice(GROUP_WORDS)}-{ring_index}"
            group = rng.choice((f"channel: {name}", f"group {name}", f"#{name}", name.upper()))
            rings.append(Ring(f"R{number:05d}", group, members, rng.randint(5, 40)))
        return tuple(rings), ring_of

    def _allocate_scarce_identifiers(self, rng: random.Random, count: int) -> None:
        # Fictional phone numbers and documentation IPv4 addresses are few: hand each to one actor only,
        # first come first served, so no two unrelated actors share one by accident.
        us_next = uk_next = au_next = static_next = 0
        for index in range(count):
            if rng.random() < self.config.phone_share:
                country = PLACES[self.place_index[index]].country
                if country == "GB" and uk_next < pools.UK_PHONE_SLOTS:
                    self.phone_code[index] = PHONE_UK * _PHONE_KIND_SPAN + uk_next
                    uk_next += 1
                elif country == "AU" and au_next < pools.AU_PHONE_SLOTS:
                    self.phone_code[index] = PHONE_AU * _PHONE_KIND_SPAN + au_next
                    au_next += 1
                elif us_next < pools.US_PHONE_SLOTS:
                    self.phone_code[index] = PHONE_US * _PHONE_KIND_SPAN + us_next
                    us_next += 1
            if rng.random() < 0.2 and static_next < pools.STATIC_V4_SLOTS:
                self.static_v4_slot[index] = static_next
                static_next += 1

    def _actor_rng(self, index: int) -> random.Random:
        return random.Random(self.config.seed * 1_000_003 + index)

    def _build_actor(self, index: int) -> Actor:
        config = self.config
        rng = self._actor_rng(index)
        place = PLACES[self.place_index[index]]
        accounts = self._accounts(rng, index)
        emails = self._emails(rng, accounts[0].screen_name, index)
        code = self.phone_code[index]
        phone = None
        if code != NO_SLOT:
            kind, slot = divmod(code, _PHONE_KIND_SPAN)
            verified = rng.random() < 0.6
            if kind == PHONE_US:
                area, line = pools.us_phone(slot)
                phone = PhoneIdentity(kind, area, line, verified)
            elif kind == PHONE_UK:
                phone = PhoneIdentity(kind, "", pools.uk_phone(slot), verified)
            else:
                phone = PhoneIdentity(kind, "", pools.au_phone(slot), verified)
        home_ips: tuple[str, ...]
        if self.static_v4_slot[index] != NO_SLOT:
            home_ips = (pools.static_v4(self.static_v4_slot[index]),)
        else:
            home_ips = tuple(pools.home_v6(index, rng.randrange(1, 0xFFFF)) for _ in range(rng.randint(1, 2)))
        carrier_block = None
        if rng.random() < config.mobile_share:
            carrier_block = rng.randrange(self.carrier_blocks) * CARRIER_BLOCK_SIZE
        devices = tuple(pools.imei(index, d) for d in range(rng.choice((1, 1, 1, 2, 3))))
        if rng.random() >= config.device_share:
            devices = ()
        ring = self.ring_of[index]
        return Actor(
            index=index,
            actor_id=f"A{index:07d}",
            place=place,
            accounts=accounts,
            emails=emails,
            phone=phone,
            home_ips=home_ips,
            carrier_block=carrier_block,
            uses_vpn=rng.random() < config.vpn_share,
            devices=devices,
            ring=None if ring == NO_SLOT else ring,
            anchor_is_email=bool(emails) and rng.random() < config.email_anchor_share,
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            age=rng.randint(18, 70),
            file_pool_size=rng.randint(1, 4) + min(int(self.tip_counts[index] ** 0.5), 40),
            victim_count=rng.randint(1, 3),
        )

    def _accounts(self, rng: random.Random, index: int) -> tuple[Account, ...]:
        draw = rng.random()
        wanted = 3 if draw < self.config.three_account_share else 1
        if wanted == 1 and draw < self.config.three_account_share + self.config.two_account_share:
            wanted = 2
        chosen: list[int] = []
        while len(chosen) < wanted:
            service_index = rng.choices(range(len(SERVICES)), cum_weights=SERVICE_CUMULATIVE)[0]
            if service_index not in chosen:
                chosen.append(service_index)
        handle = _handle(rng, index)
        accounts = []
        for position, service_index in enumerate(chosen):
            # People reuse a handle across services, sometimes with a twist.
            name = handle if position == 0 or rng.random() < 0.5 else _handle(rng, index)
            accounts.append(
                Account(
                    service_index=service_index,
                    service=SERVICES[service_index],
                    esp_identifier=pools.account_id(index, service_index),
                    screen_name=name,
                    display_name=name.replace("_", " ").replace(".", " ").rstrip("0123456789").strip()
                    or name,
                )
            )
        return tuple(accounts)

    def _emails(self, rng: random.Random, handle: str, index: int) -> tuple[EmailIdentity, ...]:
        if rng.random() >= self.config.email_share:
            return ()
        emails = []
        for number in range(rng.choice((1, 1, 1, 2))):
            words = handle.rstrip("0123456789").replace("_", ".").lower() or "user"
            local = f"{words}.{index}" if number == 0 else f"{rng.choice(NOUNS)}.{rng.choice(NOUNS)}.{index}"
            domain = "gmail.com" if rng.random() < self.config.gmail_share else rng.choice(EMAIL_DOMAINS)
            emails.append(EmailIdentity(local, domain, rng.random() < 0.55))
        return tuple(emails)
