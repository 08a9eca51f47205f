"""Fixtures of the importer tests."""

from __future__ import annotations

import pytest

from builder.core.settings import SiteConfig


@pytest.fixture
def config() -> SiteConfig:
    return SiteConfig()
