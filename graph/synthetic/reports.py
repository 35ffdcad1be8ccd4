"""Building one synthetic tip in its JSON form (camelCase element names, repeating elements as arrays,
date-times with offsets), with the truth of what is behind it.

Three shapes: an offender's own report, an individual report of a viral or meme file by an unrelated
user, and a bundled (batched) viral report naming many unrelated users.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from itertools import accumulate
from typing import Any, Final

from graph.incident_types import IncidentType
from graph.synthetic import pools
from graph.synthetic.config import GeneratorConfig
from graph.synthetic.files import EMPTY_FILE_ID, SyntheticFile, synthetic_file
from graph.synthetic.ground_truth import TipTruth, built_actionable
from graph.synthetic.population import (
    CARRIER_BLOCK_SIZE,
    PLACES,
    SERVICE_CUMULATIVE,
    Account,
    Actor,
    Population,
    draw_place_index,
)
from graph.synthetic.spellings import (
    phone_entry,
    spell_email,
    spell_hash,
    spell_ip,
    spell_profile_url,
    spell_screen_name,
)
from graph.synthetic.vocabulary import (
    ADJECTIVES,
    CONTACT_INCIDENTS,
    ESCALATION_TEXTS,
    FILE_EXTENSIONS,
    INCIDENT_TYPE_WEIGHTS,
    NOUNS,
    SERVICES,
    Place,
    Service,
)

Json = dict[str, Any]

_INCIDENT_TYPES: Final = tuple(kind for kind, _ in INCIDENT_TYPE_WEIGHTS)
_INCIDENT_CUMULATIVE: Final = tuple(accumulate(weight for _, weight in INCIDENT_TYPE_WEIGHTS))
_URGENT_TYPES: Final = (
    IncidentType.ONLINE_ENTICEMENT,
    IncidentType.ONLINE_ENTICEMENT,
    IncidentType.CHILD_SEX_TRAFFICKING,
    IncidentType.CHILD_SEXUAL_MOLESTATION,
)
# Reasons an actor's tip is built not actionable, and how often each is picked; "unviewed" needs files
# and "unidentified" an email to fall back on.
_DEFICIENCIES: Final = (
    ("unlocatable", 40.0),
    ("unviewed", 35.0),
    ("third_party", 8.0),
    ("compromised", 6.0),
    ("unidentified", 6.0),
    ("spam", 5.0),
)
_DAY: Final = 86_400.0
_SERVICE_OFFSET_MINUTES: Final = -300  # services file in their own (US) time


@lru_cache(maxsize=256)
def _zone(offset_minutes: int) -> timezone:
    return UTC if offset_minutes == 0 else timezone(timedelta(minutes=offset_minutes))


def stamp(seconds: float, offset_minutes: int) -> str:
    """An ISO 8601 date-time with its UTC offset, to the second."""
    return datetime.fromtimestamp(int(seconds), _zone(offset_minutes)).isoformat()


@dataclass(frozen=True, slots=True)
class GeneratedTip:
    tip: dict[str, object]
    truth: TipTruth


@dataclass(frozen=True, slots=True)
class _Session:
    """Where an actor was online around the incident."""

    ip: str
    port: int
    start: float
    proxy: bool


class TipFactory:
    """Makes tips one at a time; remembers per actor only its last reports and last carrier-NAT session."""

    def __init__(self, config: GeneratorConfig, population: Population, rng: random.Random) -> None:
        self.config = config
        self.population = population
        self.rng = rng
        viral_weights = [
            1.0 / (rank + 1) ** config.viral_popularity_exponent for rank in range(config.viral_files)
        ]
        self._viral_cumulative = tuple(accumulate(viral_weights))
        non_viral = 1.0 - config.viral_share
        self._actor_complete_rate = min(1.0, config.actionable_rate / non_viral) if non_viral > 0 else 0.0
        incomplete = 1.0 - self._actor_complete_rate
        self._actor_viral_rate = (
            min(1.0, config.actor_viral_file_rate / incomplete) if incomplete > 0 else 0.0
        )
        self._history: dict[int, tuple[int, ...]] = {}
        self._sessions: dict[int, _Session] = {}
        self._bystanders = 0
        self._carrier_slots = population.carrier_blocks * CARRIER_BLOCK_SIZE

    # ---- shared pieces ---------------------------------------------------------------------------

    def _report_id(self, number: int) -> str:
        return f"{self.config.report_id_prefix}{number}"

    def _service(self) -> tuple[int, Service]:
        index = self.rng.choices(range(len(SERVICES)), cum_weights=SERVICE_CUMULATIVE)[0]
        return index, SERVICES[index]

    def _reporter(self, service: Service) -> Json:
        reporter: Json = {
            "reportingPerson": {
                "firstName": "Trust",
                "lastName": "Safety",
                "email": [{"value": f"ncmec-reports@{service.host}", "type": "Business"}],
            }
        }
        if self.rng.random() < 0.3:
            reporter["companyTemplate"] = f"Legal process: legal@{service.host}"
        return reporter

    def _estimated_location(self, place: Place, include_city: bool) -> Json:
        location: Json = {}
        if include_city:
            location["city"] = place.city
        if place.region:
            location["region"] = place.region
        location["countryCode"] = place.country
        roll = self.rng.random()
        if roll < 0.5:
            location["verified"] = roll < 0.1
        return location

    def _capture(self, session: _Session, event: str, when: float, offset: int, strict: bool) -> Json:
        """An IP capture event; unless `strict`, time and port go missing at the configured rates."""
        rng, config = self.rng, self.config
        capture: Json = {"ipAddress": spell_ip(rng, session.ip), "eventName": event}
        if strict or rng.random() >= config.capture_time_missing_rate:
            capture["dateTime"] = stamp(when, offset)
        if session.proxy:
            capture["possibleProxy"] = True
        elif strict or rng.random() < 0.8:
            capture["possibleProxy"] = False
        if strict or rng.random() >= config.capture_port_missing_rate:
            capture["port"] = session.port
        return capture

    def _file(
        self, synthetic: SyntheticFile, service: Service, uploaded: float, offset: int, viewed: bool | None
    ) -> Json:
        rng = self.rng
        token = synthetic.sha256[:12]
        extension = FILE_EXTENSIONS[int(synthetic.sha1[:2], 16) % len(FILE_EXTENSIONS)]
        file: Json = {"fileName": f"{token}.{extension}"}
        if rng.random() < 0.3:
            file["originalFileName"] = f"IMG_{int(token[:4], 16) % 10000:04d}.{extension.upper()}"
        if rng.random() < 0.9:
            file["uploadedToEspTimestamp"] = stamp(uploaded, offset)
        if rng.random() < 0.7:
            file["locationOfFile"] = f"https://cdn.{service.host}/m/{token}"
        if viewed is not None:
            file["fileViewedByEsp"] = viewed
            if viewed and rng.random() < 0.3:
                file["exifViewedByEsp"] = True
            elif rng.random() < 0.5:
                file["exifViewedByEsp"] = False
        roll = rng.random()
        if roll < 0.75:
            file["publiclyAvailable"] = roll < 0.15
        roll = rng.random()
        if roll < 0.95:
            file["fileRelevance"] = "Reported" if roll < 0.85 else "Supplemental Reported"
        if synthetic.annotations:
            file["fileAnnotations"] = dict.fromkeys(synthetic.annotations, True)
        if synthetic.industry_classification and (viewed or rng.random() < 0.5):
            file["industryClassification"] = synthetic.industry_classification
        hashes = []
        if rng.random() < 0.9:
            hashes.append({"value": spell_hash(rng, synthetic.md5), "hashType": "MD5"})
        if rng.random() < 0.4:
            hashes.append({"value": spell_hash(rng, synthetic.sha1), "hashType": "SHA1"})
        if not hashes or rng.random() < 0.5:
            hashes.append({"value": spell_hash(rng, synthetic.sha256), "hashType": "SHA256"})
        file["originalFileHash"] = hashes
        return file

    def _viral_file_id(self) -> str:
        rank = self.rng.choices(range(self.config.viral_files), cum_weights=self._viral_cumulative)[0]
        return f"V{rank:03d}"

    def _viral_file(self) -> tuple[str, SyntheticFile]:
        file_id = self._viral_file_id()
        return file_id, synthetic_file(self.config.seed, file_id)

    def _flag_viral(self, file: Json) -> None:
        roll = self.rng.random()
        flags: Json = dict(file.get("fileAnnotations", {}))
        if roll < 0.7:
            flags["viral"] = True
        if roll >= 0.4:
            flags["potentialMeme"] = True
        file["fileAnnotations"] = flags

    def _incident_times(self, report: float) -> tuple[float, float]:
        """(session start, incident time): the incident comes minutes to days before the report."""
        rng = self.rng
        incident = report - 600.0 - rng.expovariate(1.0 / (1.5 * _DAY))
        session = incident - 30.0 - rng.expovariate(1.0 / 3600.0)
        return session, incident

    # ---- an offender's report --------------------------------------------------------------------

    def actor_tip(self, number: int, report: float, actor_index: int) -> GeneratedTip:
        config, rng, population = self.config, self.rng, self.population
        actor = population.actor(actor_index)
        report_id = self._report_id(number)
        urgent = rng.random() < config.escalation_rate
        complete = urgent or rng.random() < self._actor_complete_rate
        thin = not urgent and rng.random() < config.thin_rate
        if urgent:
            incident_type = rng.choice(_URGENT_TYPES)
        else:
            incident_type = rng.choices(_INCIDENT_TYPES, cum_weights=_INCIDENT_CUMULATIVE)[0]
        main = actor.accounts[0]
        account = main if len(actor.accounts) == 1 or rng.random() < 0.7 else rng.choice(actor.accounts[1:])
        service = account.service
        offset = actor.place.utc_offset_minutes

        session, incident = self._actor_session(actor, report)
        file_ids = self._actor_file_ids(actor, incident_type, report_id)

        deficiencies: set[str] = set()
        viral_file_id: str | None = None
        if not complete:
            deficiencies.add(self._deficiency(actor, bool(file_ids), thin))
            if rng.random() < 0.3:
                deficiencies.add(self._deficiency(actor, bool(file_ids), thin))
            if rng.random() < self._actor_viral_rate:
                viral_file_id = self._viral_file_id()
        unlocatable = "unlocatable" in deficiencies

        # The suspect.
        user: Json = {}
        person: Json = {}
        if thin:
            # A burner account: nothing of the actor's own accounts, mailboxes, phones or handsets.
            self._bystanders += 1
            burner = pools.bystander_account_id(self._bystanders)
            user["espIdentifier"] = burner
            user["espService"] = service.name
            if rng.random() < 0.6:
                user["screenName"] = f"{rng.choice(ADJECTIVES)}_{rng.choice(NOUNS)}_x{self._bystanders}"
        else:
            self._identity(user, person, actor, account, main, unidentified="unidentified" in deficiencies)

        captures = self._suspect_captures(
            actor, session, incident, offset, strict=complete and not unlocatable
        )
        if unlocatable:
            captures = [self._unlocating(capture) for capture in captures]
        if captures:
            user["ipCaptureEvent"] = captures
        if not thin and actor.devices and rng.random() < 0.5:
            user["deviceId"] = [self._device(imei, session.start, offset) for imei in actor.devices]
        prior = self._history.get(actor_index, ())
        if prior and rng.random() < config.prior_reports_rate:
            user["priorCTReports"] = sorted(rng.sample(prior, rng.randint(1, len(prior))))
        self._history[actor_index] = (*prior[-2:], number)
        ring = population.rings[actor.ring] if actor.ring is not None else None
        if ring is not None and rng.random() < config.group_identifier_rate:
            user["groupIdentifier"] = ring.group_identifier
        if "compromised" in deficiencies:
            user["compromisedAccount"] = True
        elif rng.random() < 0.3:
            user["compromisedAccount"] = False
        if "third_party" in deficiencies:
            user["thirdPartyUserReported"] = True
        if not unlocatable and rng.random() < config.estimated_location_rate:
            user["estimatedLocation"] = self._estimated_location(actor.place, rng.random() < 0.5)
        if not unlocatable and not thin and rng.random() < 0.08:
            address: Json = {"city": actor.place.city, "country": actor.place.country, "type": "Home"}
            if actor.place.region:
                address["state"] = actor.place.region
            person.setdefault("address", []).append(address)
        if person:
            user = {"personOrUserReportedPerson": person, **user}
        users = [user]
        actor_ids = [actor.actor_id]
        if ring is not None and rng.random() < config.co_offender_rate:
            partner = rng.choice([m for m in ring.members if m != actor_index])
            users.append(self._co_offender(population.actor(partner), session, offset))
            actor_ids.append(population.actor(partner).actor_id)

        # The files.
        files = []
        upload = session.start
        for position, file_id in enumerate(file_ids):
            upload = min(incident - 1.0, upload + 1.0 + rng.random() * 30.0)
            if "unviewed" in deficiencies:
                viewed: bool | None = False if rng.random() < 0.8 else None
            elif complete:
                viewed = position == 0 or rng.random() < 0.6
            else:
                roll = rng.random()
                viewed = None if roll < 0.1 else roll < 0.45
            file = self._file(synthetic_file(config.seed, file_id), service, upload, offset, viewed)
            if rng.random() >= config.upload_ip_missing_rate:
                capture = self._capture(session, "Upload", upload, offset, strict=False)
                file["ipCaptureEvent"] = self._unlocating(capture) if unlocatable else capture
            if not thin and actor.devices and rng.random() < 0.1:
                file["deviceId"] = [self._device(actor.devices[0], upload, offset)]
            files.append(file)
        if viral_file_id is not None:
            file = self._file(synthetic_file(config.seed, viral_file_id), service, upload, offset, None)
            self._flag_viral(file)
            files.append(file)

        summary = self._summary(incident_type, service, incident, offset, deficiencies)
        if urgent:
            summary["escalateToHighPriority"] = rng.choice(ESCALATION_TEXTS)
        tip: Json = {"reportId": report_id, "incidentSummary": summary}
        details = self._internet_details(incident_type, actor, account, session, incident, offset, files)
        if details:
            tip["internetDetails"] = details
        tip["reporter"] = self._reporter(service)
        tip["personOrUserReported"] = users
        self._add_counterparts(tip, incident_type, actor, service, urgent)
        tip["files"] = files
        if complete and not built_actionable(tip):
            # Every required piece is present but the location, which random omissions may have taken.
            users[0]["estimatedLocation"] = self._estimated_location(actor.place, False)
        truth = TipTruth(
            report_id=report_id,
            actor_ids=tuple(actor_ids),
            ring_id=ring.ring_id if ring is not None else None,
            viral_file_id=viral_file_id,
            complete=built_actionable(tip),
            urgent=urgent,
            thin=thin,
            country_code=actor.place.country,
            region=actor.place.region,
        )
        return GeneratedTip(tip, truth)

    def _deficiency(self, actor: Actor, has_files: bool, thin: bool) -> str:
        rng = self.rng
        while True:
            name = rng.choices(_DEFICIENCIES, weights=[w for _, w in _DEFICIENCIES])[0][0]
            if name == "unviewed" and not has_files:
                continue
            if name == "unidentified" and (thin or not actor.anchor_is_email):
                continue
            return name

    def _actor_session(self, actor: Actor, report: float) -> tuple[_Session, float]:
        rng, config = self.rng, self.config
        previous = self._sessions.get(actor.index)
        if (
            previous is not None
            and rng.random() < config.session_burst_rate
            and previous.start + 200.0 < report - 600.0
            and report - previous.start < 30 * _DAY
        ):
            # The service filed another report about the same upload session, seconds apart.
            start = previous.start + rng.randint(2, 40)
            session = _Session(previous.ip, previous.port, start, False)
            return session, start + rng.randint(45, 150)
        start, incident = self._incident_times(report)
        port = rng.randint(1024, 65535)
        if actor.carrier_block is not None and rng.random() < 0.7:
            ip = pools.carrier_nat(actor.carrier_block + rng.randrange(CARRIER_BLOCK_SIZE))
            session = _Session(ip, port, start, False)
            self._sessions[actor.index] = session
        elif actor.uses_vpn and rng.random() < 0.5:
            session = _Session(pools.vpn_exit(rng.randrange(self.config.vpn_exits)), port, start, True)
        else:
            session = _Session(rng.choice(actor.home_ips), port, start, False)
        return session, incident

    def _actor_file_ids(self, actor: Actor, incident_type: IncidentType, report_id: str) -> list[str]:
        rng, config = self.rng, self.config
        if incident_type is IncidentType.CHILD_PORNOGRAPHY:
            count = min(10, int(rng.paretovariate(1.8)))
        elif incident_type in (IncidentType.ONLINE_ENTICEMENT, IncidentType.UNSOLICITED_OBSCENE_MATERIAL):
            count = 0 if rng.random() < 0.5 else rng.randint(1, 2)
        else:
            count = 0 if rng.random() < 0.65 else 1
        ring = self.population.rings[actor.ring] if actor.ring is not None else None
        ring_tip = ring is not None and rng.random() < config.ring_file_rate
        file_ids = []
        for position in range(count):
            if rng.random() < config.empty_file_rate:
                file_ids.append(EMPTY_FILE_ID)
            elif ring is not None and ring_tip and (position == 0 or rng.random() < 0.6):
                file_ids.append(f"{ring.ring_id}-F{int(ring.file_count * rng.random() ** 1.5)}")
            elif rng.random() < config.reshared_file_rate:
                file_ids.append(f"{actor.actor_id}-F{int(actor.file_pool_size * rng.random() ** 1.5)}")
            else:
                file_ids.append(f"{report_id}-F{position}")
        return list(dict.fromkeys(file_ids))

    def _identity(
        self, user: Json, person: Json, actor: Actor, account: Account, main: Account, *, unidentified: bool
    ) -> None:
        """The actor's own identifiers; every such tip carries the actor's anchor (main account or email)."""
        rng = self.rng
        if not unidentified:
            user["espIdentifier"] = account.esp_identifier
            user["espService"] = account.service.name
            if rng.random() < 0.85:
                user["screenName"] = spell_screen_name(rng, account.screen_name)
            if rng.random() < 0.3:
                user["displayName"] = [account.display_name]
            if rng.random() < 0.4:
                user["profileUrl"] = [spell_profile_url(rng, account)]
            linked = [
                other
                for other in actor.accounts
                if other is not account
                and ((other is main and not actor.anchor_is_email) or rng.random() < 0.2)
            ]
            if linked:
                user["associatedAccount"] = [
                    {
                        "type": "Linked",
                        "platform": {"value": other.service.name},
                        "espIdentifier": other.esp_identifier,
                        **({"screenName": other.screen_name} if rng.random() < 0.5 else {}),
                    }
                    for other in linked
                ]
        emails = []
        for position, email in enumerate(actor.emails):
            anchor = position == 0 and actor.anchor_is_email
            if anchor or rng.random() < 0.4:
                entry: Json = {"value": spell_email(rng, email)}
                if unidentified:
                    entry["verified"] = False
                elif rng.random() < 0.85:
                    entry["verified"] = email.verified
                emails.append(entry)
        if emails:
            person["email"] = emails
        if actor.phone is not None and not unidentified and rng.random() < 0.45:
            person["phone"] = [phone_entry(rng, actor.phone)]
        if rng.random() < 0.15:
            person["firstName"] = actor.first_name
            person["lastName"] = actor.last_name
        if rng.random() < 0.15:
            person["age"] = actor.age
        if rng.random() < 0.05:
            born = self.config.now.year - actor.age
            person["dateOfBirth"] = f"{born:04d}-{1 + actor.index % 12:02d}-{1 + actor.index % 28:02d}"

    def _suspect_captures(
        self, actor: Actor, session: _Session, incident: float, offset: int, strict: bool
    ) -> list[Json]:
        rng = self.rng
        if rng.random() < self.config.no_capture_rate and not strict:
            return []
        captures = [self._capture(session, "Login", session.start, offset, strict=strict)]
        if rng.random() < 0.3:
            upload = min(incident - 1.0, session.start + 5.0 + rng.random() * 60.0)
            captures.append(self._capture(session, "Upload", upload, offset, strict=False))
        if rng.random() < 0.1:
            home = _Session(rng.choice(actor.home_ips), rng.randint(1024, 65535), 0.0, False)
            registered = session.start - rng.uniform(30, 600) * _DAY
            captures.append(self._capture(home, "Registration", registered, offset, strict=False))
        return captures

    def _unlocating(self, capture: Json) -> Json:
        """The capture without what would locate someone: no time, or no port, or behind a proxy."""
        if capture.get("possibleProxy") is True or "dateTime" not in capture or "port" not in capture:
            return capture
        roll = self.rng.random()
        if roll < 0.45:
            return {k: v for k, v in capture.items() if k != "dateTime"}
        if roll < 0.9:
            return {k: v for k, v in capture.items() if k != "port"}
        return {**capture, "possibleProxy": True}

    def _device(self, imei: str, when: float, offset: int) -> Json:
        device: Json = {"idType": "IMEI", "idValue": imei}
        if self.rng.random() < 0.6:
            device["eventName"] = "Login"
            device["dateTime"] = stamp(when, offset)
        return device

    def _co_offender(self, partner: Actor, session: _Session, offset: int) -> Json:
        account = partner.accounts[0]
        user: Json = {"espIdentifier": account.esp_identifier, "espService": account.service.name}
        if self.rng.random() < 0.7:
            user["screenName"] = spell_screen_name(self.rng, account.screen_name)
        if self.rng.random() < 0.5:
            home = _Session(self.rng.choice(partner.home_ips), self.rng.randint(1024, 65535), 0.0, False)
            user["ipCaptureEvent"] = [
                self._capture(home, "Login", session.start - 3600.0, offset, strict=False)
            ]
        return user

    def _summary(
        self,
        incident_type: IncidentType,
        service: Service,
        incident: float,
        offset: int,
        deficiencies: set[str],
    ) -> Json:
        rng = self.rng
        summary: Json = {"incidentType": incident_type.value, "platform": service.name}
        flags: Json = {}
        enticement = incident_type is IncidentType.ONLINE_ENTICEMENT
        if rng.random() < (0.4 if enticement else 0.02):
            flags["sextortion"] = True
        if enticement and rng.random() < 0.25:
            flags["csamSolicitation"] = True
        if rng.random() < 0.03:
            flags["minorToMinorInteraction"] = True
        if rng.random() < (0.05 if enticement else 0.005):
            flags["sadisticOnlineExploitation"] = True
        if "spam" in deficiencies:
            flags["spam"] = True
        if flags:
            summary["reportAnnotations"] = flags
        summary["incidentDateTime"] = stamp(incident, offset)
        if rng.random() < 0.2:
            summary["incidentDateTimeDescription"] = rng.choice(
                ("Time the content was uploaded", "Time the messages were detected", "Time of the last login")
            )
        return summary

    def _internet_details(
        self,
        incident_type: IncidentType,
        actor: Actor,
        account: Account,
        session: _Session,
        incident: float,
        offset: int,
        files: list[Json],
    ) -> list[Json]:
        rng = self.rng
        details: list[Json] = []
        service = account.service
        if incident_type in (IncidentType.ONLINE_ENTICEMENT, IncidentType.UNSOLICITED_OBSCENE_MATERIAL):
            if rng.random() < 0.7:
                details.append(
                    {
                        "chatImIncident": {
                            "chatClient": service.name,
                            "chatRoomName": f"dm-{rng.randrange(10**6)}",
                        }
                    }
                )
        elif incident_type is IncidentType.MISLEADING_DOMAIN_NAME:
            host = f"{rng.choice(ADJECTIVES)}-{rng.choice(NOUNS)}-{rng.randrange(1000)}.example.net"
            details.append({"webPageIncident": {"url": [f"https://{host}/"]}})
        elif incident_type in CONTACT_INCIDENTS:
            if rng.random() < 0.3:
                address: Json = {"city": actor.place.city, "country": actor.place.country}
                if actor.place.region:
                    address["state"] = actor.place.region
                details.append({"nonInternetIncident": {"incidentAddress": [address]}})
        elif rng.random() < 0.2:
            urls = [account.profile_url]
            if files and "locationOfFile" in files[0]:
                urls.append(files[0]["locationOfFile"])
            details.append({"webPageIncident": {"url": urls}})
        if service.kind == "gaming" and rng.random() < 0.6:
            details.append({"onlineGamingIncident": {"gameName": "Block Builders", "console": "PC"}})
        if service.kind == "mail" and actor.emails and rng.random() < 0.5:
            details.append(
                {"emailIncident": {"emailAddress": [{"value": spell_email(rng, actor.emails[0])}]}}
            )
        if actor.phone is not None and rng.random() < 0.05:
            cell: Json = {"phoneNumber": phone_entry(rng, actor.phone)}
            if rng.random() < 0.5:
                cell["latitude"] = round(actor.place.latitude + rng.uniform(-0.05, 0.05), 4)
                cell["longitude"] = round(actor.place.longitude + rng.uniform(-0.05, 0.05), 4)
            details.append({"cellPhoneIncident": cell})
        if rng.random() < 0.02:
            capture = self._capture(session, "Other", incident - 60.0, offset, strict=False)
            details.append({"peer2peerIncident": {"client": "ShareMesh", "ipCaptureEvent": [capture]}})
        return details

    def _add_counterparts(
        self, tip: Json, incident_type: IncidentType, actor: Actor, service: Service, urgent: bool
    ) -> None:
        """The child on the other end: a victim of a contact offence, the recipient of obscene material.
        An actor's victims recur across the actor's tips."""
        rng, config = self.rng, self.config
        if incident_type in CONTACT_INCIDENTS:
            key = "victim"
            if not urgent and rng.random() >= 0.9:
                return
        elif incident_type is IncidentType.UNSOLICITED_OBSCENE_MATERIAL:
            key = "intendedRecipient"
            if rng.random() >= 0.8:
                return
        else:
            return
        number = rng.randrange(actor.victim_count)
        account_id = pools.victim_account_id(actor.index, number)
        digits = int(account_id)
        child: Json = {
            f"{key}Person": {"age": 10 + digits % 8},
            "espIdentifier": account_id,
            "espService": service.name,
        }
        if rng.random() < 0.7:
            child["screenName"] = f"{ADJECTIVES[digits % 30]}.{NOUNS[(digits // 30) % 30]}.{digits % 100000}"
        if rng.random() >= config.victim_location_missing_rate:
            place = actor.place if rng.random() < 0.7 else PLACES[draw_place_index(rng, config.us_share)]
            child["estimatedLocation"] = self._estimated_location(place, False)
        if key == "victim" and rng.random() < 0.05:
            child["schoolName"] = f"{rng.choice(ADJECTIVES).capitalize()} Valley School"
        tip[key] = [child]

    # ---- viral content -----------------------------------------------------------------------------

    def viral_tip(self, number: int, report: float) -> GeneratedTip:
        """One unrelated user forwarding a viral or meme file."""
        rng, config = self.rng, self.config
        report_id = self._report_id(number)
        self._bystanders += 1
        bystander = self._bystanders
        _, service = self._service()
        place = PLACES[draw_place_index(rng, config.us_share)]
        offset = place.utc_offset_minutes
        start, incident = self._incident_times(report)
        user: Json = {"espIdentifier": pools.bystander_account_id(bystander), "espService": service.name}
        if rng.random() < 0.6:
            user["screenName"] = f"{rng.choice(ADJECTIVES)}_{rng.choice(NOUNS)}_x{bystander}"
        if rng.random() < 0.6:
            if rng.random() < 0.5:
                ip = pools.carrier_nat(rng.randrange(self._carrier_slots))
            else:
                ip = pools.bystander_v6(bystander, rng.randrange(1, 0xFFFF))
            session = _Session(ip, rng.randint(1024, 65535), start, False)
            user["ipCaptureEvent"] = [self._capture(session, "Login", start, offset, strict=False)]
        if rng.random() < 0.5:
            user["estimatedLocation"] = self._estimated_location(place, rng.random() < 0.3)
        file_id, synthetic = self._viral_file()
        roll = rng.random()
        viewed = None if roll < 0.15 else roll > 0.9
        file = self._file(synthetic, service, start + 5.0, offset, viewed)
        self._flag_viral(file)
        incident_type = (
            IncidentType.CHILD_PORNOGRAPHY
            if rng.random() < 0.9
            else IncidentType.MISLEADING_WORDS_OR_DIGITAL_IMAGES
        )
        tip: Json = {
            "reportId": report_id,
            "incidentSummary": {
                "incidentType": incident_type.value,
                "platform": service.name,
                "incidentDateTime": stamp(incident, offset),
            },
            "reporter": self._reporter(service),
            "personOrUserReported": [user],
            "files": [file],
        }
        truth = TipTruth(
            report_id=report_id,
            actor_ids=(),
            ring_id=None,
            viral_file_id=file_id,
            complete=built_actionable(tip),
            urgent=False,
            country_code=place.country,
            region=place.region,
        )
        return GeneratedTip(tip, truth)

    def batched_tip(self, number: int, report: float) -> GeneratedTip:
        """A bundled report: one viral or meme file, many unrelated users known only by account id."""
        rng, config = self.rng, self.config
        report_id = self._report_id(number)
        _, service = self._service()
        offset = _SERVICE_OFFSET_MINUTES
        start, incident = self._incident_times(report)
        size = min(config.max_batch_users, max(2, int(rng.paretovariate(1.2) * 4)))
        users = []
        for _ in range(size):
            self._bystanders += 1
            users.append(
                {"espIdentifier": pools.bystander_account_id(self._bystanders), "espService": service.name}
            )
        file_id, synthetic = self._viral_file()
        file: Json = {"fileName": f"{synthetic.sha256[:12]}.jpg"}
        if rng.random() < 0.8:
            file["uploadedToEspTimestamp"] = stamp(start, offset)
        file["fileViewedByEsp"] = rng.random() < 0.1
        file["fileRelevance"] = "Reported"
        file["fileAnnotations"] = dict.fromkeys(synthetic.annotations, True)
        self._flag_viral(file)
        if synthetic.industry_classification and rng.random() < 0.5:
            file["industryClassification"] = synthetic.industry_classification
        file["originalFileHash"] = [
            {"value": spell_hash(rng, synthetic.md5), "hashType": "MD5"},
            {"value": spell_hash(rng, synthetic.sha256), "hashType": "SHA256"},
        ]
        tip: Json = {
            "reportId": report_id,
            "batchedReport": {"reason": "VIRAL_POTENTIAL_MEME"},
            "incidentSummary": {
                "incidentType": IncidentType.CHILD_PORNOGRAPHY.value,
                "platform": service.name,
                "incidentDateTime": stamp(incident, offset),
            },
            "reporter": self._reporter(service),
            "personOrUserReported": users,
            "files": [file],
        }
        truth = TipTruth(
            report_id=report_id,
            actor_ids=(),
            ring_id=None,
            viral_file_id=file_id,
            complete=False,
            urgent=False,
        )
        return GeneratedTip(tip, truth)
