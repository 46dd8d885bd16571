"""Search insights for curators: what people search for, find, miss, open and pack."""
