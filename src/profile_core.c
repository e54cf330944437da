/*
 * profile_core.c
 *		Server-free rules about scoring profiles: the accepted values of
 *		screen_config and the 'name@N' profile reference (see profile_core.h).
 */
#include "profile_core.h"

#include <math.h>
#include <string.h>

static bool
has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool
has_suffix(const char *s, const char *suffix)
{
	size_t		ls = strlen(s),
				lx = strlen(suffix);

	return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

/*
 * The range of a parameter, by what kind of number it is: weights, tier
 * weights, exposures, levels and strengths are shares of a score, in [0, 1];
 * the least MAD divides, so it must be above 0; every other threshold, count
 * and prior is a non-negative number.
 */
pc_param_range
pc_param_range_of(const char *name)
{
	pc_param_range r = {0.0, INFINITY, false};

	if (has_prefix(name, "weight.") || has_prefix(name, "tier.") ||
		has_prefix(name, "exposure.") || has_prefix(name, "level.") ||
		strcmp(name, "new_trader.new_chapter") == 0 ||
		strcmp(name, "route_rarity.exporter_change") == 0)
		r.max = 1.0;
	else if (has_suffix(name, "mad_floor"))
		r.min_open = true;
	return r;
}

pc_param_error
pc_param_check(const char *name, double value, pc_param_range *range)
{
	pc_param_range r = pc_param_range_of(name);

	if (range)
		*range = r;
	if (!isfinite(value))
		return PC_PARAM_NOT_FINITE;
	if (value < r.min || (r.min_open && value == r.min) || value > r.max)
		return PC_PARAM_OUT_OF_RANGE;
	return PC_PARAM_OK;
}

/* the index of name among names, or -1 */
static int
find(const char *const *names, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

int
pc_params_check_order(const char *const *names, const double *values,
					  int n, int *other)
{
	static const char *const levels[] = {"level.low", "level.medium", "level.high"};

	for (int k = 0; k + 1 < 3; k++)
	{
		int			lo = find(names, n, levels[k]),
					hi = find(names, n, levels[k + 1]);

		if (lo >= 0 && hi >= 0 && !(values[lo] < values[hi]))
		{
			*other = lo;
			return hi;
		}
	}
	/* X_low below X_high, X.low below X.high */
	for (int i = 0; i < n; i++)
	{
		const char *name = names[i];
		size_t		len = strlen(name);
		char		partner[256];
		int			j;

		if (len < 4 || len + 2 > sizeof(partner) || !has_suffix(name, "low"))
			continue;
		if (name[len - 4] != '_' && name[len - 4] != '.')
			continue;
		if (has_prefix(name, "level."))
			continue;
		memcpy(partner, name, len - 3);
		strcpy(partner + len - 3, "high");
		j = find(names, n, partner);
		if (j >= 0 && !(values[i] < values[j]))
		{
			*other = i;
			return j;
		}
	}
	return -1;
}

size_t
pc_split_reference(const char *ref, size_t len, int64_t *version)
{
	size_t		at = len;
	int64_t		v = 0;

	*version = 0;
	while (at > 0 && ref[at - 1] >= '0' && ref[at - 1] <= '9')
		at--;
	/* at least one digit, at most 18, no leading zero, an '@' before them, a name before it */
	if (at == len || len - at > 18 || ref[at] == '0' || at < 2 || ref[at - 1] != '@')
		return len;
	for (size_t i = at; i < len; i++)
		v = v * 10 + (ref[i] - '0');
	*version = v;
	return at - 1;
}
