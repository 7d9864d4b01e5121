"""In-memory data models for creators, campaigns and payouts."""
from dataclasses import dataclass, field


@dataclass
class Creator:
    handle: str
    followers: int = 0
    tags: list = field(default_factory=list)


@dataclass
class Campaign:
    name: str
    budget_cents: int
    creators: list = field(default_factory=list)

    def add_creator(self, creator):
        self.creators.append(creator)

    def remaining_budget(self, spent_cents):
        return self.budget_cents - spent_cents


@dataclass
class Payout:
    creator: str
    amount_cents: int
    paid: bool = False
