/*
 * test_name_core.c
 *		Unit tests of name_core.c outside the server (no ICU: the shipped
 *		tables' Latin entries are used as they are, lower-cased).
 *
 * - folding of each transliteration variant the issue lists;
 * - tokens, joined single letters, legal forms at either end, stop words;
 * - nc_within_one_edit against an optimal-string-alignment oracle on
 *   random strings;
 * - the index's guarantee: two names whose tokens align at all (equal,
 *   one edit apart, same skeleton, or joined) share a key, on generated
 *   mutations of generated words;
 * - the bound of an index search (nc_query_bound) is never below the
 *   similarity of a row with the keys it shares, on generated names and
 *   their mutations, and it rules out a row sharing only a common word;
 * - similarity in [0, 1], symmetric, 1 on itself, the same packed;
 * - random bytes (any length, any byte) parse within the limits.
 */
#include "name_core.h"
#include "name_data.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

static NcDict dict;

/* the tables' entries that are plain ASCII, lower-cased (ICU's part) */
static void
build_dict(void)
{
	int			i;
	char		buf[NC_FORM_LEN * 2];

	nc_dict_init(&dict);
	for (i = 0; i < nc_form_data_count; i++)
	{
		const char *f = nc_form_data[i].form;
		size_t		j,
					n = strlen(f);
		int			ascii = 1;

		for (j = 0; j < n && j < sizeof(buf) - 1; j++)
		{
			ascii &= (unsigned char) f[j] < 0x80;
			buf[j] = (f[j] >= 'A' && f[j] <= 'Z') ? f[j] + 32 : f[j];
		}
		if (ascii)
			nc_dict_add_form(&dict, buf, n, nc_class_by_name(nc_form_data[i].cls));
	}
	for (i = 0; i < nc_word_data_count; i++)
	{
		const char *w = nc_word_data[i].word;

		if ((unsigned char) w[0] < 0x80)
			nc_dict_add_word(&dict, w, strlen(w), nc_kind_by_name(nc_word_data[i].kind),
							 nc_word_data[i].canon);
	}
	nc_dict_finish(&dict);
}

static NcName na,
			nb;

static double
sim(const char *a, const char *b)
{
	NcView		va,
				vb;

	nc_parse(a, strlen(a), &dict, &na);
	nc_parse(b, strlen(b), &dict, &nb);
	nc_view_name(&na, &va);
	nc_view_name(&nb, &vb);
	return nc_similarity(&va, &vb);
}

static const char *
key_of(const char *a)
{
	static char out[NC_MAX_TEXT * 4 + 64];
	NcView		v;

	nc_parse(a, strlen(a), &dict, &na);
	nc_view_name(&na, &v);
	nc_key_text(&v, out, sizeof(out));
	return out;
}

static void
test_fold(void)
{
	static const char *const cases[][2] = {
		{"khimprom", "himprom"}, {"himprom", "himprom"},
		{"tsentr", "centr"}, {"centr", "centr"}, {"tzentr", "centr"},
		{"shchit", "shit"}, {"schit", "shit"}, {"shhit", "shit"},
		{"yuzhnyy", "iujni"}, {"iuzhnyi", "iujni"}, {"juzhnyj", "iujni"},
		{"yaroslavl", "iaroslavl"}, {"jaroslavl", "iaroslavl"}, {"iaroslavl", "iaroslavl"},
		{"zhilstroy", "jilstroi"}, {"jilstroi", "jilstroi"},
		{"krasnyy", "krasni"}, {"krasniy", "krasni"}, {"krasnij", "krasni"}, {"krasny", "krasni"},
		{"gruppa", "grupa"}, {"kassa", "kasa"},
		{"impex", "impeks"}, {"impeks", "impeks"},
		{"electronics", "elektroniks"}, {"elektroniks", "elektroniks"},
		{"engineering", "enjinering"}, {"inzhiniring", "injiniring"},
		{"yerevan", "erevan"}, {"1100", "1100"}, {"sergej", "serjei"}, {"sergey", "serjei"}, {"sergei", "serjei"},
	};
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char		out[256];

		nc_fold(cases[i][0], strlen(cases[i][0]), out, sizeof(out));
		CHECK(strcmp(out, cases[i][1]) == 0, "fold(%s) = %s, expected %s",
			  cases[i][0], out, cases[i][1]);
	}
}

static void
test_parse(void)
{
	static const char *const cases[][2] = {
		{"l.l.c. gulf star", "gulf star LLC"},
		{"gulf star l.l.c.", "gulf star LLC"},
		{"osaka precision co., ltd.", "osaka precision LTD"},
		{"lozyska poznan sp. z o.o.", "loziska poznan SRL"},
		{"ooo tekhsnab", "tehsnab LLC"},
		{"obshchestvo s ogranichennoy otvetstvennostyu tekhsnab", "tehsnab LLC"},
		{"schwarzwald lager gmbh & co. kg", "lajer shvarzvald GMBH"},
		{"the bank of volga", "bank volga"},
		{"llc", "LLC"},
		{"", ""},
		{"...", ""},
		{"Tekhsnab Trading", "tehsnab trading"},
	};
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		const char *k = key_of(cases[i][0]);

		CHECK(strcmp(k, cases[i][1]) == 0, "key(%s) = \"%s\", expected \"%s\"",
			  cases[i][0], k, cases[i][1]);
	}
	/* kinds: generic words are not keys when a distinctive word is there */
	nc_parse("tekhsnab trading", 16, &dict, &na);
	CHECK(na.ntok == 2 && na.tok[0].iskey && !na.tok[1].iskey &&
		  na.tok[1].kind == NC_KIND_GENERIC, "kinds of tekhsnab trading");
	nc_parse("global trading", 14, &dict, &na);
	CHECK(na.ntok == 2 && na.tok[0].iskey && na.tok[1].iskey, "all-generic names keep keys");
}

/* optimal string alignment distance (Levenshtein and swaps of neighbours), the oracle */
static int
lev(const char *a, int la, const char *b, int lb)
{
	int			d[40][40];
	int			i,
				j;

	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++)
		{
			int			c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (d[i - 1][j] + 1 < c)
				c = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < c)
				c = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
				d[i - 2][j - 2] + 1 < c)
				c = d[i - 2][j - 2] + 1;
			d[i][j] = c;
		}
	return d[la][lb];
}

static void
random_word(char *w, int len, int alphabet)
{
	int			i;

	for (i = 0; i < len; i++)
		w[i] = "abkmorstuv"[rng_below(alphabet)];
	w[len] = '\0';
}

static void
test_within_one_edit(void)
{
	int			n;

	for (n = 0; n < 200000; n++)
	{
		char		a[32],
					b[32];
		int			la = rng_below(8),
					lb = la + rng_below(3) - 1;

		if (lb < 0)
			lb = 0;
		random_word(a, la, 3);
		random_word(b, lb, 3);
		CHECK(nc_within_one_edit(a, la, b, lb) == (lev(a, la, b, lb) <= 1),
			  "within_one_edit(%s, %s)", a, b);
	}
}

/* a word of generated letters, then mutated: the index must find it */
static void
test_key_guarantee(void)
{
	int			n,
				aligned = 0;

	for (n = 0; n < 200000; n++)
	{
		char		a[64],
					b[64];
		int			la = 3 + rng_below(12);
		int			op = rng_below(6);
		int			pos;
		NcView		va,
					vb;
		double		align,
					lf;
		int			shared;

		random_word(a, la, 10);
		strcpy(b, a);
		pos = rng_below(la);
		if (op == 0)			/* substitute */
			b[pos] = "abkmorstuv"[rng_below(10)];
		else if (op == 1)		/* delete */
			memmove(b + pos, b + pos + 1, la - pos);
		else if (op == 2)		/* insert */
		{
			memmove(b + pos + 1, b + pos, la - pos + 1);
			b[pos] = "abkmorstuv"[rng_below(10)];
		}
		else if (op == 3)		/* vowels changed: same skeleton */
		{
			int			i;

			for (i = 0; b[i]; i++)
				if (b[i] == 'a' || b[i] == 'o' || b[i] == 'u')
					b[i] = "aou"[rng_below(3)];
		}
		else if (op == 5 && pos + 1 < la)	/* swap two neighbours */
		{
			char		c = b[pos];

			b[pos] = b[pos + 1];
			b[pos + 1] = c;
		}
		else					/* split into two words */
		{
			memmove(b + pos + 1, b + pos, la - pos + 1);
			b[pos] = ' ';
		}
		nc_parse(a, strlen(a), &dict, &na);
		nc_parse(b, strlen(b), &dict, &nb);
		nc_view_name(&na, &va);
		nc_view_name(&nb, &vb);
		nc_similarity_detail(&va, &vb, &align, &lf, &shared);
		if (align > 0.0)
		{
			aligned++;
			CHECK(shared, "aligned names without a shared key: \"%s\" \"%s\" (%g)",
				  a, b, align);
		}
	}
	CHECK(aligned > 100000, "too few aligned pairs generated: %d", aligned);
}

static void
random_name(char *s, int maxwords)
{
	int			w = 1 + rng_below(maxwords),
				i,
				o = 0;
	static const char *const words[] = {
		"tekhsnab", "techsnab", "volga", "trading", "group", "llc", "ooo", "kazakhstan",
		"engineering", "energy", "inzhiniring", "zvezda", "zvesda", "1", "2", "co", "ltd",
		"alfa", "alpha", "impex", "impeks", "the", "of", "a", "b", "c",
	};

	for (i = 0; i < w; i++)
	{
		const char *x = words[rng_below(sizeof(words) / sizeof(words[0]))];

		if (i > 0)
			s[o++] = rng_below(2) ? ' ' : '.';
		strcpy(s + o, x);
		o += strlen(x);
	}
	s[o] = '\0';
}

static void
test_similarity_laws(void)
{
	int			n;

	for (n = 0; n < 100000; n++)
	{
		char		a[512],
					b[512];
		double		ab,
					ba,
					aa;
		NcView		va,
					vb;
		static char pa[sizeof(NcName)],
					pb[sizeof(NcName)];

		random_name(a, 6);
		random_name(b, 6);
		ab = sim(a, b);
		ba = sim(b, a);
		aa = sim(a, a);
		CHECK(ab >= 0.0 && ab <= 1.0, "similarity out of range: %s / %s: %g", a, b, ab);
		CHECK(ab == ba, "not symmetric: \"%s\" \"%s\": %g %g", a, b, ab, ba);
		nc_parse(a, strlen(a), &dict, &na);
		CHECK(aa == 1.0 || na.ntok == 0, "not 1 on itself: \"%s\": %g", a, aa);
		/* packed copies compare the same */
		nc_parse(a, strlen(a), &dict, &na);
		nc_parse(b, strlen(b), &dict, &nb);
		nc_pack(&na, pa);
		nc_pack(&nb, pb);
		nc_view(pa, &va);
		nc_view(pb, &vb);
		CHECK(nc_similarity(&va, &vb) == ab, "packed similarity differs: %s / %s", a, b);
	}
	CHECK(sim("kazakhstan engineering", "kazakhstan energy") < 0.5, "distinctive word");
	CHECK(sim("alfa trading", "alfa group") > sim("alfa trading", "beta trading"),
		  "a generic word costs less than a distinctive one");
	CHECK(sim("volga podshipnik", "podshipnik volga") == 1.0, "word order");
	CHECK(sim("ooo tekhsnab", "techsnab llc") >= 0.75, "legal form and variant");
}

/* the bound of a query for a against a row b: the query keys b has */
static double
query_bound(const char *a, const char *b, double *similarity)
{
	static NcQuery q;
	static uint8_t present[NC_MAX_QUERY_KEYS];
	NcView		va,
				vb;
	uint32_t	ik[2];
	int			i,
				j = 0,
				nik;

	nc_parse(a, strlen(a), &dict, &na);
	nc_parse(b, strlen(b), &dict, &nb);
	nc_view_name(&na, &va);
	nc_view_name(&nb, &vb);
	nc_query_build(&va, &dict, &q);
	nik = nc_initials_index_keys(&vb, ik);
	/* both key lists are sorted; the initialism keys come apart */
	for (i = 0; i < q.nkeys; i++)
	{
		while (j < vb.nkeys && nc_view_key(&vb, j) < q.keys[i])
			j++;
		present[i] = (j < vb.nkeys && nc_view_key(&vb, j) == q.keys[i]) ||
			(nik > 0 && q.keys[i] == ik[0]) || (nik > 1 && q.keys[i] == ik[1]);
	}
	*similarity = nc_similarity(&va, &vb);
	return nc_query_bound(&q, present);
}

/* a generated name of 1 to 4 words, common and rare ones */
static void
bound_name(char *s)
{
	static const char *const words[] = {
		"almaty", "almati", "tekhsnab", "tehsnab", "teksnab", "volga", "volgo", "trading",
		"tradinq", "group", "grupp", "kazakhstan", "kazahstan", "engineering", "inzhiniring",
		"energy", "zvezda", "zvezd", "llc", "ooo", "jsc", "ip", "1", "12", "impex", "impeks",
		"uralkhimprom", "uralhimprom", "promural", "abcdefghijklmnopqrstuvwxyz",
		"abcdefghijklmnopqrstuvwxzy", "center", "centr", "tsentr", "rus", "russ",
		"(almaty)", "(tekhsnab", "zvezda)", "[volga]", "groups", "holdings",
	};
	int			w = 1 + rng_below(4),
				i,
				o = 0;

	for (i = 0; i < w; i++)
	{
		const char *x = words[rng_below(sizeof(words) / sizeof(words[0]))];

		/* words apart, sometimes joined */
		if (i > 0 && rng_below(8) != 0)
			s[o++] = ' ';
		strcpy(s + o, x);
		o += strlen(x);
	}
	s[o] = '\0';
}

static void
test_query_bound(void)
{
	int			n,
				pruned = 0;
	double		s,
				b;

	for (n = 0; n < 200000; n++)
	{
		char		a[256],
					r[256];

		bound_name(a);
		if (rng_below(2))
			bound_name(r);
		else
		{
			/* a mutation of a: a typo, a swap, a word dropped or joined */
			int			len = (int) strlen(a),
						pos = rng_below(len);

			strcpy(r, a);
			switch (rng_below(4))
			{
				case 0:
					r[pos] = "abkmorstuv"[rng_below(10)];
					break;
				case 1:
					if (pos + 1 < len)
					{
						char		c = r[pos];

						r[pos] = r[pos + 1];
						r[pos + 1] = c;
					}
					break;
				case 2:
					memmove(r + pos, r + pos + 1, len - pos);
					break;
				default:
					{
						char	   *sp = strchr(r, ' ');

						if (sp)
							memmove(sp, sp + 1, strlen(sp));
					}
			}
		}
		b = query_bound(a, r, &s);
		CHECK(s <= NC_NO_SHARED_KEY_FACTOR || b >= s - 1e-12,
			  "bound %g below similarity %g: \"%s\" \"%s\"", b, s, a, r);
		if (b < 0.75 && s <= NC_NO_SHARED_KEY_FACTOR && b > 0.0)
			pruned++;
	}
	CHECK(pruned > 1000, "the bound rules out too few rows: %d", pruned);
	b = query_bound("tekhsnab almaty", "zvezda almaty", &s);
	CHECK(b < 0.75, "a row sharing only a common word is ruled out: %g", b);
	b = query_bound("tekhsnab almaty trading", "zvezda almaty", &s);
	CHECK(b < 0.75, "a generic word does not keep it: %g", b);
	b = query_bound("tekhsnab almaty", "tehsnab almati", &s);
	CHECK(b >= 0.75 && s >= 0.75, "a row sharing both words stays: %g (%g)", b, s);
	b = query_bound("tekhsnab almaty trading", "tehsnab almaty", &s);
	CHECK(b >= 0.75 && s >= 0.75, "a row without the generic word stays: %g (%g)", b, s);
	b = query_bound("volga podshipnik", "volgapodshipnik", &s);
	CHECK(b == 1.0 && s >= 0.75, "words joined: %g (%g)", b, s);
	b = query_bound("tekhsnab almaty", "ural", &s);
	CHECK(b == 0.0, "no shared key: %g", b);
}

static void
test_random_bytes(void)
{
	static char buf[12000];
	int			n;

	for (n = 0; n < 2000; n++)
	{
		int			len = rng_below(n < 100 ? 12000 : 300);
		int			i;
		NcView		v;
		char		out[NC_MAX_TEXT * 4 + 64];

		for (i = 0; i < len; i++)
			buf[i] = (char) (rng_below(4) == 0 ? 0x80 + rng_below(128) : rng_below(128));
		nc_parse(buf, len, &dict, &na);
		CHECK(na.ntok <= NC_MAX_TOKENS && na.nkeys <= NC_MAX_KEYS &&
			  nc_packed_size(&na) <= sizeof(NcName), "limits");
		nc_view_name(&na, &v);
		nc_key_text(&v, out, sizeof(out));
		CHECK(nc_similarity(&v, &v) == (na.ntok > 0 ? 1.0 : 0.0), "random bytes self-similarity");
	}
}

/*
 * Initialisms: random names of 3 to 8 words against their initials score
 * NC_INITIALS_SIM and share a key (the index finds them); a name of two
 * words, or initials in another order, do not.
 */
static void
test_initials(void)
{
	int			n;
	double		s;

	s = sim("nioc", "national iranian oil company");
	CHECK(s >= 0.75, "NIOC: %g", s);
	s = sim("kkbc", "korea kwangson banking corp");
	CHECK(s >= 0.75, "KKBC: %g", s);
	s = sim("ab", "alfa bank");
	CHECK(s < 0.5, "two words are no initialism: %g", s);
	for (n = 0; n < 20000; n++)
	{
		char		name[400],
					ini[16],
					w[32];
		int			words = 3 + rng_below(6),
					i;
		size_t		o = 0;
		NcView		va,
					vb;
		double		align,
					lf;
		int			shared;

		for (i = 0; i < words; i++)
		{
			int			len = 4 + rng_below(6);

			random_word(w, len, 10);
			do				/* neighbours differ: folding joins doubled letters */
				w[0] = "bdfmnprstv"[rng_below(10)];
			while (i > 0 && w[0] == ini[i - 1]);
			ini[i] = w[0];
			memcpy(name + o, w, len);
			o += len;
			name[o++] = ' ';
		}
		name[o] = '\0';
		ini[words] = '\0';
		if (n % 2)
		{
			char		t = ini[0];		/* another order: not the initialism */

			if (ini[1] == t)
				continue;
			ini[0] = ini[1];
			ini[1] = t;
		}
		nc_parse(name, strlen(name), &dict, &na);
		nc_parse(ini, strlen(ini), &dict, &nb);
		nc_view_name(&na, &va);
		nc_view_name(&nb, &vb);
		s = nc_similarity_detail(&va, &vb, &align, &lf, &shared);
		if (n % 2 == 0)
		{
			double		b1,
						b2,
						s1,
						s2;

			/* an index search either way finds the pair */
			b1 = query_bound(name, ini, &s1);
			b2 = query_bound(ini, name, &s2);
			CHECK(b1 >= s1 - 1e-12 && b2 >= s2 - 1e-12, "search bounds %g, %g below %g, %g: %s / %s",
				  b1, b2, s1, s2, name, ini);
			nc_parse(name, strlen(name), &dict, &na);
			nc_parse(ini, strlen(ini), &dict, &nb);
			nc_view_name(&na, &va);
			nc_view_name(&nb, &vb);
		}
		if (n % 2 == 0)
			CHECK(shared && s >= NC_INITIALS_SIM * (1 - NC_TIEBREAK) * NC_LEGAL_PARTIAL - 1e-9, "\"%s\" / \"%s\": %g (%g, %g), shared %d",
				  name, ini, s, align, lf, shared);
		else
			CHECK(s < 0.5, "\"%s\" / \"%s\" in another order: %g", name, ini, s);
	}
}

/*
 * Words the tables translate: numbers and ordinals as words or with a
 * suffix meet their digits, generic words of the region's languages their
 * English word; other words are left as they are.
 */
static void
test_canonical_words(void)
{
	static const char *const same[][2] = {
		{"third ocean llc", "3rd ocean llc"}, {"two rivers", "2 rivers"},
		{"first kazakh bank", "1st kazakh bank"}, {"21st century", "21 century"},
		{"savdo markaz tashkent", "tashkent trading center"},
		{"ticaret hizmetleri ankara", "ankara trading service"},
		{"acme companies group", "acme company group"},
		{"volga holdings industries", "volga holding industry"},
		{"tekhsnab investments", "tekhsnab invest"},
		{"zavod volga", "volga plant"}, {"fabrika zvezda", "zvezda factory"},
		{"volga kft.", "volga llc"}, {"pt volga tbk", "volga ltd"}, {"volga limited partnership", "volga kg"},
		{"volga d.o.o.", "volga llc"}, {"volga lda.", "volga ltd"}, {"volga imp. exp.", "volga import export"}, {"volga sanayi ve tic. ltd. sti.", "volga industry trading ltd"},
	};
	size_t		i;
	char		k[NC_MAX_TEXT * 4 + 64];

	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++)
	{
		strcpy(k, key_of(same[i][0]));
		CHECK(strcmp(k, key_of(same[i][1])) == 0, "key(%s) = %s, key(%s) = %s",
			  same[i][0], k, same[i][1], key_of(same[i][1]));
	}
	CHECK(sim("eleventh ocean", "twelfth ocean") < 0.75, "11th and 12th differ");
	CHECK(strcmp(key_of("3rdparty"), "3rdparti") == 0, "not an ordinal: %s", key_of("3rdparty"));
	CHECK(strcmp(key_of("tekhsnab volgas"), "tehsnab volgas") == 0,
		  "only the plural of a table word is that word: %s", key_of("tekhsnab volgas"));
}

/*
 * Words in brackets qualify a name and weigh as generic words: a name
 * without them still matches, but they still count when both names have
 * them; a name all in brackets is an ordinary name.
 */
static void
test_qualifiers(void)
{
	double		with = sim("leader (hong kong) intl trading ltd", "leader intl trading ltd"),
				without = sim("leader hong kong intl trading ltd", "leader intl trading ltd"),
				both = sim("leader (hong kong) trading", "leader (hong kong) trading ltd"),
				other = sim("leader (hong kong) trading", "leader (macau) trading");

	CHECK(with >= 0.75 && with > without, "a qualifier dropped: %g (unbracketed %g)", with, without);
	CHECK(both > other, "the same qualifier ranks above another: %g, %g", both, other);
	CHECK(sim("(tekhsnab)", "tekhsnab") > 0.99, "a name all in brackets: %g",
		  sim("(tekhsnab)", "tekhsnab"));
	CHECK(sim("zvezda (tekhsnab", "tekhsnab") < 0.75, "an unclosed bracket qualifies to the end: %g",
		  sim("zvezda (tekhsnab", "tekhsnab"));
}

/*
 * nc_similarity_floor, which name_match uses, agrees with nc_similarity
 * about reaching its floor, and is the similarity itself when it does.
 */
static void
test_similarity_floor(void)
{
	int			n;

	for (n = 0; n < 50000; n++)
	{
		char		a[400],
					b[400];
		NcView		va,
					vb;
		double		s,
					f,
					floor = 0.3 + 0.05 * rng_below(15);

		random_name(a, 5);
		strcpy(b, a);
		if (rng_below(2))
			random_name(b, 5);
		else if (strlen(b) > 3)
			b[rng_below((int) strlen(b))] = "aeikostuv "[rng_below(10)];
		nc_parse(a, strlen(a), &dict, &na);
		nc_parse(b, strlen(b), &dict, &nb);
		nc_view_name(&na, &va);
		nc_view_name(&nb, &vb);
		s = nc_similarity(&va, &vb);
		f = nc_similarity_floor(&va, &vb, floor);
		CHECK((s >= floor) == (f >= floor) && (s < floor || s == f),
			  "%s / %s: similarity %g, with floor %g: %g", a, b, s, floor, f);
	}
}

/* UTF-8 character length, as pg_mblen gives it in a UTF-8 database */
static int
utf8_charlen(const char *s)
{
	unsigned char c = (unsigned char) *s;

	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* one random UTF-8 character of a mix heavy in separators and long words */
static int
random_char(char *out)
{
	switch (rng_below(6))
	{
		case 0:
			out[0] = ' ';
			return 1;
		case 1:
			out[0] = (char) (rng_below(2) ? '.' : '\'');
			return 1;
		case 2:
			out[0] = (char) 0xD0;	/* Cyrillic */
			out[1] = (char) (0x90 + rng_below(32));
			return 2;
		case 3:
			out[0] = (char) 0xCC;	/* a combining mark */
			out[1] = (char) (0x80 + rng_below(48));
			return 2;
		case 4:
			out[0] = (char) 0xE5;	/* Han */
			out[1] = (char) (0x80 + rng_below(64));
			out[2] = (char) (0x80 + rng_below(64));
			return 3;
		default:
			out[0] = (char) ('a' + rng_below(rng_below(2) ? 26 : 3));
			return 1;
	}
}

/*
 * nc_clip: the cut is on a character boundary, keeps a whole name of
 * ordinary length, and ends within its limits on long random text; on a
 * megabyte of one character it stops at NC_CLIP_WORD_CHARS characters.
 */
static void
test_clip(void)
{
	static char buf[200000];
	const char *name = "ТОО «Казахстан Инжиниринг» (Kazakhstan Engineering LLP)";
	size_t		len,
				cut,
				i;
	int			n;

	CHECK(nc_clip(name, strlen(name), utf8_charlen) == strlen(name), "ordinary name kept whole");
	for (i = 0; i + 2 <= 1000000 && i + 2 <= sizeof(buf); i += 2)
		memcpy(buf + i, "Ж", 2);
	cut = nc_clip(buf, i, utf8_charlen);
	CHECK(cut == 2 * NC_CLIP_WORD_CHARS, "one long Cyrillic word cut at %zu bytes", cut);
	memset(buf, ' ', sizeof(buf));
	cut = nc_clip(buf, sizeof(buf), utf8_charlen);
	CHECK(cut == NC_CLIP_CHARS, "blanks cut at %zu", cut);
	for (n = 0; n < 300; n++)
	{
		int			chars = 0,
					words = 0,
					in_word = 0;
		size_t		o = 0;

		len = 0;
		while (len + 4 < sizeof(buf) && (n < 50 || len < 3000))
			len += random_char(buf + len);
		cut = nc_clip(buf, len, utf8_charlen);
		CHECK(cut <= len && (cut == len || ((unsigned char) buf[cut] & 0xC0) != 0x80),
			  "cut %zu of %zu on a character boundary", cut, len);
		for (o = 0; o < cut; o += utf8_charlen(buf + o))
		{
			int			w = (unsigned char) buf[o] >= 0x80 || (buf[o] != ' ' && buf[o] != '.');

			words += w && !in_word;
			in_word = w;
			chars++;
		}
		CHECK(chars <= NC_CLIP_CHARS && words <= NC_CLIP_WORDS,
			  "cut within the limits: %d characters, %d words", chars, words);
		CHECK(cut == len || chars == NC_CLIP_CHARS || words >= NC_CLIP_WORDS - 1 ||
			  cut >= NC_CLIP_WORD_CHARS, "cut only at a limit (%zu of %zu)", cut, len);
	}
}

/*
 * nc_text_complete: once it says a prefix holds all that counts, the parse
 * of that prefix is the parse of the whole text (tokens, keys, key text),
 * on random transliterated-looking text cut at random places.
 */
static void
test_text_complete(void)
{
	static char buf[12000];
	static NcName whole;
	int			n,
				complete = 0;

	for (n = 0; n < 3000; n++)
	{
		size_t		len = 0,
					cut;
		int			wordlen = 1 + rng_below(n % 3 == 0 ? 90 : 12);

		while (len + 4 < sizeof(buf) && len < (size_t) (500 + rng_below(8000)))
		{
			int			k;

			for (k = 0; k < wordlen && len + 4 < sizeof(buf); k++)
				len += rng_below(8) == 0 ? (size_t) random_char(buf + len) :
					(size_t) (buf[len] = (char) ('a' + rng_below(26)), 1);
			buf[len++] = rng_below(4) ? ' ' : '-';
			if (rng_below(5) == 0)
				wordlen = 1 + rng_below(n % 3 == 0 ? 90 : 12);
		}
		cut = rng_below((int) len);
		while (cut > 0 && ((unsigned char) buf[cut] & 0xC0) == 0x80)
			cut--;
		if (!nc_text_complete(buf, cut))
			continue;
		complete++;
		nc_parse(buf, len, &dict, &whole);
		nc_parse(buf, cut, &dict, &na);
		CHECK(whole.ntok == na.ntok && whole.nkeys == na.nkeys && whole.legal == na.legal &&
			  memcmp(whole.keys, na.keys, sizeof(uint32_t) * na.nkeys) == 0, "prefix of %zu of %zu parses as the whole", cut, len);
		{
			char		kw[NC_MAX_TEXT * 4 + 64],
						kp[NC_MAX_TEXT * 4 + 64];
			NcView		v;

			nc_view_name(&whole, &v);
			nc_key_text(&v, kw, sizeof(kw));
			nc_view_name(&na, &v);
			nc_key_text(&v, kp, sizeof(kp));
			CHECK(strcmp(kw, kp) == 0, "key of prefix %zu of %zu: %.60s / %.60s", cut, len, kp, kw);
		}
	}
	CHECK(complete > 300, "prefixes found complete: %d", complete);
	CHECK(!nc_text_complete("techsnab llc", 12), "a short name is not complete");
}

/* the shipped tables were read */
static void
test_tables(void)
{
	CHECK(dict.nforms > 50 && dict.nwords > 40, "tables: %d forms, %d words",
		  dict.nforms, dict.nwords);
}

/*
 * Runs: a word written by the beginnings of consecutive words of the other
 * name ranks the pair at NC_RUN_SCORE (less the tie-break), below one half;
 * the same words in another order, or one word's beginning alone, do not.
 */
static void
test_runs(void)
{
	double		lo = NC_RUN_SCORE * (1.0 - NC_TIEBREAK);
	double		s;
	int			n;

	s = sim("sovkomflot", "sovremenny kommercheskiy flot");
	CHECK(s >= lo && s <= NC_RUN_SCORE, "Sovkomflot: %g", s);
	s = sim("kanalve ltd", "kanales venecia ltd");
	CHECK(s >= lo && s <= NC_RUN_SCORE, "Kanalve: %g", s);
	s = sim("dnp petronik", "distribuidora nicaraguense de petroleo");
	CHECK(s >= lo && s <= NC_RUN_SCORE, "DNP: %g", s);
	s = sim("kanalve ltd", "venecia kanales ltd");
	CHECK(s < lo, "words in another order: %g", s);
	s = sim("kanal", "kanales venecia");
	CHECK(s < lo, "one word's beginning: %g", s);
	s = sim("ka", "kanales venecia");
	CHECK(s < lo, "shorter than NC_RUN_MIN_LEN: %g", s);
	/*
	 * random runs of 2 to 4 words written by their beginnings; the words
	 * are syllables of a consonant and a vowel, which folding leaves alone
	 * (no doubled letters, no kh, ts or zh, even where two words meet)
	 */
	for (n = 0; n < 20000; n++)
	{
		static const char cons[] = "bdfgklmnprstv";
		static const char vow[] = "aeou";
		char		name[400],
					joined[64];
		size_t		o = 0,
					jo = 0;
		int			k,
					words = 2 + rand() % 3;

		for (k = 0; k < words; k++)
		{
			int			syl = 2 + rand() % 3,
						take = 1 + rand() % syl,
						c;

			if (k > 0)
				name[o++] = ' ';
			for (c = 0; c < syl; c++)
			{
				char		x = cons[rand() % 13],
							y = vow[rand() % 4];

				name[o++] = x;
				name[o++] = y;
				if (c < take)
				{
					joined[jo++] = x;
					joined[jo++] = y;
				}
			}
		}
		name[o] = '\0';
		joined[jo] = '\0';
		if (jo < NC_RUN_MIN_LEN)
			continue;
		s = sim(joined, name);
		CHECK(s >= lo, "run \"%s\" of \"%s\": %g", joined, name, s);
	}
}

/*
 * Spelling: names whose words do not pair up still rank by how alike they
 * are written, always under NC_SPELLING_CAP; a pair without a shared index
 * key never reaches one half, whatever ranks it (the index's guarantee).
 */
static void
test_spelling(void)
{
	double		near = sim("koempakues ltd", "andina empakues ltd"),
				far = sim("andina empakues ltd", "kanaplast sa"),
				s;
	int			n;

	CHECK(near > far && near < NC_SPELLING_CAP,
		  "alike spelling ranks above unrelated: %g, %g", near, far);
	CHECK(far > 0.0, "no tie at 0 for names with letters in common: %g", far);
	s = sim("qqq", "zzzz");
	CHECK(s == 0.0, "nothing in common scores 0: %g", s);
	for (n = 0; n < 50000; n++)
	{
		char		a[400],
					b[400];
		NcView		va,
					vb;

		random_name(a, 5);
		random_name(b, 5);
		nc_parse(a, strlen(a), &dict, &na);
		nc_parse(b, strlen(b), &dict, &nb);
		nc_view_name(&na, &va);
		nc_view_name(&nb, &vb);
		s = nc_similarity(&va, &vb);
		CHECK(nc_share_key(&va, &vb) || s < NC_NO_SHARED_KEY_FACTOR,
			  "%s / %s: no shared key, similarity %g", a, b, s);
	}
}

int
main(void)
{
	build_dict();
	RUN_TEST(test_tables());
	RUN_TEST(test_fold());
	RUN_TEST(test_parse());
	RUN_TEST(test_within_one_edit());
	RUN_TEST(test_key_guarantee());
	RUN_TEST(test_similarity_laws());
	RUN_TEST(test_query_bound());
	RUN_TEST(test_random_bytes());
	RUN_TEST(test_initials());
	RUN_TEST(test_runs());
	RUN_TEST(test_spelling());
	RUN_TEST(test_qualifiers());
	RUN_TEST(test_canonical_words());
	RUN_TEST(test_similarity_floor());
	RUN_TEST(test_clip());
	RUN_TEST(test_text_complete());
	return unit_summary("name_core");
}
