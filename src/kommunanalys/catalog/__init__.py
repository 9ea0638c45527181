"""Catalogues shipped with the package: the indicators (the seed's 126 data points and the
helpers they are computed from) and the area geography readers."""
