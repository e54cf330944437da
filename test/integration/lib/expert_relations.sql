-- test/integration/lib/expert_relations.sql: the expert relations, each a
-- statement about how two declarations (or one) must score, written from the
-- law and the indicators' definitions (doc/scoring.md), on the background of
-- expert_background.sql fitted as profile 'default'.  Only the public
-- interface (screen_declaration, its reasons) is used, so the same relations
-- run against any version of the scorer.  Each row: the relation's name, its
-- family, whether it holds, and the numbers it compared.
SET extra_float_digits = 0;

CREATE FUNCTION s(hs text, route text, origin text, d date, v float8, q float8, u text, e text)
    RETURNS screening LANGUAGE sql STABLE
    AS $$ SELECT screen_declaration(hs::hscode, route::route, origin::country, d, v, q, u, e) $$;
-- the contribution of an indicator (0 when it did not fire)
CREATE FUNCTION c(x screening, ind text) RETURNS float8 LANGUAGE sql IMMUTABLE
    AS $$ SELECT coalesce(max((r->>'contribution')::float8), 0) FROM jsonb_array_elements(x.reasons) r WHERE r->>'indicator' = ind $$;
CREATE FUNCTION ev(x screening, ind text) RETURNS jsonb LANGUAGE sql IMMUTABLE
    AS $$ SELECT (SELECT r->'evidence' FROM jsonb_array_elements(x.reasons) r WHERE r->>'indicator' = ind LIMIT 1) $$;
CREATE FUNCTION lvl(x screening) RETURNS int LANGUAGE sql IMMUTABLE
    AS $$ SELECT array_position(ARRAY['none', 'low', 'medium', 'high'], x.level) - 1 $$;
CREATE FUNCTION fired(x screening, ind text) RETURNS boolean LANGUAGE sql IMMUTABLE
    AS $$ SELECT coalesce(ind = ANY (x.fired), false) $$;

CREATE TABLE rel (name text PRIMARY KEY, family text, ok boolean, detail text);
CREATE FUNCTION r(name text, family text, ok boolean, detail text) RETURNS void LANGUAGE sql
    AS $$ INSERT INTO rel VALUES (name, family, coalesce(ok, false), detail) $$;

-- the known German maker of processors, and the same goods and lanes in other hands
\set chpl '''854231'''
\set known '''Rheinland Elektronik GmbH'''

-- Date: before and after the restriction ----------------------------------------
SELECT r('direct_ban_after_cutoff_is_high', 'date',
         lvl(a) = 3, format('DE>RU tier-1 processors by a known exporter, 2023: %s %s', a.score, a.level))
  FROM s(:chpl, 'DE>RU', 'DE', '2023-05-10', 4000, 100, 'u', :known) a;
SELECT r('direct_ban_before_cutoff_is_not_high', 'date',
         lvl(b) < 2 AND a.score > b.score + 0.5, format('2021 %s vs 2023 %s', b.score, a.score))
  FROM s(:chpl, 'DE>RU', 'DE', '2021-05-10', 4000, 100, 'u', :known) b, s(:chpl, 'DE>RU', 'DE', '2023-05-10', 4000, 100, 'u', :known) a;
SELECT r('annex_xxiii_part_c_from_its_date', 'date',
         a.score > b.score + 0.3 AND fired(a, 'direct_export') AND NOT fired(b, 'direct_export'),
         format('steel 7208 DE>RU 2022-12-01 %s, 2023-06-01 %s', b.score, a.score))
  FROM s('720851', 'DE>RU', 'DE', '2022-12-01', 70000, 100, 't', 'Ruhr Stahl GmbH') b,
       s('720851', 'DE>RU', 'DE', '2023-06-01', 70000, 100, 't', 'Ruhr Stahl GmbH') a;
SELECT r('annex_xxiii_part_b_laptops_from_17_dec_2022', 'date',
         fired(a, 'direct_export') AND NOT fired(b, 'direct_export'),
         format('laptops DE>RU 2022-11-01 %s, 2023-01-10 %s', b.fired, a.fired))
  FROM s('847130', 'DE>RU', 'DE', '2022-11-01', 70000, 100, 'u', :known) b,
       s('847130', 'DE>RU', 'DE', '2023-01-10', 70000, 100, 'u', :known) a;
SELECT r('restriction_validity_row_by_row', 'date',
         (SELECT bool_and(fired(s('854231', 'DE>RU', 'DE', d, 4000, 100, 'u', :known), 'direct_export') = (d >= date '2022-02-24'))
            FROM generate_series(date '2022-02-20', date '2022-03-01', interval '1 day') g(t), LATERAL (SELECT g.t::date AS d) x),
         'direct_export fires from 24 February 2022, the CHPL regime''s first day, and not before');

-- Destination: sanctioned or not -------------------------------------------------
SELECT r('sanctioned_destination_outranks_eu', 'destination',
         a.score >= b.score + 0.5, format('DE>RU %s, DE>FR %s', a.score, b.score))
  FROM s(:chpl, 'DE>RU', 'DE', '2023-05-10', 4000, 100, 'u', :known) a, s(:chpl, 'DE>FR', 'DE', '2023-05-10', 4000, 100, 'u', :known) b;
SELECT r('sanctioned_destination_outranks_hub', 'destination',
         a.score > b.score + 0.2, format('DE>RU %s, DE>KZ %s', a.score, b.score))
  FROM s(:chpl, 'DE>RU', 'DE', '2023-05-10', 4000, 100, 'u', :known) a, s(:chpl, 'DE>KZ', 'DE', '2023-05-10', 4000, 100, 'u', :known) b;
SELECT r('belarus_covered_by_chpl_not_by_833', 'destination',
         fired(a, 'direct_export') AND NOT fired(b, 'direct_export'),
         format('processors DE>BY %s; steel DE>BY %s', a.fired, b.fired))
  FROM s(:chpl, 'DE>BY', 'DE', '2023-05-10', 4000, 100, 'u', :known) a,
       s('720851', 'DE>BY', 'DE', '2023-06-01', 70000, 100, 't', 'Ruhr Stahl GmbH') b;
SELECT r('eu_internal_trade_of_listed_goods_is_none', 'destination',
         lvl(b) = 0, format('processors DE>FR %s %s', b.score, b.level))
  FROM s(:chpl, 'DE>FR', 'DE', '2023-05-10', 4000, 100, 'u', :known) b;

-- Goods: restricted or not ---------------------------------------------------------
SELECT r('textbook_ban_outranks_coffee_via_hub', 'goods',
         a.score > b.score, format('processors DE>RU %s, coffee DE>KZ>RU by a new firm %s', a.score, b.score))
  FROM s(:chpl, 'DE>RU', 'DE', '2023-05-10', 4000, 100, 'u', :known) a,
       s('090121', 'DE>KZ>RU', 'DE', '2023-05-10', 900, 100, 'kg', 'Kaffee Neu GmbH') b;
SELECT r('coffee_via_hub_by_new_firm_below_medium', 'goods',
         lvl(b) < 2, format('%s %s %s', b.score, b.level, b.fired))
  FROM s('090121', 'DE>KZ>RU', 'DE', '2023-05-10', 900, 100, 'kg', 'Kaffee Neu GmbH') b;
SELECT r('replacing_restricted_goods_lowers_a_hub_route_a_lot', 'goods',
         a.score - b.score >= 0.3, format('processors %s, furniture %s', a.score, b.score))
  FROM s(:chpl, 'DE>KZ>RU', 'DE', '2023-05-10', 4000, 100, 'u', 'Neue Handel GmbH') a,
       s('940360', 'DE>KZ>RU', 'DE', '2023-05-10', 8000, 100, 'u', 'Neue Handel GmbH') b;
SELECT r('restricted_goods_via_hub_are_high', 'goods',
         lvl(a) = 3, format('%s %s', a.score, a.fired))
  FROM s(:chpl, 'DE>KZ>RU', 'DE', '2023-05-10', 4000, 100, 'u', 'Neue Handel GmbH') a;
SELECT r('annex_goods_not_on_chpl_direct_are_high', 'goods',
         lvl(a) = 3, format('boilers 840290 FR>RU 2023 by a known exporter: %s %s', a.score, a.fired))
  FROM s('840290', 'FR>RU', 'FR', '2023-05-10', 900000, 10, 'u', 'Lyon Machines SAS') a;
SELECT r('unrestricted_goods_direct_are_none', 'goods',
         lvl(a) = 0, format('medicines DE>RU 2023 by a known exporter: %s %s', a.score, a.fired))
  FROM s('300490', 'DE>RU', 'DE', '2023-05-10', 12000, 100, 'kg', 'Pharma Nord AG') a;
SELECT r('behaviour_counts_for_restricted_goods', 'goods',
         c(a, 'transshipment') > 2 * c(b, 'transshipment') AND c(b, 'transshipment') > 0,
         format('transshipment: processors %s, furniture %s', c(a, 'transshipment'), c(b, 'transshipment')))
  FROM s(:chpl, 'DE>KZ>RU', 'DE', '2023-05-10', 4000, 100, 'u', 'Neue Handel GmbH') a,
       s('940360', 'DE>KZ>RU', 'DE', '2023-05-10', 8000, 100, 'u', 'Neue Handel GmbH') b;
SELECT r('every_reason_shows_its_part', 'goods',
         (SELECT bool_and(abs((x->>'weight')::float8 * (x->>'strength')::float8 * (x->>'exposure')::float8
                              * coalesce((x->>'goods_factor')::float8, -1) - (x->>'contribution')::float8) < 1e-9)
            FROM jsonb_array_elements(a.reasons || b.reasons) x),
         'contribution = weight * strength * exposure * goods_factor in every reason')
  FROM s(:chpl, 'DE>KZ>RU', 'DE', '2023-05-10', 4000, 100, 'u', 'Neue Handel GmbH') a,
       s('940360', 'DE>KZ>RU', 'DE', '2023-05-10', 8000, 100, 'u', 'Neue Handel GmbH') b;
SELECT r('value_condition_above_threshold_is_restricted', 'goods',
         fired(a, 'direct_export') AND NOT fired(b, 'direct_export'),
         format('washing machines DE>RU at EUR 1000 a machine %s; at EUR 500 %s', a.fired, b.fired))
  FROM s('845011', 'DE>RU', 'DE', '2023-05-10', 1000 * 1.05 * 10, 10, 'u', 'Bosch Haus GmbH') a,
       s('845011', 'DE>RU', 'DE', '2023-05-10', 500 * 1.05 * 10, 10, 'u', 'Bosch Haus GmbH') b;

-- Annex XVIII rows are "ex" because Art. 3h(2) lists only the items above a value: a
-- declared unit value above the threshold picks out exactly the listed goods, so the
-- row applies as fully as a code listed whole (laptops, Annex XXIII Part B).
SELECT r('annex_xviii_car_above_threshold_is_fully_listed', 'goods',
         c(a, 'direct_export') = c(l, 'direct_export') AND c(a, 'restricted') = c(l, 'restricted')
         AND ev(a, 'restricted')->>'value_condition' = 'above_threshold',
         format('car at EUR 95,000 DE>RU: direct %s restricted %s; laptops: %s %s',
                c(a, 'direct_export'), c(a, 'restricted'), c(l, 'direct_export'), c(l, 'restricted')))
  FROM s('870323', 'DE>RU', 'DE', '2023-05-10', 95000 * 1.05, 1, 'u', 'Bayern Auto GmbH') a,
       s('847130', 'DE>RU', 'DE', '2023-05-10', 70000, 100, 'u', 'Bayern Auto GmbH') l;
SELECT r('annex_xviii_washing_machines_above_750_direct_is_high', 'goods',
         lvl(a) = 3 AND c(a, 'direct_export') >= 0.8,
         format('washing machines at EUR 1,000 DE>RU by a known exporter: %s %s %s', a.score, a.level, a.fired))
  FROM s('845011', 'DE>RU', 'DE', '2023-05-10', 1000 * 1.05 * 10, 10, 'pcs', :known) a;
SELECT r('annex_xviii_car_via_hub_above_threshold_is_high', 'goods',
         lvl(a) = 3, format('car at EUR 95,000 DE>KZ>RU: %s %s %s', a.score, a.level, a.fired))
  FROM s('870323', 'DE>KZ>RU', 'DE', '2023-05-10', 95000 * 1.05, 1, 'u', 'Bayern Auto GmbH') a;
SELECT r('annex_xviii_value_unknown_below_value_met', 'goods',
         c(b, 'restricted') > 0 AND c(b, 'restricted') < c(a, 'restricted')
         AND ev(b, 'restricted')->>'value_condition' = 'unknown',
         format('car DE>RU with EUR 95,000 an item %s; no quantity %s', c(a, 'restricted'), c(b, 'restricted')))
  FROM s('870323', 'DE>RU', 'DE', '2023-05-10', 95000 * 1.05, 1, 'u', 'Bayern Auto GmbH') a,
       s('870323', 'DE>RU', 'DE', '2023-05-10', 95000 * 1.05, NULL, 'u', 'Bayern Auto GmbH') b;
-- Annex XVIII (23) "optical articles of any value": its "ex" rows narrow the code by
-- description (spotting scopes within 9005 80), which no value resolves (before Annex XXIII Part C
-- listed all of 9005 on 26 February 2023)
SELECT r('ex_code_without_value_condition_stays_partial', 'goods',
         c(a, 'restricted') > 0 AND c(a, 'restricted') < c(l, 'restricted') AND ev(a, 'restricted')->>'match' = 'ex_code',
         format('9005 80 DE>RU %s %s; processors %s', c(a, 'restricted'), ev(a, 'restricted')->>'match', c(l, 'restricted')))
  FROM s('900580', 'DE>RU', 'DE', '2022-10-10', 95000, 10, 'u', 'Bayern Auto GmbH') a,
       s(:chpl, 'DE>RU', 'DE', '2022-10-10', 4000, 100, 'u', 'Bayern Auto GmbH') l;

-- Origin and jurisdiction: coalition or other --------------------------------------
SELECT r('chinese_made_via_hub_well_below_german_made', 'origin',
         b.score <= a.score - 0.3, format('DE-made DE>AM>RU %s, CN-made CN>AM>RU %s', a.score, b.score))
  FROM s(:chpl, 'DE>AM>RU', 'DE', '2023-05-10', 4000, 100, 'u', 'Neue Handel GmbH') a,
       s(:chpl, 'CN>AM>RU', 'CN', '2023-05-10', 4000, 100, 'u', 'Neue Handel GmbH') b;
SELECT r('chinese_made_via_hub_not_high', 'origin',
         lvl(b) < 3, format('%s %s', b.score, b.level))
  FROM s(:chpl, 'CN>AM>RU', 'CN', '2023-05-10', 4000, 100, 'u', 'Neue Handel GmbH') b;
SELECT r('chinese_direct_chpl_below_german_direct', 'origin',
         b.score < a.score - 0.3, format('DE>RU %s, CN>RU %s', a.score, b.score))
  FROM s(:chpl, 'DE>RU', 'DE', '2023-05-10', 4000, 100, 'u', :known) a,
       s(:chpl, 'CN>RU', 'CN', '2023-05-10', 4000, 100, 'u', 'Shenzhen Bright Phones Ltd') b;
SELECT r('coalition_goods_dispatched_from_hub_are_high', 'origin',
         lvl(a) = 3, format('German-made processors AM>RU: %s %s', a.score, a.fired))
  FROM s(:chpl, 'AM>RU', 'DE', '2023-05-10', 4000, 100, 'u', 'Neue Handel GmbH') a;
SELECT r('coalition_dispatcher_binds_chinese_made_goods', 'origin',
         fired(a, 'direct_export') AND a.score > b.score,
         format('CN-made processors DE>RU %s, CN>RU %s', a.score, b.score))
  FROM s(:chpl, 'DE>RU', 'CN', '2023-05-10', 4000, 100, 'u', :known) a,
       s(:chpl, 'CN>RU', 'CN', '2023-05-10', 4000, 100, 'u', 'Shenzhen Bright Phones Ltd') b;

-- Hub's own goods --------------------------------------------------------------------
SELECT r('armenian_brandy_by_new_armenian_firm_below_medium', 'hub_own_goods',
         lvl(a) < 2, format('%s %s %s', a.score, a.level, a.fired))
  FROM s('220820', 'AM>RU', 'AM', '2023-05-10', 1200, 100, 'l', 'Ararat Spirits LLC') a;
SELECT r('kazakh_wheat_by_new_kazakh_firm_below_medium', 'hub_own_goods',
         lvl(a) < 2, format('%s %s %s', a.score, a.level, a.fired))
  FROM s('100199', 'KZ>RU', 'KZ', '2023-05-10', 25000, 100, 't', 'Pavlodar Agro LLP') a;
SELECT r('turkish_tshirts_by_new_turkish_firm_below_medium', 'hub_own_goods',
         lvl(a) < 2, format('%s %s %s', a.score, a.level, a.fired))
  FROM s('610910', 'TR>RU', 'TR', '2023-05-10', 400, 100, 'u', 'Bursa Örme Ltd Şti') a;
SELECT r('hub_own_goods_are_not_transit', 'hub_own_goods',
         c(a, 'new_trader') < c(b, 'new_trader') OR NOT fired(b, 'new_trader'),
         format('new_trader: Armenian-made brandy AM>RU %s, French-made brandy AM>RU %s', c(a, 'new_trader'), c(b, 'new_trader')))
  FROM s('220820', 'AM>RU', 'AM', '2023-05-10', 1200, 100, 'l', 'Ararat Spirits LLC') a,
       s('220820', 'AM>RU', 'FR', '2023-05-10', 1200, 100, 'l', 'Ararat Spirits LLC') b;
SELECT r('hub_made_goods_in_transit_elsewhere_are_transit', 'hub_own_goods',
         NOT fired(a, 'transshipment') AND fired(b, 'transshipment'),
         format('KZ-made via KZ %s; CN-made via KZ %s', a.fired, b.fired))
  FROM s('940360', 'KZ>KZ>RU', 'KZ', '2023-05-10', 8000, 100, 'u', 'Pavlodar Agro LLP') a,
       s('940360', 'CN>KZ>RU', 'CN', '2023-05-10', 8000, 100, 'u', 'Pavlodar Agro LLP') b;

-- Direct export versus via a hub -------------------------------------------------------
SELECT r('unrestricted_goods_route_alone_not_suspicious', 'route',
         lvl(b) < 2, format('medicines DE>RU %s, DE>KZ>RU %s', a.score, b.score))
  FROM s('300490', 'DE>RU', 'DE', '2023-05-10', 12000, 100, 'kg', 'Pharma Nord AG') a,
       s('300490', 'DE>KZ>RU', 'DE', '2023-05-10', 12000, 100, 'kg', 'Pharma Nord AG') b;
SELECT r('restricted_goods_via_hub_and_direct_both_high', 'route',
         lvl(a) = 3 AND lvl(b) = 3, format('direct %s, via KZ %s', a.score, b.score))
  FROM s(:chpl, 'DE>RU', 'DE', '2023-05-10', 4000, 100, 'u', :known) a,
       s(:chpl, 'DE>KZ>RU', 'DE', '2023-05-10', 4000, 100, 'u', :known) b;

-- Prices in any unit spelling -------------------------------------------------------------
-- Shenzhen's phones to Russia cost about 150 USD a unit; the fit saw the unit 'u'
SELECT r('price_x' || f || '_in_' || u || '_fires', 'price',
         fired(x, 'unit_value'), format('%s %s', x.fired, ev(x, 'unit_value')))
  FROM (VALUES (0.01), (100)) v(f), (VALUES ('u'), ('pcs'), ('PCS.'), ('NAR'), ('шт'), ('pce')) w(u),
       LATERAL s('851713', 'CN>RU', 'CN', '2023-05-10', 150 * f * 100, 100, u, 'Shenzhen Bright Phones Ltd') x;
SELECT r('usual_price_in_any_unit_spelling_is_quiet', 'price',
         bool_and(NOT fired(x, 'unit_value')), string_agg(u || ':' || x.fired::text, ' '))
  FROM (VALUES ('u'), ('pcs'), ('NAR'), ('шт'), ('items')) w(u),
       LATERAL s('851713', 'CN>RU', 'CN', '2023-05-10', 150 * 100, 100, u, 'Shenzhen Bright Phones Ltd') x;
SELECT r('price_in_grams_and_tonnes_converted', 'price',
         NOT fired(a, 'unit_value') AND NOT fired(b, 'unit_value') AND fired(c, 'unit_value'),
         format('wheat at 250 USD/t in g %s, in kg %s; at 2.5 USD/t in t %s', a.fired, b.fired, c.fired))
  FROM s('100199', 'KZ>RU', 'KZ', '2023-05-10', 25000, 100e6, 'g', 'Kostanay Astyk LLP') a,
       s('100199', 'KZ>RU', 'KZ', '2023-05-10', 25000, 100e3, 'kg', 'Kostanay Astyk LLP') b,
       s('100199', 'KZ>RU', 'KZ', '2023-05-10', 250, 100, 't', 'Kostanay Astyk LLP') c;
SELECT r('same_price_same_z_in_any_spelling', 'price',
         count(DISTINCT round((ev(x, 'unit_value')->>'robust_z')::numeric, 9)) = 1 AND count(ev(x, 'unit_value')) = 4,
         string_agg(u || ':' || coalesce(ev(x, 'unit_value')->>'robust_z', 'none'), ' '))
  FROM (VALUES ('u'), ('pcs'), ('NAR'), ('шт')) w(u),
       LATERAL s('851713', 'CN>RU', 'CN', '2023-05-10', 1.5 * 100, 100, u, 'Shenzhen Bright Phones Ltd') x;
SELECT r('unseen_unit_is_said', 'price',
         ev(x, 'unit_value')->>'checked' = 'false' AND ev(x, 'unit_value')->>'why' = 'unit_not_seen',
         format('%s', ev(x, 'unit_value')))
  FROM s('851713', 'CN>RU', 'CN', '2023-05-10', 1.5 * 100, 100, 'barrels', 'Shenzhen Bright Phones Ltd') x;
SELECT r('infinite_value_never_fires_and_is_said', 'price',
         NOT fired(x, 'unit_value') AND ev(x, 'unit_value')->>'checked' = 'false',
         format('%s %s', x.fired, ev(x, 'unit_value')))
  FROM s('851713', 'CN>RU', 'CN', '2023-05-10', 'Infinity', 100, 'u', 'Shenzhen Bright Phones Ltd') x;
SELECT r('zero_quantity_is_said', 'price',
         ev(x, 'unit_value')->>'why' = 'value_or_quantity_not_positive', format('%s', ev(x, 'unit_value')))
  FROM s('851713', 'CN>RU', 'CN', '2023-05-10', 150, 0, 'u', 'Shenzhen Bright Phones Ltd') x;
SELECT r('no_baseline_is_said', 'price',
         ev(x, 'unit_value')->>'why' = 'no_baseline', format('%s', ev(x, 'unit_value')))
  FROM s('950300', 'CN>RU', 'CN', '2023-05-10', 150, 10, 'u', 'Shenzhen Bright Phones Ltd') x;

-- Exporter spelling in any script ----------------------------------------------------------
SELECT r('exporter_spelling_' || k, 'exporter',
         a.score = b.score AND NOT fired(b, 'new_trader'),
         format('%s: %s vs %s %s', e, a.score, b.score, b.fired))
  FROM (VALUES ('latin', 'Kostanay Astyk LLP'), ('cyrillic', 'Костанай Астык ТОО'),
               ('legal_form_dots', 'KOSTANAY ASTYK L.L.P.'), ('comma_form', 'Kostanay Astyk, LLP'),
               ('quotes', 'ТОО «Костанай Астык»'), ('cyrillic_capitals', 'КОСТАНАЙ АСТЫК ТОО'),
               ('other_romanisation', 'Kostanai Astyq LLP'), ('straight_quotes', 'TOO "Kostanay Astyk"')) v(k, e),
       s('100199', 'KZ>RU', 'KZ', '2023-05-10', 25000, 100, 't', 'Kostanay Astyk LLP') a,
       LATERAL s('100199', 'KZ>RU', 'KZ', '2023-05-10', 25000, 100, 't', e) b;

-- One flag alone ---------------------------------------------------------------------------
SELECT r('new_trader_alone_below_medium', 'one_flag',
         lvl(x) < 2, format('%s %s', x.score, x.fired))
  FROM s('220820', 'AM>RU', 'FR', '2023-05-10', 1200, 100, 'l', 'Ararat Spirits LLC') x;
SELECT r('no_behavioural_flag_alone_reaches_medium', 'one_flag',
         max(c(y.x, w.i)) < 0.4, format('largest behavioural contribution %s', max(c(y.x, w.i))))
  FROM (VALUES ('transshipment'), ('origin'), ('route_shape'), ('new_trader'), ('route_rarity')) w(i),
       (SELECT s(b.hs::text, b.route::text || '>RU', b.origin::text, date '2023-05-10', b.value_usd::float8,
                 b.quantity, b.unit, 'Neu ' || b.exporter) AS x
          FROM bg b WHERE b.decl_date < '2022-01-01' AND route_destination(b.route) <> 'RU' LIMIT 400) y;
-- a lane surge counts alone only when extreme (full strength: ratio_high): doc/scoring.md
SELECT r('lane_surge_below_full_strength_below_medium', 'one_flag',
         bool_and((x->>'strength')::float8 >= 1 OR (x->>'contribution')::float8 < 0.4) AND count(*) > 0,
         format('%s lane_surge reasons, largest contribution below full strength %s', count(*),
                max((x->>'contribution')::float8) FILTER (WHERE (x->>'strength')::float8 < 1)))
  FROM (SELECT s(b.hs::text, b.route::text, b.origin::text, b.decl_date + k * 30, b.value_usd::float8, b.quantity, b.unit, b.exporter) AS y
          FROM bg b, generate_series(0, 3) k WHERE b.decl_date >= '2022-03-01' AND b.hs <@ '8450'::hscode LIMIT 200) z,
       LATERAL jsonb_array_elements((z.y).reasons) x WHERE x->>'indicator' = 'lane_surge';
SELECT r('route_rarity_alone_below_medium', 'one_flag',
         lvl(x) < 2 OR fired(x, 'watchlist') OR fired(x, 'restricted'), format('%s %s', x.score, x.fired))
  FROM s('300490', 'DE>AM>RU', 'DE', '2023-05-10', 12000, 100, 'kg', 'Pharma Nord AG') x;

-- Coarse codes --------------------------------------------------------------------------------
SELECT r('heading_above_chpl_members_fires_watchlist', 'coarse',
         fired(x, 'watchlist') AND ev(x, 'watchlist')->'may_be' ? '854231',
         format('%s %s', x.fired, ev(x, 'watchlist')))
  FROM s('8542', 'DE>RU', 'DE', '2023-05-10', 4000, 100, 'u', :known) x;
SELECT r('coarse_code_partial_strength', 'coarse',
         c(a, 'watchlist') > 0 AND c(a, 'watchlist') < c(b, 'watchlist'),
         format('8542 %s, 854231 %s', c(a, 'watchlist'), c(b, 'watchlist')))
  FROM s('8542', 'DE>RU', 'DE', '2023-05-10', 4000, 100, 'u', :known) a,
       s(:chpl, 'DE>RU', 'DE', '2023-05-10', 4000, 100, 'u', :known) b;
SELECT r('chapter_above_members_fires_watchlist', 'coarse',
         fired(x, 'watchlist'), format('%s', x.fired))
  FROM s('85', 'DE>RU', 'DE', '2023-05-10', 4000, 100, 'u', :known) x;

-- A declared heading or chapter may be any of its subheadings: its restriction strength is
-- the share of its HS2022 subheadings the listed codes cover. Heading 8542's five are all
-- listed (Annex VII, CHPL), so it is as restricted as 8542.31; chapter 85 much less so.
SELECT r('heading_whose_subheadings_are_all_listed_is_restricted_in_full', 'coarse',
         c(a, 'restricted') = c(b, 'restricted') AND c(a, 'direct_export') = c(b, 'direct_export'),
         format('8542 restricted %s direct %s; 854231 %s %s', c(a, 'restricted'), c(a, 'direct_export'),
                c(b, 'restricted'), c(b, 'direct_export')))
  FROM s('8542', 'DE>RU', 'DE', '2023-05-10', 4000, 100, 'u', :known) a,
       s(:chpl, 'DE>RU', 'DE', '2023-05-10', 4000, 100, 'u', :known) b;
SELECT r('chapter_restricted_by_its_share_below_a_listed_heading', 'coarse',
         c(ch, 'restricted') > 0 AND c(ch, 'restricted') < c(h, 'restricted')
         AND (ev(ch, 'restricted')->>'subheadings')::int = 296,
         format('85 %s %s; 8542 %s', c(ch, 'restricted'), ev(ch, 'restricted'), c(h, 'restricted')))
  FROM s('85', 'DE>RU', 'DE', '2023-05-10', 4000, 100, 'u', :known) ch,
       s('8542', 'DE>RU', 'DE', '2023-05-10', 4000, 100, 'u', :known) h;
SELECT r('coarse_share_recomputes_from_its_subheadings', 'coarse',
         bool_and(abs((e->>'covered_subheadings')::float8 / (e->>'subheadings')::float8 - (e->>'coarse_share')::float8) < 1e-12),
         string_agg(format('%s %s/%s', e->>'declared', e->>'covered_subheadings', e->>'subheadings'), ', '))
  FROM (SELECT ev(s(code, 'DE>RU', 'DE', '2023-05-10', 105000, 100, 'u', :known), 'restricted') e
          FROM unnest(ARRAY['85', '84', '8542', '8471', '90', '8450']) code) y;

-- Lanes -------------------------------------------------------------------------------------
SELECT r('kazakh_washing_machines_medium_or_above', 'lane',
         lvl(x) >= 2, format('%s %s %s', x.score, x.level, x.fired))
  FROM s('845011', 'KZ>RU', 'KR', '2023-05-10', 300 * 500, 500, 'u', 'Astana Home Appliances LLP') x;
SELECT r('steady_lane_no_surge', 'lane',
         NOT fired(x, 'lane_surge'), format('%s', x.fired))
  FROM s('100199', 'KZ>RU', 'KZ', '2023-05-10', 25000, 100, 't', 'Kostanay Astyk LLP') x;

-- Evidence ----------------------------------------------------------------------------------
SELECT r('no_share_printed_as_zero', 'evidence',
         count(*) > 0 AND bool_and((e->>'share')::float8 > 0),
         format('%s route_rarity reasons, smallest share %s', count(*), min((e->>'share')::float8)))
  FROM (SELECT ev(s(b.hs::text, 'AM>RU', b.origin::text, date '2023-05-10', b.value_usd::float8, b.quantity, b.unit, b.exporter), 'route_rarity') e
          FROM bg b WHERE b.decl_date < '2020-01-01' LIMIT 300) y
 WHERE e ? 'share';
SELECT r('rarity_recomputes_from_shares', 'evidence',
         count(*) > 0 AND bool_and(abs(-log((e->>'share')::float8 / (e->>'usual_share')::float8) - (e->>'rarity')::float8) < 1e-9),
         format('%s reasons', count(*)))
  FROM (SELECT ev(s(b.hs::text, 'AM>RU', b.origin::text, date '2023-05-10', b.value_usd::float8, b.quantity, b.unit, b.exporter), 'route_rarity') e
          FROM bg b WHERE b.decl_date < '2020-01-01' LIMIT 300) y
 WHERE e ? 'share';
SELECT r('robust_z_recomputes', 'evidence',
         abs((ln((e->>'unit_value')::float8) - ln((e->>'median')::float8))
             / (1.4826 * greatest((e->>'mad')::float8, (e->>'mad_floor')::float8)) - (e->>'robust_z')::float8) < 1e-9
         AND abs((e->>'unit_value')::float8 - 1.5) < 1e-12,
         format('%s', e))
  FROM (SELECT ev(s('851713', 'CN>RU', 'CN', '2023-05-10', 150, 100, 'u', 'Shenzhen Bright Phones Ltd'), 'unit_value') e) y;
