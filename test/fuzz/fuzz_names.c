/*
 * fuzz_names.c
 *		libFuzzer target of the counterparty-name core (src/name_core.c):
 *		parsing, keys, packing and similarity of names, on any bytes.
 *
 * The input is two names, split at the first byte 0x01 (the second is
 * empty when there is none), given as the server hands them to the core
 * after its ICU transform.  Properties:
 *	- parsing is deterministic, and a packed name views back to the same key
 *	  text and the same similarities as the parsed one;
 *	- similarity is in [0, 1], symmetric, 1 for a name with tokens against
 *	  itself;
 *	- the index guarantee: two names more similar than one half share a key
 *	  (the GIN opclasses are exact only because of it);
 *	- the bound of an index search for the first name (nc_query_bound),
 *	  given the query keys the second name has, is never below their
 *	  similarity when that is above one half (the consistent functions drop
 *	  rows by it);
 *	- graded scores: similarity 1 only for equal keys;
 *	- a prefix nc_text_complete calls complete parses as the whole name.
 */
#include "fuzz.h"
#include "name_core.h"
#include "name_data.h"

#include <math.h>

static NcDict dict;
static bool dict_ready = false;

/* the shipped tables, their ASCII entries, as the unit tests build them */
static void
build_dict(void)
{
	char		buf[NC_FORM_LEN * 2];

	nc_dict_init(&dict);
	for (int i = 0; i < nc_form_data_count; i++)
	{
		const char *f = nc_form_data[i].form;
		size_t		n = strlen(f),
					j;
		bool		ascii = true;

		for (j = 0; j < n && j < sizeof(buf) - 1; j++)
		{
			ascii &= (unsigned char) f[j] < 0x80;
			buf[j] = (f[j] >= 'A' && f[j] <= 'Z') ? f[j] + 32 : f[j];
		}
		if (ascii)
			nc_dict_add_form(&dict, buf, n, nc_class_by_name(nc_form_data[i].cls));
	}
	for (int i = 0; i < nc_word_data_count; i++)
	{
		const char *w = nc_word_data[i].word;

		if ((unsigned char) w[0] < 0x80)
			nc_dict_add_word(&dict, w, strlen(w), nc_kind_by_name(nc_word_data[i].kind),
							 nc_word_data[i].canon);
	}
	nc_dict_finish(&dict);
	dict_ready = true;
}

static NcName na,
			nb,
			again;
static char key1[8192],
			key2[8192];
static NcQuery query;
static uint8_t present[NC_MAX_QUERY_KEYS];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *split = memchr(data, 0x01, size);
	size_t		la = split ? (size_t) (split - data) : size;
	size_t		lb = split ? size - la - 1 : 0;
	char	   *a = fuzz_exact_copy(data, la);
	char	   *b = fuzz_exact_copy(split ? split + 1 : data, lb);
	NcView		va,
				vb,
				vp;
	void	   *packed;
	double		ab,
				ba,
				aa;
	uint32_t	ik[2];
	int			nik;

	if (!dict_ready)
		build_dict();
	nc_parse(a, la, &dict, &na);
	nc_parse(b, lb, &dict, &nb);
	nc_parse(a, la, &dict, &again);
	nc_view_name(&na, &va);
	nc_view_name(&nb, &vb);

	/* deterministic, and the packed form is the same name */
	nc_view_name(&again, &vp);
	nc_key_text(&va, key1, sizeof(key1));
	nc_key_text(&vp, key2, sizeof(key2));
	PROPERTY(strcmp(key1, key2) == 0, "two parses differ: %s / %s", key1, key2);
	packed = malloc(nc_packed_size(&na));
	if (packed == NULL)
		abort();
	nc_pack(&na, packed);
	nc_view(packed, &vp);
	nc_key_text(&vp, key2, sizeof(key2));
	PROPERTY(strcmp(key1, key2) == 0, "packed key differs: %s / %s", key1, key2);

	/* similarity laws and the index guarantee */
	ab = nc_similarity(&va, &vb);
	ba = nc_similarity(&vb, &va);
	aa = nc_similarity(&va, &va);
	PROPERTY(ab >= 0.0 && ab <= 1.0 && !isnan(ab), "similarity %g out of [0, 1]", ab);
	PROPERTY(ab == ba, "not symmetric: %g / %g", ab, ba);
	PROPERTY(aa == (na.ntok > 0 ? 1.0 : 0.0), "self-similarity %g with %d tokens", aa, na.ntok);
	PROPERTY(nc_similarity(&vp, &vb) == ab, "packed similarity differs");
	PROPERTY(ab <= 0.5 || nc_share_key(&va, &vb), "similarity %g above one half without a shared key", ab);

	/* graded: only equal keys score 1 */
	nc_key_text(&vb, key2, sizeof(key2));
	PROPERTY(ab < 1.0 || strcmp(key1, key2) == 0, "similarity 1 with keys %s / %s", key1, key2);

	/* a prefix that nc_text_complete calls complete parses as the whole */
	for (size_t cut = la / 2; cut > 0 && cut < la; cut = 0)
		if (nc_text_complete(a, cut))
		{
			nc_parse(a, cut, &dict, &again);
			PROPERTY(again.ntok == na.ntok && again.nkeys == na.nkeys &&
					 memcmp(again.keys, na.keys, sizeof(uint32_t) * na.nkeys) == 0,
					 "a complete prefix of %zu of %zu bytes parses otherwise", cut, la);
		}

	/* the bound of an index search for a, on a row holding b */
	nc_query_build(&va, &dict, &query);
	nik = nc_initials_index_keys(&vb, ik);
	for (int i = 0, j = 0; i < query.nkeys; i++)
	{
		while (j < vb.nkeys && nc_view_key(&vb, j) < query.keys[i])
			j++;
		present[i] = (j < vb.nkeys && nc_view_key(&vb, j) == query.keys[i]) ||
			(nik > 0 && query.keys[i] == ik[0]) || (nik > 1 && query.keys[i] == ik[1]);
	}
	PROPERTY(ab <= 0.5 || nc_query_bound(&query, present) >= ab - 1e-12,
			 "search bound %g below similarity %g", nc_query_bound(&query, present), ab);

	free(packed);
	free(a);
	free(b);
	return 0;
}
