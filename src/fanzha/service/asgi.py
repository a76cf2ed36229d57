"""ASGI entry point for uvicorn workers: settings come from the environment."""

import gc

from fanzha.service.app import create_app

app = create_app()

# fanzha keeps large long-lived caches (parsed numbers, reputations); with the
# default thresholds full collections walk them every few hundred requests and
# cost 50-100 ms each, which is the whole p99. Objects created at import time
# are frozen out of collection and young generations collected less often.
gc.freeze()
gc.set_threshold(50_000, 20, 100)
