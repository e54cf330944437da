/*
 * score_image.c
 *		A scoring profile version as one bytea: what screen_profile_versions
 *		keeps and what a backend or parallel worker reads in one fetch
 *		instead of a query per baseline table.
 *
 * The image holds every field of ScProfile that scoring reads: the version,
 * cutoff and history flag, the parameters by name, the country role
 * intervals and their index by country, the watchlist's chapters and tier
 * names and positive members, the export-restriction regimes, their listed
 * codes and the links of coarse codes, the parties (matched by the fit, then listed), and every fact
 * (baseline cells, watchlist intervals, listed names' keys) as (key, four
 * numbers, each written in 0, 4 or 8 bytes).  Numbers are in the machine's byte order, which the header
 * records: an image read on a machine of the other order is refused, and
 * rebuilt from the tables with screen_profile_image.
 */
#include "postgres.h"

#include <math.h>

#include "lib/stringinfo.h"
#include "utils/memutils.h"

#include "score_internal.h"

#define IMAGE_MAGIC		"TSPROFIM"
#define IMAGE_FORMAT	3
#define IMAGE_ORDER		0x01020304
#define IMAGE_END		"END!"
#define NO_STRING		0xFFFFFFFF

static void
put_bytes(StringInfo b, const void *x, size_t n)
{
	appendBinaryStringInfo(b, (const char *) x, (int) n);
}

#define PUT(b, x)	put_bytes((b), &(x), sizeof(x))

static void
put_str(StringInfo b, const char *s)
{
	uint32		len = s ? (uint32) strlen(s) : NO_STRING;

	PUT(b, len);
	if (s)
		put_bytes(b, s, len);
}

/*
 * A fact's four numbers, compactly: most are counts or zeros.  One byte
 * says, two bits a number, whether it is 0 (nothing follows), a whole
 * number that fits 32 bits (4 bytes follow) or any other double (8 bytes);
 * a value is written as an int32 only when it reads back as the very same
 * double (so -0.0 is a double).
 */
#define V_ZERO		0
#define V_INT32		1
#define V_DOUBLE	2

static void
put_values(StringInfo b, const double *v)
{
	uint8		mask = 0;
	int			kind[4];

	for (int i = 0; i < 4; i++)
	{
		if (v[i] == 0.0 && !signbit(v[i]))
			kind[i] = V_ZERO;
		else if (v[i] >= PG_INT32_MIN && v[i] <= PG_INT32_MAX && (double) (int32) v[i] == v[i]
				 && !(v[i] == 0.0))
			kind[i] = V_INT32;
		else
			kind[i] = V_DOUBLE;
		mask |= kind[i] << (2 * i);
	}
	PUT(b, mask);
	for (int i = 0; i < 4; i++)
	{
		if (kind[i] == V_INT32)
		{
			int32		x = (int32) v[i];

			PUT(b, x);
		}
		else if (kind[i] == V_DOUBLE)
			PUT(b, v[i]);
	}
}

/* Write profile p as an image (a palloc'd bytea). */
bytea *
sc_image_write(const ScProfile *p)
{
	StringInfoData b;
	uint32		u;
	uint64		n = 0;
	int32		i32;
	uint8		u8;
	scfacts_iterator it;
	ScEntry    *e;
	bytea	   *out;

	initStringInfo(&b);
	appendStringInfoSpaces(&b, VARHDRSZ);
	put_bytes(&b, IMAGE_MAGIC, 8);
	u = IMAGE_FORMAT;
	PUT(&b, u);
	u = IMAGE_ORDER;
	PUT(&b, u);

	PUT(&b, p->version);
	i32 = p->cutoff;
	PUT(&b, i32);
	u8 = p->has_history;
	PUT(&b, u8);
	PUT(&b, p->origin_total);
	PUT(&b, p->origin_countries);
	put_str(&b, p->watchlist);

	u = sc_nparam_defs;
	PUT(&b, u);
	for (int i = 0; i < sc_nparam_defs; i++)
	{
		double		v = *(const double *) ((const char *) &p->params + sc_param_defs[i].offset);

		put_str(&b, sc_param_defs[i].name);
		PUT(&b, v);
	}

	u = p->nroles;
	PUT(&b, u);
	for (int i = 0; i < p->nroles; i++)
	{
		PUT(&b, p->roles[i].role);
		i32 = p->roles[i].from;
		PUT(&b, i32);
		i32 = p->roles[i].to;
		PUT(&b, i32);
	}
	put_bytes(&b, p->role_first, sizeof(p->role_first));
	put_bytes(&b, p->role_count, sizeof(p->role_count));
	put_bytes(&b, p->watch_chapter, sizeof(p->watch_chapter));

	u = p->ntiers;
	PUT(&b, u);
	for (int i = 0; i < p->ntiers; i++)
		put_str(&b, p->tiers[i]);

	u = p->nwatch;
	PUT(&b, u);
	for (int i = 0; i < p->nwatch; i++)
	{
		PUT(&b, p->watch_codes[i]);
		PUT(&b, p->watch_weights[i]);
	}

	u = p->nregimes;
	PUT(&b, u);
	for (int i = 0; i < p->nregimes; i++)
	{
		put_str(&b, p->regimes[i].name);
		put_bytes(&b, p->regimes[i].binds, sizeof(p->regimes[i].binds));
		put_bytes(&b, p->regimes[i].covers, sizeof(p->regimes[i].covers));
	}
	u = p->nrestr;
	PUT(&b, u);
	for (int i = 0; i < p->nrestr; i++)
	{
		const ScRestriction *x = &p->restr[i];

		i32 = x->regime;
		PUT(&b, i32);
		PUT(&b, x->code);
		put_str(&b, x->list);
		i32 = x->from;
		PUT(&b, i32);
		i32 = x->to;
		PUT(&b, i32);
		u8 = x->ex;
		PUT(&b, u8);
		PUT(&b, x->min_eur);
		i32 = x->next;
		PUT(&b, i32);
	}
	u = p->nlinks;
	PUT(&b, u);
	for (int i = 0; i < p->nlinks; i++)
	{
		i32 = p->links[i].item;
		PUT(&b, i32);
		i32 = p->links[i].next;
		PUT(&b, i32);
	}

	u = p->nparties;
	PUT(&b, u);
	u = p->nlisted;
	PUT(&b, u);
	for (int i = 0; i < p->nparties; i++)
	{
		put_str(&b, p->parties[i].list);
		put_str(&b, p->parties[i].party_id);
		put_str(&b, p->parties[i].listed_name);
		put_str(&b, p->parties[i].matched_alias);
		put_str(&b, p->parties[i].matched_by);
	}

	n = p->facts->members;
	PUT(&b, n);
	scfacts_start_iterate(p->facts, &it);
	while ((e = scfacts_iterate(p->facts, &it)) != NULL)
	{
		PUT(&b, e->key.a);
		PUT(&b, e->key.b);
		put_values(&b, e->v);
	}
	put_bytes(&b, IMAGE_END, 4);

	out = (bytea *) b.data;
	SET_VARSIZE(out, b.len);
	return out;
}

/* reading: a cursor that refuses to leave the image */
typedef struct ImageReader
{
	const char *data;
	Size		len;
	Size		pos;
} ImageReader;

static void
image_corrupt(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("scoring profile image is corrupt: %s", what),
			 errhint("Rebuild the version from the tables: UPDATE screen_profile_versions SET image = screen_profile_image(profile), image_hash = md5(screen_profile_image(profile)) for the current version, or fit the profile again.")));
}

static void
get_bytes(ImageReader *r, void *x, Size n)
{
	if (n > r->len - r->pos)
		image_corrupt("it ends early");
	memcpy(x, r->data + r->pos, n);
	r->pos += n;
}

#define GET(r, x)	get_bytes((r), &(x), sizeof(x))

/* a fact's four numbers (see put_values) */
static void
get_values(ImageReader *r, double *v)
{
	uint8		mask;

	GET(r, mask);
	for (int i = 0; i < 4; i++)
	{
		switch ((mask >> (2 * i)) & 3)
		{
			case V_ZERO:
				v[i] = 0.0;
				break;
			case V_INT32:
				{
					int32		x;

					GET(r, x);
					v[i] = x;
				}
				break;
			case V_DOUBLE:
				GET(r, v[i]);
				break;
			default:
				image_corrupt("a number has no kind");
		}
	}
}

/* a string, copied into cxt; NULL for a missing one */
static char *
get_str(ImageReader *r, MemoryContext cxt)
{
	uint32		len;
	char	   *s;

	GET(r, len);
	if (len == NO_STRING)
		return NULL;
	if (len > r->len - r->pos)
		image_corrupt("a string runs past its end");
	s = MemoryContextAlloc(cxt, len + 1);
	memcpy(s, r->data + r->pos, len);
	s[len] = '\0';
	r->pos += len;
	return s;
}

/* a count of items of at least min_size bytes each that the rest can hold */
static uint64
get_count(ImageReader *r, Size min_size, bool wide)
{
	uint64		n;

	if (wide)
		GET(r, n);
	else
	{
		uint32		u;

		GET(r, u);
		n = u;
	}
	if (n > (r->len - r->pos) / min_size)
		image_corrupt("a count is larger than the image");
	return n;
}

/*
 * Read the image data[0 .. len) into a new profile called name, in a
 * memory context of its own.
 */
ScProfile *
sc_image_read(const char *data, Size len, const char *name)
{
	ImageReader r = {data, len, 0};
	MemoryContext cxt;
	ScProfile  *p;
	char		magic[8];
	uint32		u;
	int32		i32;
	uint8		u8;
	uint64		n;

	GET(&r, magic);
	if (memcmp(magic, IMAGE_MAGIC, 8) != 0)
		image_corrupt("it does not start as an image");
	GET(&r, u);
	if (u != IMAGE_FORMAT)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("scoring profile image format %u is not supported", u),
				 errhint("This version of trade_screen reads format %d; fit the profile again.", IMAGE_FORMAT)));
	GET(&r, u);
	if (u != IMAGE_ORDER)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("scoring profile image was written on a machine of another byte order"),
				 errhint("Rebuild it here with screen_profile_image, or fit the profile again.")));

	cxt = AllocSetContextCreate(TopMemoryContext, "trade_screen profile",
								ALLOCSET_DEFAULT_SIZES);
	PG_TRY();
	{
		p = MemoryContextAllocZero(cxt, sizeof(ScProfile));
		p->cxt = cxt;
		p->name = MemoryContextStrdup(cxt, name);

		GET(&r, p->version);
		GET(&r, i32);
		p->cutoff = i32;
		GET(&r, u8);
		p->has_history = u8 != 0;
		GET(&r, p->origin_total);
		GET(&r, p->origin_countries);
		p->watchlist = get_str(&r, cxt);

		sc_params_default(&p->params);
		n = get_count(&r, sizeof(uint32) + sizeof(double), false);
		for (uint64 i = 0; i < n; i++)
		{
			char	   *param = get_str(&r, CurrentMemoryContext);
			double		v;

			GET(&r, v);
			if (param == NULL)
				image_corrupt("a parameter has no name");
			/* a parameter this build does not know keeps no place */
			(void) sc_params_set(&p->params, param, v);
		}

		n = get_count(&r, 9, false);
		p->nroles = (int) n;
		p->roles = MemoryContextAlloc(cxt, sizeof(ScRole) * Max(n, 1));
		for (uint64 i = 0; i < n; i++)
		{
			GET(&r, p->roles[i].role);
			GET(&r, i32);
			p->roles[i].from = i32;
			GET(&r, i32);
			p->roles[i].to = i32;
		}
		GET(&r, p->role_first);
		GET(&r, p->role_count);
		for (int i = 0; i < COUNTRY_SLOTS; i++)
			if (p->role_first[i] >= 0 &&
				(p->role_count[i] < 0 || p->role_first[i] + p->role_count[i] > p->nroles))
				image_corrupt("a country's roles lie outside the roles");
		GET(&r, p->watch_chapter);

		n = get_count(&r, sizeof(uint32), false);
		p->ntiers = (int) n;
		p->tiers = MemoryContextAllocZero(cxt, sizeof(char *) * (n + 1));
		for (uint64 i = 0; i < n; i++)
			p->tiers[i] = get_str(&r, cxt);

		n = get_count(&r, sizeof(int64) + sizeof(double), false);
		p->nwatch = (int) n;
		p->watch_codes = MemoryContextAlloc(cxt, sizeof(int64) * (n + 1));
		p->watch_weights = MemoryContextAlloc(cxt, sizeof(double) * (n + 1));
		for (uint64 i = 0; i < n; i++)
		{
			GET(&r, p->watch_codes[i]);
			GET(&r, p->watch_weights[i]);
		}

		n = get_count(&r, sizeof(uint32) + 2 * COUNTRY_SLOTS, false);
		p->nregimes = (int) n;
		p->regimes = MemoryContextAllocZero(cxt, sizeof(ScRegime) * (n + 1));
		for (uint64 i = 0; i < n; i++)
		{
			p->regimes[i].name = get_str(&r, cxt);
			if (p->regimes[i].name == NULL)
				image_corrupt("a regime has no name");
			GET(&r, p->regimes[i].binds);
			GET(&r, p->regimes[i].covers);
		}
		n = get_count(&r, 4 + 8 + 4 + 4 + 4 + 1 + 8 + 4, false);
		p->nrestr = (int) n;
		p->restr = MemoryContextAllocZero(cxt, sizeof(ScRestriction) * (n + 1));
		for (uint64 i = 0; i < n; i++)
		{
			ScRestriction *x = &p->restr[i];

			GET(&r, i32);
			x->regime = i32;
			GET(&r, x->code);
			x->list = get_str(&r, cxt);
			GET(&r, i32);
			x->from = i32;
			GET(&r, i32);
			x->to = i32;
			GET(&r, u8);
			x->ex = u8 != 0;
			GET(&r, x->min_eur);
			GET(&r, i32);
			x->next = i32;
			if (x->regime < 0 || x->regime >= p->nregimes || x->next < -1 || x->next >= (int) n)
				image_corrupt("a restriction names a regime or restriction that is not there");
		}
		n = get_count(&r, 8, false);
		p->nlinks = (int) n;
		p->links = MemoryContextAllocZero(cxt, sizeof(ScLink) * (n + 1));
		for (uint64 i = 0; i < n; i++)
		{
			GET(&r, i32);
			p->links[i].item = i32;
			GET(&r, i32);
			p->links[i].next = i32;
			if (i32 < -1 || i32 >= (int) n || p->links[i].item < 0 || p->links[i].item >= p->nrestr)
				image_corrupt("a link names a restriction that is not there");
		}

		n = get_count(&r, 5 * sizeof(uint32), false);
		p->nparties = (int) n;
		GET(&r, u);
		p->nlisted = (int) u;
		p->parties = MemoryContextAllocZero(cxt, sizeof(ScParty) * (n + 1));
		for (uint64 i = 0; i < n; i++)
		{
			p->parties[i].list = get_str(&r, cxt);
			p->parties[i].party_id = get_str(&r, cxt);
			p->parties[i].listed_name = get_str(&r, cxt);
			p->parties[i].matched_alias = get_str(&r, cxt);
			p->parties[i].matched_by = get_str(&r, cxt);
			if (!p->parties[i].list || !p->parties[i].party_id ||
				!p->parties[i].listed_name || !p->parties[i].matched_by)
				image_corrupt("a party lacks a name");
		}

		n = get_count(&r, 2 * sizeof(uint64) + 1, true);
		p->facts = scfacts_create(cxt, (uint32) Min(n + 1, PG_UINT32_MAX / 2), NULL);
		sc_filter_begin(p, n);
		for (uint64 i = 0; i < n; i++)
		{
			ScKey		key;
			ScEntry    *e;
			bool		found;

			GET(&r, key.a);
			GET(&r, key.b);
			e = scfacts_insert(p->facts, key, &found);
			if (found)
				image_corrupt("a fact appears twice");
			sc_filter_add(p, key);
			get_values(&r, e->v);
			/* the evidence indexes parties and tiers: they must exist */
			if (((key.b >> 48) == K_PARTY && (e->v[1] < 0 || e->v[1] >= p->nparties)) ||
				((key.b >> 48) == K_LISTED && (e->v[0] < 0 || e->v[0] >= p->nparties)) ||
				((key.b >> 48) == K_WATCH && e->v[1] >= p->ntiers) ||
				((key.b >> 48) == K_WATCH_UNDER && e->v[1] >= p->ntiers) ||
				((key.b >> 48) == K_RESTR && (e->v[0] < 0 || e->v[0] > p->nrestr)) ||
				((key.b >> 48) == K_RESTR_UNDER && (e->v[0] < 0 || e->v[0] > p->nlinks)))
				image_corrupt("a fact names a party, tier, restriction or link that is not there");
		}
		{
			char		end[4];

			GET(&r, end);
			if (memcmp(end, IMAGE_END, 4) != 0 || r.pos != r.len)
				image_corrupt("it does not end where it should");
		}
	}
	PG_CATCH();
	{
		MemoryContextDelete(cxt);
		PG_RE_THROW();
	}
	PG_END_TRY();

	sc_profile_finish(p);
	return p;
}

/*
 * The counts an image holds, without building the profile: format, facts,
 * roles, parties, listed keys (for screen_profile_image_info).
 */
void
sc_image_counts(const char *data, Size len, int64 *counts)
{
	ScProfile  *p = sc_image_read(data, len, "image");

	counts[0] = IMAGE_FORMAT;
	counts[1] = p->facts->members;
	counts[2] = p->nroles;
	counts[3] = p->nparties;
	counts[4] = p->nlisted;
	MemoryContextDelete(p->cxt);
}
