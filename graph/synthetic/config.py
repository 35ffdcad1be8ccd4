"""The knobs of the synthetic tip generator, with defaults shaped like the public CyberTipline picture."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime


@dataclass(frozen=True, slots=True)
class GeneratorConfig:
    """What to generate. Same config, same output, byte for byte.

    Rates are probabilities per tip (or per actor, file, capture event where the name says so).
    """

    tips: int
    seed: int
    # Every date-time generated is before this instant; it must carry a UTC offset.
    now: datetime
    # Reports are spread evenly over this many days before `now`.
    window_days: int = 730
    # reportId is prefix + number; priorCTReports carry the number alone.
    report_id_prefix: str = "SYN-"
    report_number_start: int = 100_000_000

    # ---- offenders ----
    # Pareto shape of tips per actor: most actors get 1-2 tips, a few get hundreds; lower is heavier.
    tips_per_actor_shape: float = 1.6
    max_tips_per_actor: int = 2_000
    us_share: float = 0.12
    # Share of actors with 2 and with 3 accounts (at different services).
    two_account_share: float = 0.25
    three_account_share: float = 0.08
    email_share: float = 0.6
    gmail_share: float = 0.08
    phone_share: float = 0.3
    device_share: float = 0.4
    # Actors on mobile data behind carrier NAT, and actors who sometimes use a VPN.
    mobile_share: float = 0.35
    vpn_share: float = 0.12
    # Mobile users per carrier-NAT address: the addresses unrelated people share.
    users_per_carrier_nat_address: int = 120
    vpn_exits: int = 40
    # Actors whose tips link through one email rather than through their main account.
    email_anchor_share: float = 0.3

    # ---- rings ----
    ring_actor_share: float = 0.06
    ring_size_min: int = 3
    ring_size_max: int = 25
    ring_file_rate: float = 0.6  # a ring member's tip carries ring files
    group_identifier_rate: float = 0.5  # a ring member's tip names the group
    co_offender_rate: float = 0.04  # a ring member's tip names a second member too

    # ---- viral content ----
    viral_share: float = 0.12  # of all tips
    viral_files: int = 25
    viral_popularity_exponent: float = 1.1  # Zipf exponent over the viral files
    batched_share_of_viral: float = 0.6
    max_batch_users: int = 250
    actor_viral_file_rate: float = 0.02  # an offender's tip also carries a viral file

    # ---- completeness and missing fields ----
    actionable_rate: float = 0.5  # of all tips, built with what makes them actionable
    escalation_rate: float = 0.015
    thin_rate: float = 0.06  # actor tips that carry none of the actor's linking identifiers
    prior_reports_rate: float = 0.2  # a repeat actor's tip cites its earlier reports
    no_capture_rate: float = 0.3  # the suspect has no IP capture event at all
    capture_time_missing_rate: float = 0.1  # per capture event
    capture_port_missing_rate: float = 0.2  # per capture event
    upload_ip_missing_rate: float = 0.3  # per file
    session_burst_rate: float = 0.25  # a mobile actor's tip reuses its last carrier-NAT session seconds later
    estimated_location_rate: float = 0.55
    victim_location_missing_rate: float = 0.6
    reshared_file_rate: float = 0.5  # an actor's file is one it reported before rather than a new one
    empty_file_rate: float = 0.003

    def __post_init__(self) -> None:
        if self.tips < 0:
            raise ValueError("tips must not be negative")
        if self.now.utcoffset() is None:
            raise ValueError("now must carry a UTC offset")
        if self.window_days < 1:
            raise ValueError("window_days must be at least 1")
        if not 1 <= self.ring_size_min <= self.ring_size_max:
            raise ValueError("ring sizes must satisfy 1 <= ring_size_min <= ring_size_max")
        if self.tips_per_actor_shape <= 0 or self.viral_popularity_exponent <= 0:
            raise ValueError("distribution shapes must be positive")
        if self.max_tips_per_actor < 1 or self.max_batch_users < 2 or self.users_per_carrier_nat_address < 1:
            raise ValueError("max_tips_per_actor, max_batch_users, users_per_carrier_nat_address too small")
        if self.viral_files < 1 or self.vpn_exits < 1:
            raise ValueError("viral_files and vpn_exits must be at least 1")
        for field in fields(self):
            if field.name.endswith(("_share", "_rate")):
                value = getattr(self, field.name)
                if not 0.0 <= value <= 1.0:
                    raise ValueError(f"{field.name} must be between 0 and 1, got {value}")
        if self.two_account_share + self.three_account_share > 1.0:
            raise ValueError("two_account_share + three_account_share must not exceed 1")
        if self.actionable_rate > 1.0 - self.viral_share:
            raise ValueError("actionable_rate cannot exceed the share of non-viral tips")
