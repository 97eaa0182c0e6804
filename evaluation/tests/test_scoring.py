from decimal import Decimal

from evaluation.scoring import average, change, weighted_score

D = Decimal


def test_all_criteria_at_the_top_level_give_100_points():
    assert weighted_score([(D(30), 3), (D(70), 3)], 3).points == D("100.0")


def test_weighted_score_is_sum_of_weight_times_score_over_weight_times_max():
    # (30*3 + 20*2 + 50*0) / (100*3) = 130/300 = 43.33…
    score = weighted_score([(D(30), 3), (D(20), 2), (D(50), 0)], 3)
    assert score.points == D("43.3")
    assert score.scored_share == 1


def test_not_assessable_criterion_is_left_out_never_counted_as_zero():
    # K1 (30) "nicht bewertbar": (20*3 + 50*3) / (70*3) = 100, not (210)/(300) = 70
    score = weighted_score([(D(30), None), (D(20), 3), (D(50), 3)], 3)
    assert score.points == D("100.0")
    assert score.scored_share == D("0.7")


def test_measure_with_less_than_half_of_the_weight_scored_gets_no_points():
    score = weighted_score([(D(60), None), (D(40), 3)], 3)
    assert score.points is None
    assert not score.sufficient
    assert score.scored_share == D("0.4")


def test_exactly_half_of_the_weight_scored_is_enough():
    assert weighted_score([(D(50), None), (D(50), 2)], 3).points == D("66.7")


def test_nothing_scored_is_not_sufficient_and_not_zero():
    assert weighted_score([(D(1), None), (D(1), None)], 3).points is None


def test_average_and_change_are_rounded_to_one_decimal_and_none_without_data():
    assert average([D("50.0"), D("60.0"), D("70.1")]) == D("60.0")
    assert average([]) is None
    assert change(D("60.0"), D("52.5")) == D("7.5")
    assert change(D("60.0"), None) is None
