"""A store with only Socialnämnden's goal file loaded (fast: no areas, no observations)."""

from __future__ import annotations

import pytest

from kommunanalys.demo.build import demo_goal_file
from kommunanalys.goals.goal_file import read_goal_file
from kommunanalys.goals.model import GoalBook
from kommunanalys.goals.repository import GoalRepository
from kommunanalys.store import Store


@pytest.fixture(scope="session")
def book() -> GoalBook:
    return read_goal_file(demo_goal_file())


@pytest.fixture
def repo(book: GoalBook, store: Store) -> GoalRepository:
    repository = GoalRepository(store)
    repository.save_book(book, actor="test")
    return repository
