/*
 * geo_core.c
 *		Geography of countries without the server: land borders, centroid
 *		great-circle distances and route lengths, from the tables generated
 *		into country_data.c.
 */
#include "country_core.h"

#include <math.h>
#include <stdlib.h>

/* mean Earth radius (IUGG), km */
#define CC_EARTH_RADIUS_KM	6371.0088
#define CC_DEG_TO_RAD		(3.14159265358979323846 / 180.0)

static int
border_cmp(const void *x, const void *y)
{
	const cc_border *a = x,
			   *b = y;

	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	if (a->b != b->b)
		return a->b < b->b ? -1 : 1;
	return 0;
}

/* Whether two countries share a land border. */
bool
cc_borders_touch(uint16_t a, uint16_t b)
{
	cc_border	key = {a, b};

	return bsearch(&key, cc_borders, cc_nborders, sizeof(cc_border), border_cmp) != NULL;
}

/*
 * The land neighbours of a country, in code order, into out (room for
 * cc_ncountries); returns how many.
 */
int
cc_neighbours(uint16_t code, uint16_t *out)
{
	int			n = 0;
	int			lo = 0,
				hi = cc_nborders;

	/* first border row with a >= code */
	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (cc_borders[mid].a < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (int i = lo; i < cc_nborders && cc_borders[i].a == code; i++)
		out[n++] = cc_borders[i].b;
	return n;
}

/* Great-circle distance in km between two points (haversine). */
double
cc_great_circle_km(double lat1, double lon1, double lat2, double lon2)
{
	double		p1 = lat1 * CC_DEG_TO_RAD,
				p2 = lat2 * CC_DEG_TO_RAD;
	double		dp = (lat2 - lat1) * CC_DEG_TO_RAD,
				dl = (lon2 - lon1) * CC_DEG_TO_RAD;
	double		h = sin(dp / 2) * sin(dp / 2) +
		cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);

	if (h > 1.0)
		h = 1.0;
	return 2.0 * CC_EARTH_RADIUS_KM * asin(sqrt(h));
}

/*
 * Distance in km between the centroids of two countries; NAN when either
 * has no centroid in the data.
 */
double
cc_distance_km(uint16_t a, uint16_t b)
{
	const cc_country *x = cc_lookup(a),
			   *y = cc_lookup(b);

	if (x == NULL || y == NULL || !x->has_centroid || !y->has_centroid)
		return NAN;
	if (a == b)
		return 0.0;
	return cc_great_circle_km(x->lat, x->lon, y->lat, y->lon);
}

/* Sum of the centroid distances over the legs of a route; NAN if one is. */
double
cc_route_length_km(const uint16_t *codes, int n)
{
	double		sum = 0.0;

	for (int i = 1; i < n; i++)
		sum += cc_distance_km(codes[i - 1], codes[i]);
	if (n == 1 && isnan(cc_distance_km(codes[0], codes[0])))
		return NAN;
	return sum;
}

