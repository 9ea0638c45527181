"""Disclosure control: the single gate every outward value passes."""

from kommunanalys.privacy.gate import SUPPRESSED, SUPPRESSION_TEXT, DisclosureGate

__all__ = ["SUPPRESSED", "SUPPRESSION_TEXT", "DisclosureGate"]
