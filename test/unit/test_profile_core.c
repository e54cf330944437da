/*
 * test_profile_core.c
 *		Unit tests of profile_core.c, outside the server: the ranges of
 *		screen_config values, the order of paired thresholds, and the
 *		'name@N' profile reference.
 */
#include "profile_core.h"
#include "unit.h"

#include <math.h>
#include <string.h>

static void
test_ranges(void)
{
	pc_param_range r;

	/* the issue's three: weight.watchlist = 5, level.high = NaN, mad_floor = -1 */
	CHECK(pc_param_check("weight.watchlist", 5, &r) == PC_PARAM_OUT_OF_RANGE, "weight 5");
	CHECK(r.max == 1.0, "weight max %g", r.max);
	CHECK(pc_param_check("level.high", NAN, NULL) == PC_PARAM_NOT_FINITE, "level NaN");
	CHECK(pc_param_check("unit_value.mad_floor", -1, NULL) == PC_PARAM_OUT_OF_RANGE, "mad -1");
	CHECK(pc_param_check("unit_value.mad_floor", 0, NULL) == PC_PARAM_OUT_OF_RANGE, "mad 0 divides");
	CHECK(pc_param_check("unit_value.mad_floor", 0.01, NULL) == PC_PARAM_OK, "mad 0.01");
	CHECK(pc_param_check("weight.party", 1, NULL) == PC_PARAM_OK, "weight 1");
	CHECK(pc_param_check("weight.party", 0, NULL) == PC_PARAM_OK, "weight 0");
	CHECK(pc_param_check("weight.party", -0.1, NULL) == PC_PARAM_OUT_OF_RANGE, "weight < 0");
	CHECK(pc_param_check("tier.Tier 1", 1.5, NULL) == PC_PARAM_OUT_OF_RANGE, "tier weight");
	CHECK(pc_param_check("exposure.hub", INFINITY, NULL) == PC_PARAM_NOT_FINITE, "inf");
	CHECK(pc_param_check("lane_surge.ratio_high", 50, NULL) == PC_PARAM_OK, "ratio 50");
	CHECK(pc_param_check("lane_surge.ratio_high", -INFINITY, NULL) == PC_PARAM_NOT_FINITE, "-inf");
	CHECK(pc_param_check("route_rarity.alpha", -2, NULL) == PC_PARAM_OUT_OF_RANGE, "alpha < 0");
	CHECK(pc_param_check("new_trader.new_chapter", 2, NULL) == PC_PARAM_OUT_OF_RANGE, "strength 2");
}

static void
test_order(void)
{
	const char *names[] = {"level.low", "level.medium", "level.high",
		"unit_value.z_low", "unit_value.z_high", "route_rarity.low", "route_rarity.high"};
	double		ok[] = {0.2, 0.4, 0.7, 2.7, 4.7, 1, 2.5};
	double		v[7];
	int			other = -2;

	CHECK(pc_params_check_order(names, ok, 7, &other) == -1, "defaults ordered");

	memcpy(v, ok, sizeof(v));
	v[1] = 0.8;					/* medium above high */
	CHECK(pc_params_check_order(names, v, 7, &other) == 2 && other == 1, "medium > high");
	memcpy(v, ok, sizeof(v));
	v[0] = 0.4;					/* low equal to medium */
	CHECK(pc_params_check_order(names, v, 7, &other) == 1 && other == 0, "low = medium");
	memcpy(v, ok, sizeof(v));
	v[3] = 5;					/* z_low above z_high */
	CHECK(pc_params_check_order(names, v, 7, &other) == 4 && other == 3, "z pair");
	memcpy(v, ok, sizeof(v));
	v[6] = 0.5;					/* route_rarity.high below .low */
	CHECK(pc_params_check_order(names, v, 7, &other) == 6 && other == 5, "dot pair");
	/* a pair with one half absent is not checked */
	CHECK(pc_params_check_order(names, ok, 4, &other) == -1, "half a pair");
}

static void
test_reference(void)
{
	int64_t		v;

	CHECK(pc_split_reference("default@12", 10, &v) == 7 && v == 12, "default@12");
	CHECK(pc_split_reference("default", 7, &v) == 7 && v == 0, "no version");
	CHECK(pc_split_reference("a@b@3", 5, &v) == 3 && v == 3, "last @");
	CHECK(pc_split_reference("default@", 8, &v) == 8 && v == 0, "no digits");
	CHECK(pc_split_reference("default@012", 11, &v) == 11 && v == 0, "leading zero");
	CHECK(pc_split_reference("@12", 3, &v) == 3 && v == 0, "no name");
	CHECK(pc_split_reference("x@1234567890123456789", 21, &v) == 21 && v == 0, "19 digits");
	CHECK(pc_split_reference("x@123456789012345678", 20, &v) == 1 && v == 123456789012345678LL, "18 digits");
	CHECK(pc_split_reference("v2", 2, &v) == 2 && v == 0, "digits without @");
}

int
main(void)
{
	RUN_TEST(test_ranges());
	RUN_TEST(test_order());
	RUN_TEST(test_reference());
	return unit_summary("profile_core");
}
