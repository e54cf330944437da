/*
 * profile_core.h
 *		Server-free rules about scoring profiles: which values of
 *		screen_config are acceptable (range, finiteness, order of paired
 *		thresholds), and how a profile reference 'name@N' splits.
 *
 * The PostgreSQL glue (profile_store.c) raises the errors; this part only
 * decides, so the C unit tests (test/unit/test_profile_core.c) run it
 * without a server.
 */
#ifndef PROFILE_CORE_H
#define PROFILE_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* what is wrong with one parameter value */
typedef enum pc_param_error
{
	PC_PARAM_OK = 0,
	PC_PARAM_NOT_FINITE,		/* NaN or an infinity */
	PC_PARAM_OUT_OF_RANGE		/* finite, outside [min, max] */
} pc_param_error;

/* the accepted range of a parameter, and whether its ends are included */
typedef struct pc_param_range
{
	double		min;
	double		max;
	bool		min_open;		/* min itself is refused */
} pc_param_range;

/* The range of parameter name (any name: unknown names get [0, +inf)). */
extern pc_param_range pc_param_range_of(const char *name);

/* Check one value of parameter name; *range gets the range it was held to. */
extern pc_param_error pc_param_check(const char *name, double value,
									 pc_param_range *range);

/*
 * Check a profile's whole set of effective parameters (n names and values)
 * for the order of paired thresholds: level.low < level.medium < level.high,
 * and every X_low/X.low below its X_high/X.high.  Returns -1 when the order
 * holds, else the index of the first parameter out of order, with *other the
 * index of the one it must stay below (or above).
 */
extern int	pc_params_check_order(const char *const *names, const double *values,
								  int n, int *other);

/*
 * Split a profile reference: "name@N" (N decimal digits, 1 to 18 of them,
 * not starting with 0) names version N of profile "name"; anything else names
 * the profile's current version (*version = 0).  Returns the length of the
 * profile name within ref.
 */
extern size_t pc_split_reference(const char *ref, size_t len, int64_t *version);

#endif							/* PROFILE_CORE_H */
