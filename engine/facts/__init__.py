"""1. A department's facts file → validated Facts: the TOML read, every field checked against
the declared sections, every problem at once; and the template a department fills in."""
