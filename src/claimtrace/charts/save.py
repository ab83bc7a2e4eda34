"""Writing each chart as SVG, PNG, HTML, Vega-Lite JSON and alt text.

Writing is deterministic: the same chart gives byte-identical files on every rebuild. Each chart is
drawn once, to SVG; the PNG is rasterised from that SVG, the notebook shows that same SVG
(`SavedChart`), and every chart's HTML page loads the Vega libraries from one file beside it
(`VEGA_BUNDLE`), written once per figures folder. The SVG carries its own font (`embed_font`): the
DejaVu Sans glyphs its text uses, so it looks the same on a machine without DejaVu installed.
Drawing is most of a build's time, so a chart already drawn is taken from the render cache
(`render`), a folder named by the environment variable CLAIMTRACE_RENDER_CACHE (`make` sets it to
build/render-cache/): a rebuild redraws only the charts whose spec changed.
"""
from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import uuid
from pathlib import Path

import altair as alt
import jinja2

from ..files import VEGA_BUNDLE, write_atomic
from .theme import Figure, font_dir

# What vega-embed's menu offers: saving the chart as an image, nothing that sends it off the
# machine (no "Open in Vega Editor") or shows its source.
ACTIONS = {"export": True, "source": False, "compiled": False, "editor": False}
MIN_PNG_WIDTH = 1600  # px: wide enough for print

# --- Saving ------------------------------------------------------------------------------------

# The Vega, Vega-Lite and vega-embed libraries, built by vl-convert for altair's Vega-Lite version:
# written once into each figures folder and shared by every chart's HTML and the report page, so
# they open offline, from file:// or any static host.

CHART_HTML = jinja2.Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<meta name="description" content="{{ description }}">
<style>body{margin:0;padding:8px;font-family:"DejaVu Sans",Verdana,sans-serif}#vis{max-width:100%;overflow-x:auto}</style>
<script src="{{ bundle }}"></script>
</head>
<body>
<div id="vis" role="img" aria-label="{{ description }}"></div>
<script type="application/json" id="spec">{{ spec | safe }}</script>
<script>
vegaEmbed("#vis", JSON.parse(document.getElementById("spec").textContent), {renderer: "svg", actions: {{ actions | safe }}})
  .catch(function (err) { document.getElementById("vis").textContent = "This chart could not be drawn: " + err; });
</script>
</body>
</html>
""", autoescape=True)


# A chart drawn live in a notebook (JupyterLab): the Vega libraries inline, loaded once per page,
# and the spec drawn in a script of its own scope, so that any number of charts share one page.
LIVE_HTML = jinja2.Template("""<div id="{{ id }}" role="img" aria-label="{{ description }}"></div>
<script type="text/javascript">
if (typeof window.vegaEmbed === "undefined") {
{{ bundle | safe }}
}
</script>
<script type="text/javascript">
(function () {
  var spec = {{ spec | safe }};
  window.vegaEmbed("#{{ id }}", spec, {renderer: "svg", actions: {{ actions | safe }}})
    .catch(function (err) { document.getElementById("{{ id }}").textContent = "This chart could not be drawn: " + err; });
})();
</script>
""", autoescape=True)


def live_html(spec: dict) -> str:
    """The chart as HTML that draws it in a notebook, with tooltips and the actions menu, offline."""
    return LIVE_HTML.render(id=f"claimtrace-{uuid.uuid4().hex}", description=spec.get("description", ""),
                            bundle=vega_bundle(), spec=spec_json(spec), actions=json.dumps(ACTIONS))


def spec_json(spec: dict) -> str:
    """The spec as JSON that is safe inside a <script> element (no '</script>', no '<!--')."""
    return (json.dumps(spec, ensure_ascii=False, sort_keys=True)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@functools.cache
def vega_bundle() -> str:
    """The vega-embed bundle (Vega, Vega-Lite, vega-embed) for altair's Vega-Lite version, from vl-convert
    (over a second to build), or from the render cache (`render`), where it is kept by both versions."""
    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert
    cache = os.environ.get(RENDER_CACHE)
    if cache:
        path = Path(cache) / bundle_name()
        if path.is_file():
            return path.read_bytes().decode("utf-8")
    bundle = vlc.javascript_bundle(vl_version=vl_version_for_vl_convert())
    if cache:
        write_atomic(path, bundle.encode("utf-8"))
    return bundle


def bundle_name() -> str:
    """The name the bundle is kept under in the render cache: it follows vl-convert's version and
    the Vega-Lite version altair asks for."""
    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert
    key = f"{vlc.__version__}\0{vl_version_for_vl_convert()}".encode("utf-8")
    return f"vega-embed-{hashlib.sha256(key).hexdigest()}.js"


def write_bundle(figures_dir: Path | str) -> Path:
    """Write VEGA_BUNDLE into ``figures_dir`` unless it is there already (`make` renews it)."""
    path = Path(figures_dir) / VEGA_BUNDLE
    if not path.is_file():
        write_atomic(path, vega_bundle().encode("utf-8"))
    return path


def _renew_bundle(path: Path) -> None:
    """Write the bundle at ``path`` if its bytes changed (``python -m claimtrace.charts --write-bundle``)."""
    data = vega_bundle().encode("utf-8")
    if not path.is_file() or path.read_bytes() != data:
        write_atomic(path, data)


def chart_title(spec: dict) -> str:
    """A spec's title as one line of text."""
    title = spec.get("title", "")
    text = title.get("text", "") if isinstance(title, dict) else title
    return " ".join(text) if isinstance(text, list) else str(text)


def chart_html(spec: dict) -> str:
    """The chart as an HTML page that draws it with the bundle beside it: works offline."""
    return CHART_HTML.render(title=chart_title(spec), description=spec.get("description", ""),
                             bundle=VEGA_BUNDLE, spec=spec_json(spec), actions=json.dumps(ACTIONS))


def png_for_screens(png: bytes) -> bytes:
    """The PNG as an indexed-colour image (256 colours, no dithering): as sharp, an eighth of the size.

    A chart has few colours besides the anti-aliased edges, so nothing a reader can see is lost.
    """
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        indexed = image.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE,
                                                 dither=Image.Dither.NONE)
        out = io.BytesIO()
        indexed.save(out, format="PNG")
    return out.getvalue()


class SavedChart(list):
    """What save_chart returns: the paths it wrote (a list), shown in a notebook as the chart.

    Static charts (``make``, nbval; see claimtrace.notebook) show the SVG and the PNG just written,
    so the chart is not drawn a second time and any viewer, trusted or not, shows it (JupyterLab
    renders an untrusted notebook's PNG, not its SVG). Interactive charts (JupyterLab) show the live
    chart, with the PNG beside it for viewers that cannot run it.
    """

    def __init__(self, paths: list[Path], chart: alt.TopLevelMixin, svg: str, png: bytes, width: int):
        super().__init__(paths)
        self.chart, self.svg, self.png, self.width = chart, svg, png, width

    def _repr_mimebundle_(self, include=None, exclude=None):
        import base64
        png = {"image/png": base64.b64encode(self.png).decode("ascii")}
        shown = {"image/png": {"width": self.width}}  # the PNG is drawn at twice the size, for sharpness
        if alt.renderers.active == "svg":
            return {"image/svg+xml": self.svg, **png}, shown
        return {"text/html": live_html(self.chart.to_dict()), **png}, shown

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(repr(self.chart))


def _svg_width(svg: str) -> int:
    """The width an SVG is drawn at, in CSS pixels (its root element's width attribute)."""
    import re
    head = svg[svg.index("<svg"):svg.index(">", svg.index("<svg"))]
    match = re.search(r'\bwidth="([0-9.]+)', head)
    return round(float(match.group(1))) if match else 0


@functools.cache
def _fonts() -> None:
    """Register the shipped DejaVu fonts with vl-convert once: the PNG and the SVG's text widths
    never depend on the fonts the machine has installed."""
    import vl_convert as vlc
    vlc.register_font_directory(str(font_dir()))


# --- The SVG's own font ------------------------------------------------------------------------

# The faces the SVG's text is drawn in, by CSS font-weight: the DejaVu fonts matplotlib ships
# (`theme.font_dir`). Their licence (LICENSE_DEJAVU beside them: Bitstream Vera and Arev, DejaVu's
# changes public domain) allows copying, embedding and redistributing them, modified too, under
# names without "Bitstream" or "Vera", provided the copyright and permission notice go with every
# copy: each subset keeps the font's whole name table, notice included.
FONT_FACES = {"normal": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}
_SVG_NS = "{http://www.w3.org/2000/svg}"


@functools.cache
def _font_file(name: str) -> bytes:
    return (font_dir() / name).read_bytes()


def _weight(value: str | None) -> str:
    """A CSS font-weight as one of FONT_FACES' keys."""
    value = (value or "normal").strip()
    return "bold" if value in ("bold", "bolder") or (value.isdigit() and int(value) >= 600) else "normal"


def svg_text(svg: str) -> dict[str, str]:
    """The characters the SVG's <text> elements show (their text and tspans, not their attributes),
    by face (FONT_FACES' keys), each sorted once."""
    import xml.etree.ElementTree as ET
    chars: dict[str, set[str]] = {}
    for element in ET.fromstring(svg).iter(f"{_SVG_NS}text"):
        chars.setdefault(_weight(element.get("font-weight")), set()).update("".join(element.itertext()))
    return {weight: "".join(sorted(found)) for weight, found in chars.items() if found}


@functools.lru_cache(maxsize=64)
def font_subset(name: str, text: str) -> bytes:
    """The font file ``name`` (FONT_FACES) cut down to the glyphs ``text`` needs, as WOFF (zlib).

    Deterministic: the same text gives the same bytes (the font's own head.modified is kept, not
    today's date; FontForge's timestamp table FFTM is dropped). Hinting is dropped: browsers draw
    an SVG's text unhinted at its many sizes anyway. Kerning and the other default OpenType
    features are kept, as vl-convert measured the text with them. About 0.1 s a face (0.25 s a
    chart), most of it reading the font's kerning tables; a text subset before is not cut again
    (the tests save the same chart many times).
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options(flavor="woff", hinting=False, name_IDs=["*"])
    options.drop_tables += ["FFTM"]
    font = TTFont(io.BytesIO(_font_file(name)), recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue()


def embed_font(svg: str) -> str:
    """The SVG with a <style> of @font-face rules right after its root tag: for each face its text
    uses, the DejaVu Sans subset of the characters it shows, as a base64 data URL (font-family
    "DejaVu Sans", the first of theme.FONT's families), so no installed font is needed."""
    import base64
    rules = "".join(
        '@font-face{font-family:"DejaVu Sans";font-style:normal;font-weight:%s;'
        'src:url(data:font/woff;base64,%s) format("woff")}'
        % (weight, base64.b64encode(font_subset(FONT_FACES[weight], text)).decode("ascii"))
        for weight, text in sorted(svg_text(svg).items()))
    if not rules:
        return svg
    at = svg.index(">", svg.index("<svg")) + 1
    return f"{svg[:at]}<style>{rules}</style>{svg[at:]}"


def png_scale(svg_width: int) -> float:
    """Twice the SVG's size, or more: the PNG is at least MIN_PNG_WIDTH px wide."""
    return max(2.0, -(-MIN_PNG_WIDTH * 100 // max(svg_width, 1)) / 100)


# --- The render cache --------------------------------------------------------------------------

# A chart's SVG and PNG are a function of its spec and of the few things below: they are kept in
# the folder CLAIMTRACE_RENDER_CACHE names (none: no cache), under the sha256 of all of it, and
# taken from there when the same chart is saved again, by any process (`make`'s notebooks, the
# tests' scratch builds). The files are written atomically, so concurrent builds may share it.
RENDER_CACHE = "CLAIMTRACE_RENDER_CACHE"


@functools.cache
def _render_inputs() -> bytes:
    """The digest of what, besides the spec, decides a drawing's bytes: the versions of vl-convert
    (which draws), Pillow (which indexes the PNG's colours) and fontTools (which cuts the SVG's
    font), the PNG's minimum width, every font file vl-convert is given (`_fonts`), and this
    module's own source (a change to the drawing or its post-processing redraws everything)."""
    import fontTools
    import PIL
    import vl_convert as vlc

    h = hashlib.sha256()
    for part in (vlc.__version__, PIL.__version__, fontTools.version, str(MIN_PNG_WIDTH)):
        h.update(part.encode("utf-8") + b"\0")
    for path in sorted(font_dir().iterdir()):
        if path.is_file():
            h.update(path.name.encode("utf-8") + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    h.update(Path(__file__).read_bytes())
    return h.digest()


def render_key(spec: dict) -> str:
    """The name a drawing of ``spec`` is kept under in the render cache."""
    return hashlib.sha256(_render_inputs() + _spec_text(spec)).hexdigest()


def render(spec: dict) -> tuple[str, bytes]:
    """The chart drawn: its SVG, with its font inside (`embed_font`), and its PNG (at least
    MIN_PNG_WIDTH px wide, rasterised from that SVG before the font went in), from the render
    cache when the same drawing is there, byte for byte what drawing it again would give."""
    cache = os.environ.get(RENDER_CACHE)
    if cache:
        stem = Path(cache) / render_key(spec)
        svg_path, png_path = stem.with_suffix(".svg"), stem.with_suffix(".png")
        if svg_path.is_file():  # written after its PNG: both are there
            return svg_path.read_bytes().decode("utf-8"), png_path.read_bytes()
    import vl_convert as vlc

    _fonts()
    drawn = vlc.vegalite_to_svg(spec)
    png = png_for_screens(vlc.svg_to_png(drawn, scale=png_scale(_svg_width(drawn))))
    svg = embed_font(drawn)
    if cache:
        write_atomic(png_path, png)
        write_atomic(svg_path, svg.encode("utf-8"))
    return svg, png


def save_chart(chart, name: str, figures_dir: Path | str, alt_text: str) -> SavedChart:
    """Write NAME.svg, NAME.png, NAME.html (offline, with the bundle beside it), NAME.alt.txt and
    NAME.vl.json (the Vega-Lite spec drawn, which the report page reads) of the chart's wide
    rendering, and NAME.narrow.vl.json, its rendering for phones (`theme.Figure`; a plain altair
    chart is drawn as it is, for every width).

    Each chart is drawn once, to SVG (`render`, or taken from the render cache); the PNG (at least
    MIN_PNG_WIDTH px wide, for print) is rasterised from that SVG, which is then written with its
    font inside (`embed_font`). Every file is written atomically and only its bytes decide its
    content: rebuilding the same chart gives byte-identical files. Returns the paths, which a
    notebook shows as the chart.
    """
    if not alt_text.strip():
        raise ValueError(f"{name}: alt text is required")
    figure = chart if isinstance(chart, Figure) else Figure(chart)
    wide = figure.wide.properties(description=alt_text)
    spec = wide.to_dict()
    svg, png = render(spec)
    width = _svg_width(svg)
    write_bundle(figures_dir)
    paths = _write(name, figures_dir, svg.encode(), png, chart_html(spec).encode(), alt_text,
                   _spec_text(spec))
    narrow = Path(figures_dir) / f"{name}.narrow.vl.json"
    if figure.narrow is not None:
        write_atomic(narrow, _spec_text(figure.narrow.properties(description=alt_text).to_dict()))
        paths.append(narrow)
    elif narrow.exists():
        narrow.unlink()
    return SavedChart(paths, wide, svg, png, width)


def _spec_text(spec: dict) -> bytes:
    return (json.dumps(spec, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def _write(name, figures_dir, svg: bytes, png: bytes, html: bytes, alt_text: str,
           spec_json: bytes | None = None) -> list[Path]:
    paths = []
    for ext, data in (("svg", svg), ("png", png), ("html", html),
                      ("alt.txt", (alt_text.strip() + "\n").encode()),
                      *([("vl.json", spec_json)] if spec_json is not None else [])):
        p = Path(figures_dir) / f"{name}.{ext}"
        write_atomic(p, data)
        paths.append(p)
    return paths
