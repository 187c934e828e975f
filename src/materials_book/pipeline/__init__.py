"""From the documents to the built data set: reading and checking the hand-entered sources, deriving values, writing
Parquet with its metadata and manifest."""
