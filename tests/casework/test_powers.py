"""Each power's conditions against the Anti-social Behaviour, Crime and Policing Act 2014."""

from datetime import date

from cspkit.casework.powers import Earlier, Power, Proposal, Subject, cbo_reviews, check

TODAY = date(2026, 6, 15)


def born_years_ago(years: int, day: date = TODAY) -> date:
    return day.replace(year=day.year - years)


def cpw(on=date(2026, 5, 1), comply_by=date(2026, 5, 29)) -> Earlier:
    return Earlier(Power.COMMUNITY_PROTECTION_WARNING, on, comply_by=comply_by)


# Community Protection Warning and Notice (ss.43-58) -------------------------------------------


def test_cpw_needs_a_person_of_sixteen_on_the_day_of_the_birthday():
    turning_16_today = Subject(born=born_years_ago(16))
    assert check(Proposal(Power.COMMUNITY_PROTECTION_WARNING, TODAY, turning_16_today)).allowed
    sixteen_tomorrow = Subject(born=date(2010, 6, 16))
    outcome = check(Proposal(Power.COMMUNITY_PROTECTION_WARNING, TODAY, sixteen_tomorrow))
    assert not outcome.allowed
    assert "aged 16 or over" in outcome.refusals[0]


def test_cpw_and_cpn_may_be_given_to_a_body():
    body = Subject(is_body=True)
    assert check(Proposal(Power.COMMUNITY_PROTECTION_WARNING, TODAY, body)).allowed
    assert check(Proposal(Power.COMMUNITY_PROTECTION_NOTICE, TODAY, body, earlier=[cpw()])).allowed


def test_cpn_without_a_prior_written_warning_is_refused():
    outcome = check(Proposal(Power.COMMUNITY_PROTECTION_NOTICE, TODAY, Subject(born=date(1990, 1, 1))))
    assert not outcome.allowed
    assert "written warning" in outcome.refusals[0]


def test_cpn_before_the_time_to_comply_has_passed_is_refused_and_allowed_on_the_day():
    adult = Subject(born=date(1990, 1, 1))
    early = check(Proposal(Power.COMMUNITY_PROTECTION_NOTICE, date(2026, 5, 28), adult, earlier=[cpw()]))
    assert not early.allowed and "29 May 2026" in early.refusals[0]
    assert check(Proposal(Power.COMMUNITY_PROTECTION_NOTICE, date(2026, 5, 29), adult, earlier=[cpw()])).allowed


def test_cpn_to_a_fifteen_year_old_is_refused_even_after_a_warning():
    outcome = check(
        Proposal(Power.COMMUNITY_PROTECTION_NOTICE, TODAY, Subject(born=date(2010, 6, 16)), earlier=[cpw()])
    )
    assert not outcome.allowed


def test_cpn_with_unknown_age_is_allowed_with_a_warning_to_check():
    outcome = check(Proposal(Power.COMMUNITY_PROTECTION_NOTICE, TODAY, Subject(), earlier=[cpw()]))
    assert outcome.allowed
    assert any("16 or over" in w for w in outcome.warnings)


def test_a_warning_given_after_the_notice_date_does_not_count():
    late_warning = cpw(on=date(2026, 7, 1), comply_by=date(2026, 7, 2))
    assert not check(Proposal(Power.COMMUNITY_PROTECTION_NOTICE, TODAY, Subject(is_body=True), [late_warning])).allowed


# Fixed penalty (s.52) and prosecution -------------------------------------------------------


def cpn(breached_on=None) -> Earlier:
    return Earlier(Power.COMMUNITY_PROTECTION_NOTICE, date(2026, 6, 1), breached_on=breached_on)


def test_fixed_penalty_needs_a_recorded_cpn_breach_and_is_at_most_100_pounds():
    adult = Subject(born=date(1980, 3, 3))
    assert not check(Proposal(Power.FIXED_PENALTY, TODAY, adult, [cpn()], amount=100)).allowed
    ok = check(Proposal(Power.FIXED_PENALTY, TODAY, adult, [cpn(date(2026, 6, 10))], amount=100))
    assert ok.allowed and ok.ends == date(2026, 6, 29)
    too_much = check(Proposal(Power.FIXED_PENALTY, TODAY, adult, [cpn(date(2026, 6, 10))], amount=101))
    assert any("£100" in r for r in too_much.refusals)


def test_no_prosecution_within_the_fourteen_days_to_pay_a_fixed_penalty():
    earlier = [cpn(date(2026, 6, 10)), Earlier(Power.FIXED_PENALTY, TODAY)]
    assert not check(Proposal(Power.PROSECUTION, date(2026, 6, 28), earlier=earlier)).allowed
    assert check(Proposal(Power.PROSECUTION, date(2026, 6, 29), earlier=earlier)).allowed


# Civil injunction (Part 1) --------------------------------------------------------------------


def test_injunction_needs_a_person_of_ten_or_over():
    nine = Subject(born=date(2016, 6, 16))
    ten_today = Subject(born=date(2016, 6, 15))
    assert not check(Proposal(Power.CIVIL_INJUNCTION, TODAY, nine, months=6)).allowed
    assert check(Proposal(Power.CIVIL_INJUNCTION, TODAY, ten_today, months=6)).allowed


def test_injunction_for_under_eighteens_ends_within_twelve_months_and_the_yot_is_consulted():
    youth = Subject(born=date(2010, 1, 1))
    assert not check(Proposal(Power.CIVIL_INJUNCTION, TODAY, youth, months=13)).allowed
    assert not check(Proposal(Power.CIVIL_INJUNCTION, TODAY, youth, indefinite=True)).allowed
    ok = check(Proposal(Power.CIVIL_INJUNCTION, TODAY, youth, months=12))
    assert ok.allowed and ok.ends == date(2027, 6, 15)
    assert any("youth offending team" in w for w in ok.warnings)


def test_injunction_against_an_adult_may_have_no_end():
    outcome = check(Proposal(Power.CIVIL_INJUNCTION, TODAY, Subject(born=date(1990, 1, 1)), indefinite=True))
    assert outcome.allowed and outcome.ends is None


# Criminal Behaviour Order (s.22-33, now Sentencing Code) --------------------------------------


def test_cbo_only_on_conviction():
    outcome = check(Proposal(Power.CRIMINAL_BEHAVIOUR_ORDER, TODAY, Subject(born=date(1990, 1, 1)), months=60))
    assert not outcome.allowed and "conviction" in outcome.refusals[0]


def test_cbo_for_an_adult_is_at_least_two_years_or_indefinite():
    adult = Subject(born=date(2008, 6, 15))  # 18 today
    convicted = date(2026, 5, 1)
    assert not check(Proposal(Power.CRIMINAL_BEHAVIOUR_ORDER, TODAY, adult, months=23, convicted_on=convicted)).allowed
    five_years = check(Proposal(Power.CRIMINAL_BEHAVIOUR_ORDER, TODAY, adult, months=60, convicted_on=convicted))
    assert five_years.allowed and five_years.ends == date(2031, 6, 15)
    assert five_years.reviews == ()
    assert check(
        Proposal(Power.CRIMINAL_BEHAVIOUR_ORDER, TODAY, adult, indefinite=True, convicted_on=convicted)
    ).allowed


def test_cbo_for_under_eighteens_lasts_one_to_three_years():
    youth = Subject(born=date(2008, 6, 16))  # 17, 18 tomorrow
    convicted = date(2026, 5, 1)
    for months, allowed in ((11, False), (12, True), (36, True), (37, False)):
        outcome = check(Proposal(Power.CRIMINAL_BEHAVIOUR_ORDER, TODAY, youth, months=months, convicted_on=convicted))
        assert outcome.allowed is allowed, months
    assert not check(
        Proposal(Power.CRIMINAL_BEHAVIOUR_ORDER, TODAY, youth, indefinite=True, convicted_on=convicted)
    ).allowed


def test_cbo_reviews_every_twelve_months_while_the_person_will_be_under_eighteen_at_the_period_end():
    # Made 15 June 2026 for three years on someone born 1 March 2011 (15): periods end 14 June 2027
    # (16), 14 June 2028 (17) and 14 June 2029 (18 by then: no review needed).
    reviews = cbo_reviews(TODAY, date(2011, 3, 1), date(2029, 6, 15))
    assert reviews == (date(2027, 6, 14), date(2028, 6, 14))


def test_cbo_review_boundary_on_the_eighteenth_birthday():
    # 18th birthday on 14 June 2027, the last day of the first period: no review is required.
    assert cbo_reviews(TODAY, date(2009, 6, 14), date(2029, 6, 15)) == ()
    # 18th birthday on 15 June 2027, the day after: the first period needs a review.
    assert cbo_reviews(TODAY, date(2009, 6, 15), date(2029, 6, 15)) == (date(2027, 6, 14),)


# Dispersal (Part 3) and closure (Part 4 chapter 3) --------------------------------------------


def test_dispersal_for_ten_and_over_up_to_48_hours_authorised_by_an_inspector():
    ten = Subject(born=date(2016, 6, 15))
    assert check(Proposal(Power.DISPERSAL_DIRECTION, TODAY, ten, hours=48, authorised_by_inspector=True)).allowed
    assert not check(Proposal(Power.DISPERSAL_DIRECTION, TODAY, ten, hours=49, authorised_by_inspector=True)).allowed
    assert not check(Proposal(Power.DISPERSAL_DIRECTION, TODAY, ten, authorised_by_inspector=False)).allowed
    nine = Subject(born=date(2016, 6, 16))
    assert not check(Proposal(Power.DISPERSAL_DIRECTION, TODAY, nine, authorised_by_inspector=True)).allowed


def test_closure_notice_24_hours_or_48_with_senior_authorisation():
    assert check(Proposal(Power.CLOSURE_NOTICE, TODAY, hours=24)).allowed
    assert not check(Proposal(Power.CLOSURE_NOTICE, TODAY, hours=48)).allowed
    assert check(Proposal(Power.CLOSURE_NOTICE, TODAY, hours=48, senior_authorisation=True)).allowed
    assert not check(Proposal(Power.CLOSURE_NOTICE, TODAY, hours=49, senior_authorisation=True)).allowed


def test_closure_order_follows_a_notice_and_lasts_at_most_three_months():
    notice = [Earlier(Power.CLOSURE_NOTICE, date(2026, 6, 13))]
    assert not check(Proposal(Power.CLOSURE_ORDER, TODAY, months=3)).allowed
    assert not check(Proposal(Power.CLOSURE_ORDER, TODAY, earlier=notice, months=4)).allowed
    ok = check(Proposal(Power.CLOSURE_ORDER, TODAY, earlier=notice, months=3))
    assert ok.allowed and ok.ends == date(2026, 9, 15)


def test_closure_order_extensions_stop_at_six_months_in_all():
    earlier = [Earlier(Power.CLOSURE_NOTICE, date(2026, 6, 13)), Earlier(Power.CLOSURE_ORDER, TODAY, months=3)]
    three_more = check(Proposal(Power.CLOSURE_ORDER_EXTENSION, date(2026, 9, 1), earlier=earlier, months=3))
    assert three_more.allowed and three_more.ends == date(2026, 12, 15)
    assert not check(Proposal(Power.CLOSURE_ORDER_EXTENSION, date(2026, 9, 1), earlier=earlier, months=4)).allowed
    assert not check(Proposal(Power.CLOSURE_ORDER_EXTENSION, date(2026, 9, 1), months=1)).allowed


def test_informal_steps_have_a_review_date_and_no_conditions():
    outcome = check(Proposal(Power.ACCEPTABLE_BEHAVIOUR_CONTRACT, TODAY, Subject(born=date(2014, 1, 1)), months=6))
    assert outcome.allowed and outcome.ends == date(2026, 12, 15) and outcome.reviews == (date(2026, 12, 15),)
    assert check(Proposal(Power.WARNING_LETTER, TODAY)).reviews == (date(2026, 7, 15),)
