"""The book's helper package. Data flows one way, and the subpackages are its stages:

    data/raw ──pipeline──▶ data/sources ──pipeline.build──▶ built Parquet + metadata
                                                              │ (read only through materials_book.data)
                           checks (coverage, reconcile) ◀─────┤
                                                              ▼
                               chapters (one module per notebook) ──publish──▶ notebooks, pages, _build/html

See README.md beside this file for the modules of each stage.
"""
