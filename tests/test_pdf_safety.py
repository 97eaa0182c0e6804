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
