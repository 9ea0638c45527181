"""Sources of observations. Each adapter has the same shape: ``read`` a source into cells or
records, then ``to_observations`` with a mapping onto the catalogue's indicators."""
