"""The fixed tables synthetic tips draw from: services, places, words, incident types.

Every service lives under an example.* domain and every place is a real country or US state (a place is
not personal data); weights are rough shapes of the public CyberTipline figures, not measurements.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from graph.incident_types import IncidentType


@dataclass(frozen=True, slots=True)
class Service:
    """A reporting service: its name (the `platform`/`espService` text) and its web host."""

    name: str
    host: str
    kind: str


@dataclass(frozen=True, slots=True)
class Place:
    """A city a suspect or victim can be placed in; `region` is the US state code, else None."""

    country: str
    region: str | None
    city: str
    latitude: float
    longitude: float
    utc_offset_minutes: int


# One company files about two thirds of all reports (domain.md section 8), hence the first weight.
SERVICES: Final = (
    Service("PixPost Messenger", "pixpost.example.com", "chat"),
    Service("VidNest", "vidnest.example.org", "video"),
    Service("ChatterBox", "chatterbox.example.net", "chat"),
    Service("SnapFrame", "snapframe.example.com", "photo"),
    Service("GameLoop", "gameloop.example.org", "gaming"),
    Service("MailDrop", "maildrop.example.net", "mail"),
    Service("CloudLocker", "cloudlocker.example.com", "cloud"),
)
SERVICE_WEIGHTS: Final = (66.0, 9.0, 7.0, 6.0, 5.0, 4.0, 3.0)

# Countries outside the US, weighted roughly like the share of reports that resolve to them.
FOREIGN_PLACES: Final = (
    (16.0, Place("IN", None, "Delhi", 28.61, 77.21, 330)),
    (4.0, Place("IN", None, "Mumbai", 19.08, 72.88, 330)),
    (7.0, Place("PH", None, "Manila", 14.60, 120.98, 480)),
    (6.0, Place("PK", None, "Karachi", 24.86, 67.01, 300)),
    (6.0, Place("BD", None, "Dhaka", 23.81, 90.41, 360)),
    (6.0, Place("ID", None, "Jakarta", -6.21, 106.85, 420)),
    (5.0, Place("BR", None, "Sao Paulo", -23.55, -46.63, -180)),
    (4.0, Place("MX", None, "Mexico City", 19.43, -99.13, -360)),
    (3.0, Place("DZ", None, "Algiers", 36.75, 3.06, 60)),
    (3.0, Place("IQ", None, "Baghdad", 33.31, 44.36, 180)),
    (3.0, Place("VN", None, "Hanoi", 21.03, 105.85, 420)),
    (3.0, Place("NG", None, "Lagos", 6.52, 3.38, 60)),
    (3.0, Place("EG", None, "Cairo", 30.04, 31.24, 120)),
    (3.0, Place("TR", None, "Istanbul", 41.01, 28.98, 180)),
    (2.0, Place("SA", None, "Riyadh", 24.71, 46.68, 180)),
    (2.0, Place("CO", None, "Bogota", 4.71, -74.07, -300)),
    (2.0, Place("TH", None, "Bangkok", 13.76, 100.50, 420)),
    (2.0, Place("GB", None, "London", 51.51, -0.13, 0)),
    (2.0, Place("DE", None, "Berlin", 52.52, 13.40, 60)),
    (2.0, Place("FR", None, "Paris", 48.86, 2.35, 60)),
    (2.0, Place("CA", None, "Toronto", 43.65, -79.38, -300)),
    (1.0, Place("AU", None, "Sydney", -33.87, 151.21, 600)),
    (1.0, Place("ES", None, "Madrid", 40.42, -3.70, 60)),
    (1.0, Place("IT", None, "Rome", 41.90, 12.50, 60)),
    (1.0, Place("PL", None, "Warsaw", 52.23, 21.01, 60)),
    (1.0, Place("UA", None, "Kyiv", 50.45, 30.52, 120)),
    (1.0, Place("AR", None, "Buenos Aires", -34.60, -58.38, -180)),
    (1.0, Place("PE", None, "Lima", -12.05, -77.04, -300)),
    (1.0, Place("MY", None, "Kuala Lumpur", 3.14, 101.69, 480)),
    (1.0, Place("KE", None, "Nairobi", -1.29, 36.82, 180)),
    (1.0, Place("ZA", None, "Johannesburg", -26.20, 28.05, 120)),
    (1.0, Place("NL", None, "Amsterdam", 52.37, 4.90, 60)),
    (1.0, Place("JP", None, "Tokyo", 35.68, 139.69, 540)),
    (1.0, Place("KR", None, "Seoul", 37.57, 126.98, 540)),
)

US_PLACES: Final = (
    (12.0, Place("US", "CA", "Los Angeles", 34.05, -118.24, -480)),
    (9.0, Place("US", "TX", "Houston", 29.76, -95.37, -360)),
    (7.0, Place("US", "FL", "Miami", 25.76, -80.19, -300)),
    (6.0, Place("US", "NY", "New York", 40.71, -74.01, -300)),
    (4.0, Place("US", "OH", "Columbus", 39.96, -83.00, -300)),
    (4.0, Place("US", "IL", "Chicago", 41.88, -87.63, -360)),
    (4.0, Place("US", "PA", "Philadelphia", 39.95, -75.17, -300)),
    (3.0, Place("US", "GA", "Atlanta", 33.75, -84.39, -300)),
    (3.0, Place("US", "NC", "Charlotte", 35.23, -80.84, -300)),
    (3.0, Place("US", "MI", "Detroit", 42.33, -83.05, -300)),
    (2.0, Place("US", "WA", "Seattle", 47.61, -122.33, -480)),
    (2.0, Place("US", "AZ", "Phoenix", 33.45, -112.07, -420)),
    (2.0, Place("US", "CO", "Denver", 39.74, -104.99, -420)),
    (2.0, Place("US", "MA", "Boston", 42.36, -71.06, -300)),
    (2.0, Place("US", "TN", "Nashville", 36.16, -86.78, -360)),
    (2.0, Place("US", "MO", "St. Louis", 38.63, -90.20, -360)),
    (2.0, Place("US", "VA", "Richmond", 37.54, -77.44, -300)),
    (2.0, Place("US", "NJ", "Newark", 40.74, -74.17, -300)),
    (1.0, Place("US", "MN", "Minneapolis", 44.98, -93.27, -360)),
    (1.0, Place("US", "OR", "Portland", 45.52, -122.68, -480)),
)

# Child pornography dominates the CyberTipline by far; enticement is a distant second.
INCIDENT_TYPE_WEIGHTS: Final = (
    (IncidentType.CHILD_PORNOGRAPHY, 84.0),
    (IncidentType.ONLINE_ENTICEMENT, 8.0),
    (IncidentType.UNSOLICITED_OBSCENE_MATERIAL, 3.0),
    (IncidentType.MISLEADING_WORDS_OR_DIGITAL_IMAGES, 1.5),
    (IncidentType.CHILD_SEX_TRAFFICKING, 1.2),
    (IncidentType.CHILD_SEXUAL_MOLESTATION, 1.2),
    (IncidentType.MISLEADING_DOMAIN_NAME, 0.6),
    (IncidentType.CHILD_SEX_TOURISM, 0.5),
)

# Incidents with a child on the other end: the tip names a victim (or, for obscene material, a recipient).
CONTACT_INCIDENTS: Final = frozenset(
    {
        IncidentType.ONLINE_ENTICEMENT,
        IncidentType.CHILD_SEX_TRAFFICKING,
        IncidentType.CHILD_SEXUAL_MOLESTATION,
        IncidentType.CHILD_SEX_TOURISM,
    }
)

ADJECTIVES: Final = (
    "night",
    "silent",
    "lucky",
    "dark",
    "quiet",
    "happy",
    "blue",
    "red",
    "wild",
    "cool",
    "lazy",
    "swift",
    "shadow",
    "frosty",
    "sunny",
    "misty",
    "brave",
    "sly",
    "gentle",
    "rusty",
    "golden",
    "iron",
    "lonely",
    "crazy",
    "little",
    "big",
    "old",
    "young",
    "mellow",
    "stormy",
)
NOUNS: Final = (
    "owl",
    "fox",
    "wolf",
    "tiger",
    "hawk",
    "bear",
    "raven",
    "panda",
    "rider",
    "gamer",
    "ghost",
    "knight",
    "pilot",
    "dragon",
    "falcon",
    "shark",
    "lion",
    "coder",
    "traveler",
    "dreamer",
    "hunter",
    "ninja",
    "pirate",
    "viking",
    "wizard",
    "sailor",
    "ranger",
    "drifter",
    "skater",
    "player",
)
FIRST_NAMES: Final = (
    "Alex",
    "Sam",
    "Chris",
    "Jordan",
    "Taylor",
    "Morgan",
    "Casey",
    "Jamie",
    "Robin",
    "Drew",
    "Lee",
    "Pat",
    "Ravi",
    "Amit",
    "Jose",
    "Luis",
    "Ahmed",
    "Omar",
    "Wei",
    "Minh",
    "Ivan",
    "Pavel",
    "Ade",
    "Kofi",
)
LAST_NAMES: Final = (
    "Doe",
    "Roe",
    "Smith",
    "Jones",
    "Brown",
    "Garcia",
    "Silva",
    "Khan",
    "Kumar",
    "Nguyen",
    "Santos",
    "Reyes",
    "Ali",
    "Hassan",
    "Novak",
    "Ivanov",
    "Okafor",
    "Mensah",
    "Tanaka",
    "Kim",
    "Muller",
    "Rossi",
    "Dubois",
    "Lopez",
)
EMAIL_DOMAINS: Final = ("example.com", "example.org", "example.net")
GROUP_WORDS: Final = (
    "nest",
    "den",
    "vault",
    "club",
    "circle",
    "lounge",
    "cellar",
    "hideout",
    "archive",
    "room",
)
ESCALATION_TEXTS: Final = (
    "The user arranged to meet the child in person.",
    "The child says the user is in the same house.",
    "Live abuse appears to be ongoing.",
    "The user threatened to hurt the child tonight.",
)
FILE_EXTENSIONS: Final = ("jpg", "jpg", "jpg", "png", "mp4", "mp4", "gif", "mov", "webp")
