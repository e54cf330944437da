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
 * codes and the links of coarse codes, the parties (matched by the fit, then
 * listed), and every fact (baseline cells, watchlist intervals, listed
 * names' keys).  Numbers are in the machine's byte order, which the header
 * records: an image read on a machine of the other order is refused, and
 * rebuilt from the tables with screen_profile_image.
 *
 * The facts come last, as the profile looks them up: the open-addressing
 * table of ScEntry slots (see sc_fact) and the filter of their keys, each
 * 8-byte aligned, so that a backend reading the image keeps it and looks
 * facts up in its bytes (format 4).  Reading checks every slot (that its key
 * is where a look-up finds it, in the filter, and that the parties, tiers,
 * restrictions and links its evidence names exist) but copies and inserts
 * nothing: a new connection's first score no longer builds a hash table.
 * The price is size: 48 bytes a fact at 70% load, about 2.65 times format
 * 3's compact numbers.
 */
#include "postgres.h"

#include <math.h>

#include "lib/stringinfo.h"
#include "utils/memutils.h"

#include "score_internal.h"

#define IMAGE_MAGIC		"TSPROFIM"
#define IMAGE_FORMAT	4
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

/* Write profile p as an image (a palloc'd bytea). */
bytea *
sc_image_write(const ScProfile *p)
{
	StringInfoData b;
	uint32		u;
	uint64		n = 0;
	int32		i32;
	uint8		u8;
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

	/*
	 * The facts' table and filter, 8-byte aligned where the image's bytes
	 * start 4 bytes after an aligned address (a detoasted bytea's header),
	 * as sc_image_read makes sure they do.
	 */
	PUT(&b, p->nfacts);
	PUT(&b, p->nslots);
	n = (p->filter_mask + 1) / 64;
	PUT(&b, n);
	while (b.len % 8 != 0)
		appendStringInfoChar(&b, '\0');
	put_bytes(&b, p->slots, p->nslots * sizeof(ScEntry));
	put_bytes(&b, p->fact_filter, n * sizeof(uint64));
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
 * Check the table of facts of p and its filter, read in place from an image:
 * every occupied slot lies in the run of occupied slots that starts at or
 * before its home slot (so sc_fact finds it), has both its filter bits, and
 * names only parties, tiers, restrictions and links that exist.
 */
static void
check_facts(const ScProfile *p)
{
	uint64		first_empty = p->nslots,
				run_start = 0,
				occupied = 0;

	for (uint64 i = 0; i < p->nslots; i++)
		if (p->slots[i].key.b == 0)
		{
			first_empty = i;
			break;
		}
	if (first_empty == p->nslots)
		image_corrupt("the table of facts has no empty slot");

	/*
	 * Walk once round from just after an empty slot (no run crosses it),
	 * d counting the steps; a fact's home, in the same steps, must lie in
	 * its run.
	 */
	for (uint64 d = 0, i = first_empty; d < p->nslots; d++)
	{
		const ScEntry *e;
		ScKey		key;
		uint64		home,
					h,
					b1,
					b2;
		int			kind;

		if (++i == p->nslots)
			i = 0;
		e = &p->slots[i];
		key = e->key;
		if (key.b == 0)
		{
			run_start = d + 1;
			continue;
		}
		occupied++;
		home = sc_slot(key, p->nslots);
		home = home > first_empty ? home - first_empty - 1 : home + p->nslots - first_empty - 1;
		if (home < run_start || home > d)
			image_corrupt("a fact is not where its key leads");
		h = sc_filter_hash(key);
		b1 = h & p->filter_mask;
		b2 = (h >> 32) & p->filter_mask;
		if (!(p->fact_filter[b1 >> 6] & (UINT64CONST(1) << (b1 & 63))) ||
			!(p->fact_filter[b2 >> 6] & (UINT64CONST(1) << (b2 & 63))))
			image_corrupt("a fact is missing from the filter");
		/* the evidence indexes parties and tiers: they must exist */
		kind = (int) (key.b >> 48);
		if (kind < K_UNIT_VALUE || kind > K_LISTED ||
			(kind >= K_PARTY &&
			 ((kind == K_PARTY && !(e->v[1] >= 0 && e->v[1] < p->nparties)) ||
			  (kind == K_LISTED && !(e->v[0] >= 0 && e->v[0] < p->nparties)) ||
			  (kind == K_WATCH_UNDER && !(e->v[1] < p->ntiers)) ||
			  (kind == K_RESTR && !(e->v[0] >= 0 && e->v[0] <= p->nrestr)) ||
			  (kind == K_RESTR_UNDER && !(e->v[0] >= 0 && e->v[0] <= p->nlinks)))) ||
			(kind == K_WATCH && !(e->v[1] < p->ntiers)))
			image_corrupt("a fact names a party, tier, restriction or link that is not there");
	}
	if (occupied != p->nfacts)
		image_corrupt("the table holds another number of facts than the image says");
}

/*
 * Parse the image data[0 .. len) into a new profile called name, allocated
 * in cxt; its facts stay in data, which must outlive the profile and start
 * 4 bytes after an 8-byte aligned address.  check: check every fact
 * (check_facts); an image already checked in shared memory needs not.
 */
static ScProfile *
image_parse(const char *data, Size len, const char *name, MemoryContext cxt, bool check)
{
	ImageReader r = {data, len, 0};
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

	p = MemoryContextAllocZero(cxt, sizeof(ScProfile));
	p->cxt = cxt;
	p->shared_slot = -1;
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

	GET(&r, p->nfacts);
	GET(&r, p->nslots);
	GET(&r, n);				/* 64-bit words of the filter */
	while ((r.pos + VARHDRSZ) % 8 != 0 && r.pos < r.len)
		r.pos++;
	if (p->nslots <= p->nfacts || p->nslots > PG_UINT32_MAX ||
		p->nslots > (r.len - r.pos) / sizeof(ScEntry))
		image_corrupt("the table of facts does not fit its count or the image");
	p->slots = (ScEntry *) (r.data + r.pos);
	r.pos += p->nslots * sizeof(ScEntry);
	if (n == 0 || (n & (n - 1)) != 0 || n > (r.len - r.pos) / sizeof(uint64))
		image_corrupt("the filter of the facts is not a power of two that fits the image");
	p->fact_filter = (uint64 *) (r.data + r.pos);
	p->filter_mask = n * 64 - 1;
	r.pos += n * sizeof(uint64);
	if ((uintptr_t) p->slots % 8 != 0)
		elog(ERROR, "facts of a profile image are not aligned");
	if (check)
		check_facts(p);
	{
		char		end[4];

		GET(&r, end);
		if (memcmp(end, IMAGE_END, 4) != 0 || r.pos != r.len)
			image_corrupt("it does not end where it should");
	}
	p->image_data = data;
	p->image_len = len;
	return p;
}

/*
 * Read the image (a bytea datum, perhaps toasted) into a new profile called
 * name, in a memory context of its own that keeps the image's bytes: the
 * facts are looked up in them.
 */
ScProfile *
sc_image_read(Datum image, const char *name)
{
	MemoryContext cxt;
	MemoryContext old;
	ScProfile  *p;
	bytea	   *img;

	cxt = AllocSetContextCreate(TopMemoryContext, "trade_screen profile",
								ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(cxt);
	PG_TRY();
	{
		/*
		 * Detoasted into cxt, where the image's bytes start 4 bytes after an
		 * aligned address; one not toasted (or with a short header) is copied
		 * so that it is the same.
		 */
		img = (bytea *) PG_DETOAST_DATUM_PACKED(image);
		if ((Pointer) img == DatumGetPointer(image) || VARATT_IS_SHORT(img))
		{
			Size		len = VARSIZE_ANY_EXHDR(img);
			bytea	   *copy = palloc(len + VARHDRSZ);

			SET_VARSIZE(copy, len + VARHDRSZ);
			memcpy(VARDATA(copy), VARDATA_ANY(img), len);
			img = copy;
		}
		MemoryContextSwitchTo(old);
		p = image_parse(VARDATA(img), VARSIZE(img) - VARHDRSZ, name, cxt, true);
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(old);
		MemoryContextDelete(cxt);
		PG_RE_THROW();
	}
	PG_END_TRY();

	sc_profile_finish(p);
	return p;
}

/*
 * A profile called name over an image that was read and checked before
 * (shared memory: score_shared.c), its facts looked up in data itself.
 */
ScProfile *
sc_image_read_checked(const char *data, Size len, const char *name)
{
	MemoryContext cxt;
	ScProfile  *p;

	cxt = AllocSetContextCreate(TopMemoryContext, "trade_screen profile",
								ALLOCSET_DEFAULT_SIZES);
	PG_TRY();
	{
		p = image_parse(data, len, name, cxt, false);
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
sc_image_counts(Datum image, int64 *counts)
{
	ScProfile  *p = sc_image_read(image, "image");

	counts[0] = IMAGE_FORMAT;
	counts[1] = p->nfacts;
	counts[2] = p->nroles;
	counts[3] = p->nparties;
	counts[4] = p->nlisted;
	MemoryContextDelete(p->cxt);
}
