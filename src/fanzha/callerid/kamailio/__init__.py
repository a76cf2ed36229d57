"""fanzha inside a SIP network: a Kamailio configuration and an app_python3 handler.

    from fanzha.callerid.kamailio import load_config, render
    rendered = render(load_config("proxy.toml"), "/run/fanzha-kamailio")
    # then run: rendered.command()  (kamailio -f .../kamailio.cfg -DD -E ...)

or from the shell: ``python -m fanzha.callerid.kamailio run --config proxy.toml``
(``fanzha kamailio run`` once the CLI group is registered). See docs/kamailio.md.
"""

from fanzha.callerid.kamailio.config import (
    STATISTICS,
    VERDICT_HEADER,
    FailMode,
    Listen,
    Mode,
    ProxyConfig,
    Role,
    Signing,
    Trunk,
    Verification,
    from_mapping,
    load_config,
    simple_config,
)
from fanzha.callerid.kamailio.render import (
    Rendered,
    find_kamailio,
    find_module_dir,
    python_info,
    render,
)

__all__ = [
    "STATISTICS",
    "VERDICT_HEADER",
    "FailMode",
    "Listen",
    "Mode",
    "ProxyConfig",
    "Rendered",
    "Role",
    "Signing",
    "Trunk",
    "Verification",
    "find_kamailio",
    "find_module_dir",
    "from_mapping",
    "load_config",
    "python_info",
    "render",
    "simple_config",
]
