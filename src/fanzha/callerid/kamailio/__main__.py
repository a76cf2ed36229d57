"""``python -m fanzha.callerid.kamailio config|check|run ...`` (same as ``fanzha kamailio``)."""

from fanzha.callerid.kamailio.cli import kamailio_group

if __name__ == "__main__":
    kamailio_group(prog_name="python -m fanzha.callerid.kamailio")
