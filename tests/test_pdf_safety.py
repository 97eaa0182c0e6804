"""The shared PDF renderer never reads local files or the network."""

import io

import pytest
from pypdf import PdfReader

from core.pdf import StaticOnlyURLFetcher, render_pdf


def _page(body: str) -> str:
    return (
        '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Test</title>'
        '<link rel="stylesheet" href="/static/css/app.css"></head>'
        f"<body><h1>Test</h1>{body}</body></html>"
    )


def test_file_attachment_and_network_image_are_refused(counting_server):
    base, hits = counting_server
    pdf = render_pdf(
        _page(
            '<p><a rel="attachment" href="file:///etc/passwd">Anhang</a></p>'
            f'<img src="{base}/tracking.png" alt="">'
            '<img src="file:///etc/hostname" alt="">'
            '<a rel="attachment" href="/static/../../../../etc/passwd">x</a>'
        )
    )
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.attachments == {}
    assert hits == []
    assert b"root:x:0:0" not in pdf


def test_only_our_static_files_are_served():
    fetcher = StaticOnlyURLFetcher()
    response = fetcher.fetch("https://pdf.invalid/static/css/app.css")
    assert b"skip-link" in response.read()
    for url in [
        "file:///etc/passwd",
        "http://127.0.0.1:1/x",
        "https://example.org/static/css/app.css",
        "https://pdf.invalid/static/../../etc/passwd",
        "https://pdf.invalid/media/secret.pdf",
        "data:text/plain,hello",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 6


def test_rendered_pdf_is_tagged_and_german():
    reader = PdfReader(io.BytesIO(render_pdf(_page("<p>Hallo Welt</p>"))))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).startswith("de")
    assert "Hallo Welt" in reader.pages[0].extract_text()


def test_a_hashed_static_name_is_served_from_its_source(settings, tmp_path):
    """Production names static files with their hash ({% static %} with the manifest
    storage); the PDF of the evaluation report links its stylesheet that way."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command
    from django.templatetags.static import static

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    staticfiles_storage.load_manifest()
    url = static("evaluation/report.css")
    assert url != "/static/evaluation/report.css"  # hashed

    response = StaticOnlyURLFetcher().fetch("https://pdf.invalid" + url)
    with open("static/evaluation/report.css", "rb") as source:
        assert response.read() == source.read()


def test_an_inline_png_or_jpeg_is_decoded_but_no_other_data_url():
    """The coat of arms comes inline (data:image/png;base64,…); nothing else does."""
    import base64

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 0, 0)).save(buffer, "PNG")
    png = base64.b64encode(buffer.getvalue()).decode()
    fetcher = StaticOnlyURLFetcher()
    response = fetcher.fetch(f"data:image/png;base64,{png}")
    assert response.headers["Content-Type"] == "image/png"
    for url in [
        "data:text/html;base64,PGgxPng8L2gxPg==",
        "data:image/svg+xml;base64,PHN2Zy8+",
        "data:image/png;base64,@@@not-base64@@@",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 3
    pdf = render_pdf(
        f'<html lang="de"><head><title>W</title></head><body><h1>Wappen</h1>'
        f'<img src="data:image/png;base64,{png}" alt="Wappen"></body></html>'
    )
    assert any(page.images for page in PdfReader(io.BytesIO(pdf)).pages)
