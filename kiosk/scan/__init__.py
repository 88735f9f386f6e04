"""Camera scanning without Qt: frame sources, decoders, what a code means, KTP reading.

``kiosk.ui.scan_worker`` runs these in a thread for the screens; the benchmark
(``benchmarks/scan.py``) and the tests use them directly. Nothing here imports Qt.
"""
