"""What the public app shows on lower apps' pages (registered in ``apps.py``)."""

from core.panels import Panel

publication_link = Panel(
    template_name="public/includes/publication_link.html",
    context=lambda request, publication: {"publication": publication},
)


def register() -> None:
    from participation.panels import publication_links

    if publication_link not in publication_links.entries:
        publication_links.register(publication_link)
