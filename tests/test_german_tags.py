from decimal import Decimal as D

from django.utils.safestring import SafeString

from core.templatetags.german import points, share, signed


def test_points_have_one_decimal_in_german_format_and_a_dash_for_none():
    assert points(D("43.3")) == "43,3"
    assert points(D("100")) == "100,0"
    assert points(D("1.00")) == "1,0" and points(D("1")) == "1,0"  # equal values, one cache key
    assert points(None) == "–" and points("") == "–"
    assert isinstance(points(D("7.5")), SafeString)


def test_signed_changes_and_percentages():
    assert signed(D("3.5")) == "+3,5"
    assert signed(D("-2.0")) == "−2,0"
    assert signed(D("0.0")) == "±0,0"
    assert signed(None) == "–"
    assert share(D("0.7")) == "70 %"
    assert share(D(2) / D(3)) == "66 %"  # cut off like number_format, not rounded
    assert share(D(1)) == "100 %"
    assert share(None) == "–"
