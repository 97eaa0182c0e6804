"""Test helpers of the public app."""

from django.core.cache import cache

from public import cache as public_cache


def forget_cached_page() -> None:
    """Drop the cached public page (not the rest of the cache: the branding lives there too),
    so that the next request builds it and its queries can be counted."""
    cache.delete(public_cache.key("overview", public_cache.data_version()))
