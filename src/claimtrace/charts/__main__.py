"""``python -m claimtrace.charts --write-bundle PATH``: the Vega libraries the charts' HTML loads."""
import argparse
from pathlib import Path

from .save import VEGA_BUNDLE, _renew_bundle

ap = argparse.ArgumentParser(prog="python -m claimtrace.charts")
ap.add_argument("--write-bundle", type=Path, required=True, metavar="PATH",
                help=f"write the Vega libraries the charts' HTML loads ({VEGA_BUNDLE})")
_renew_bundle(ap.parse_args().write_bundle)
