"""The embedded demo: Huddinge (0126) from shipped SCB files plus documented synthetic data."""
