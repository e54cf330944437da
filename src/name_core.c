/*
 * name_core.c
 *		Counterparty names without server headers: tokenising, legal-form
 *		classes, variant folding, index keys and similarity (see name_core.h).
 *
 * A name becomes a list of tokens.  Legal forms at either end (ООО, LLC,
 * "Co., Ltd.") are looked up in a table and reduced to one class; stop
 * words go; every other token is folded so that the usual transliteration
 * variants of one Cyrillic word meet (kh/h, ts/c, shch/sch, ya/ia/ja, zh/j,
 * y/i, doubled letters).  Each token has a kind: generic words ("trading",
 * "group") and place words ("Kazakhstan") weigh a quarter of a distinctive
 * word.
 *
 * The similarity of two names is the geometric mean of the shares of each
 * name's weighted tokens matched in a greedy alignment of their tokens
 * (words in brackets weigh as generic words), where equal tokens score 1,
 * tokens one edit apart (both at least 4 letters; a swap of neighbours is
 * one edit) score 1 - 1/length, and tokens with the same consonant skeleton
 * (inzhiniring, engineering) score 0.85.  A lighter name of two words or
 * more found whole in the other scores at least NC_CONTAIN_SIM times its
 * share matched, and a one-word initialism of the other NC_INITIALS_SIM.
 * Legal forms of different families scale it down, names whose keys
 * differ lose up to NC_TIEBREAK by how differently the keys are written
 * (only equal keys score 1); names that share no index key have it halved,
 * which is what makes the index exact: a pair above a threshold over one half always shares a
 * key (see nc_parse for the keys).  A word written by the beginnings of
 * consecutive words of the other name ranks a pair at NC_RUN_SCORE, and
 * names written alike letter by letter at NC_SPELLING_CAP times how alike,
 * both under one half for the same reason.  An index search goes further
 * (nc_query_build, nc_query_bound): from which of the name's words a row
 * shares keys it bounds the row's similarity, so rows that share only a
 * common word ("Almaty") are ruled out without being read.
 */
#include "name_core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const nc_class_names[NC_CLASS_COUNT] = {
	"", "LLC", "LLP", "LTD", "GMBH", "SRL", "BV", "FZE", "FZCO", "DMCC", "JSC",
	"OJSC", "CJSC", "PJSC", "AG", "SPA", "SA", "AS", "PLC", "INC", "CORP",
	"KK", "CO", "KG", "IE", "SUE"
};

/*
 * The family of a legal-form class: changes within a family (ZAO to AO,
 * LLC to LLP) are common re-registrations of one firm and cost nothing.
 */
int
nc_class_family(int cls)
{
	switch (cls)
	{
		case NC_CLASS_LLC:
		case NC_CLASS_LLP:
		case NC_CLASS_LTD:
		case NC_CLASS_GMBH:
		case NC_CLASS_SRL:
		case NC_CLASS_BV:
		case NC_CLASS_FZE:
		case NC_CLASS_FZCO:
		case NC_CLASS_DMCC:
			return NC_FAMILY_LIMITED;
		case NC_CLASS_JSC:
		case NC_CLASS_OJSC:
		case NC_CLASS_CJSC:
		case NC_CLASS_PJSC:
		case NC_CLASS_AG:
		case NC_CLASS_SPA:
		case NC_CLASS_SA:
		case NC_CLASS_AS:
		case NC_CLASS_PLC:
		case NC_CLASS_INC:
		case NC_CLASS_CORP:
		case NC_CLASS_KK:
			return NC_FAMILY_STOCK;
		case NC_CLASS_IE:
			return NC_FAMILY_PERSON;
		case NC_CLASS_SUE:
			return NC_FAMILY_STATE;
		case NC_CLASS_KG:
			return NC_FAMILY_PARTNER;
		default:
			return NC_FAMILY_NEUTRAL;
	}
}

/* The class named by its canonical token ("LLC"), or -1. */
int
nc_class_by_name(const char *name)
{
	int			i;

	for (i = 1; i < NC_CLASS_COUNT; i++)
		if (strcmp(nc_class_names[i], name) == 0)
			return i;
	return -1;
}

/* The token kind named in data/name_words.csv, or -1. */
int
nc_kind_by_name(const char *name)
{
	if (strcmp(name, "generic") == 0)
		return NC_KIND_GENERIC;
	if (strcmp(name, "place") == 0)
		return NC_KIND_PLACE;
	if (strcmp(name, "stop") == 0)
		return NC_KIND_STOP;
	if (strcmp(name, "number") == 0)
		return NC_KIND_NUMBER;
	return -1;
}

/* ---------------------------------------------------------------------
 * Tokenising
 * --------------------------------------------------------------------- */

/*
 * Bytes that vanish inside a word: apostrophes and quotes (left by the
 * hard and soft signs and by «»), the middle dot BGN writes between a
 * consonant and э, and combining diacritical marks ICU could not fold.  Returns the length of the sequence at p, or 0.
 */
static size_t
vanishing_at(const unsigned char *p, size_t left)
{
	if (*p == '\'' || *p == '"' || *p == '`')
		return 1;
	if (left >= 2 && p[0] == 0xC2 && p[1] == 0xB7)	/* U+00B7 middle dot */
		return 2;
	if (left >= 2 && p[0] == 0xCA && (p[1] == 0xB9 || p[1] == 0xBA || p[1] == 0xBC))
		return 2;				/* modifier primes and apostrophe */
	if (left >= 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x98 || p[2] == 0x99))
		return 3;				/* curly single quotes */
	if (left >= 2 && ((p[0] == 0xCC && p[1] >= 0x80 && p[1] <= 0xBF) ||
					  (p[0] == 0xCD && p[1] >= 0x80 && p[1] <= 0xAF)))
		return 2;				/* combining marks U+0300 to U+036F */
	return 0;
}

static int
is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		(c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* raw tokens of a transliterated name, before folding */
typedef struct RawTokens
{
	int			n;
	int			truncated;
	uint16_t	off[NC_MAX_TOKENS];
	uint16_t	len[NC_MAX_TOKENS];
	uint8_t		bracketed[NC_MAX_TOKENS];	/* inside (), [] or {} */
	char		text[NC_MAX_TEXT + NC_MAX_TOKENS];
} RawTokens;

/*
 * Split into words: letters, digits and bytes >= 0x80 make words, the
 * vanishing bytes are skipped, anything else separates.  Upper-case ASCII
 * is lowered (ICU lowered the rest).  Runs of one-letter words are joined,
 * so "L.L.C." is "llc" and "Sp. z o.o." is "sp zoo".
 */
static void
raw_tokens(const char *in, size_t len, RawTokens *rt)
{
	const unsigned char *p = (const unsigned char *) in;
	size_t		i = 0;
	size_t		used = 0;
	int			letter_run = 0;	/* last token is single letters */
	int			depth = 0;		/* brackets open */

	rt->n = 0;
	rt->truncated = 0;
	while (i < len)
	{
		size_t		start_used;
		size_t		tlen = 0;

		while (i < len && !is_word_byte(p[i]))
		{
			if (p[i] == '(' || p[i] == '[' || p[i] == '{')
				depth++;
			else if ((p[i] == ')' || p[i] == ']' || p[i] == '}') && depth > 0)
				depth--;
			i++;
		}
		if (i >= len)
			break;
		if (rt->n >= NC_MAX_TOKENS || used >= NC_MAX_TEXT)
		{
			rt->truncated = 1;
			break;
		}
		start_used = used;
		while (i < len)
		{
			size_t		v = vanishing_at(p + i, len - i);

			if (v > 0)
			{
				i += v;
				continue;
			}
			if (!is_word_byte(p[i]))
				break;
			if (tlen < NC_MAX_TOKEN_LEN && used < NC_MAX_TEXT)
			{
				unsigned char c = p[i];

				/* never cut a UTF-8 sequence in the middle */
				if (c >= 0xC0 && (tlen + 4 > NC_MAX_TOKEN_LEN || used + 4 > NC_MAX_TEXT))
					tlen = NC_MAX_TOKEN_LEN;
				else if (c < 0x80 || c >= 0xC0 || tlen > 0)
				{
					rt->text[used++] = (c >= 'A' && c <= 'Z') ? c + 32 : c;
					tlen++;
				}
			}
			else
				rt->truncated = 1;
			i++;
		}
		if (tlen == 0)
		{
			used = start_used;
			continue;
		}
		/* join to the previous token when both are single letters */
		if (used - start_used == 1 && rt->text[start_used] >= 'a' &&
			rt->text[start_used] <= 'z')
		{
			if (rt->n > 0 && letter_run)
			{
				rt->len[rt->n - 1]++;
				continue;
			}
			letter_run = 1;
		}
		else
			letter_run = 0;
		rt->off[rt->n] = (uint16_t) start_used;
		rt->len[rt->n] = (uint16_t) (used - start_used);
		rt->bracketed[rt->n] = depth > 0;
		rt->n++;
	}
}

/*
 * The length of the prefix of a name that can count, cut before ICU sees
 * it, on a character boundary: the name ends after NC_CLIP_WORD_CHARS
 * characters of words, NC_CLIP_WORDS words or NC_CLIP_CHARS characters.
 * The text is in an ASCII-safe encoding (every server encoding is) whose
 * character lengths charlen gives; a word character is an ASCII letter or
 * digit, a quote or apostrophe (they vanish inside words), or any
 * character beyond ASCII.  Transliteration turns a character into at most
 * a few and a word into one or more, never the other way but for marks
 * that vanish, so the first 32 words and 2 kB of word text of any ordinary
 * name survive the cut; what ICU then spends is bounded by NC_CLIP_CHARS
 * whatever the input's length.
 */
size_t
nc_clip(const char *s, size_t len, int (*charlen) (const char *))
{
	size_t		i = 0;
	int			chars = 0,
				word_chars = 0,
				words = 0,
				in_word = 0;

	while (i < len)
	{
		unsigned char c = (unsigned char) s[i];
		size_t		l = c < 0x80 ? 1 : (size_t) charlen(s + i);
		int			word = c >= 0x80 || is_word_byte(c) || c == '\'' || c == '"' || c == '`';

		if (l == 0 || l > len - i)
			break;				/* a broken character ends the name */
		if (chars >= NC_CLIP_CHARS || (word && word_chars >= NC_CLIP_WORD_CHARS))
			break;
		if (word && !in_word)
		{
			if (words >= NC_CLIP_WORDS)
				break;
			words++;
		}
		in_word = word;
		word_chars += word;
		chars++;
		i += l;
	}
	return i;
}

/*
 * True when transliterated text already holds everything nc_parse reads of
 * any text it begins: 33 words of two letters or more (raw_tokens keeps 32
 * tokens, and a word of two letters is never joined to its neighbour), or
 * NC_MAX_TEXT bytes of word text counting at most NC_MAX_TOKEN_LEN of each
 * word (raw_tokens keeps no more).  Only ASCII letters and digits are
 * counted, each of which raw_tokens keeps; bytes beyond ASCII and quotes
 * continue a word as they do there.  Lets a long name be transliterated
 * piece by piece until what counts is there (icu.c).
 */
int
nc_text_complete(const char *translit, size_t len)
{
	const unsigned char *p = (const unsigned char *) translit;
	size_t		i = 0,
				text = 0;
	int			words = 0;

	while (i < len)
	{
		size_t		run = 0;

		while (i < len && !(is_word_byte(p[i]) || p[i] == '\'' || p[i] == '"' || p[i] == '`'))
			i++;
		while (i < len && (is_word_byte(p[i]) || p[i] == '\'' || p[i] == '"' || p[i] == '`'))
		{
			if (p[i] < 0x80 && is_word_byte(p[i]))
				run++;
			i++;
		}
		if (run >= 2)
			words++;
		text += run < NC_MAX_TOKEN_LEN ? run : NC_MAX_TOKEN_LEN;
		if (words > NC_MAX_TOKENS || text >= NC_MAX_TEXT)
			return 1;
	}
	return 0;
}

/* ---------------------------------------------------------------------
 * Folding of transliteration variants
 * --------------------------------------------------------------------- */

static int
is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

static int
starts(const char *in, size_t i, size_t len, const char *s)
{
	size_t		n = strlen(s);

	return i + n <= len && memcmp(in + i, s, n) == 0;
}

/*
 * Fold one lower-case token so that the usual romanisations of a Cyrillic
 * word meet, and English spellings of loanwords come close:
 *   shch, sch, shh > sh; tch > ch; dzh, zh, dj > j; kh > h; ts, tz > c;
 *   ck > k; ph > f; gh > g; x > ks; w > v; q > k;
 *   c > k unless before e, i, y (electronics, elektroniks);
 *   g > j before e, i, y (engineering, inzhiniring);
 *   ye > e; y > i; j after a vowel or before a, u, o > i (Sergej, Sergey,
 *   Sergei; Juzhnyj, Yuzhnyy, Iuzhnyi);
 *   then doubled letters collapse (gruppa, krasniy > krasni).
 * Digits and bytes >= 0x80 are copied.  Returns the length written.
 */
size_t
nc_fold(const char *in, size_t len, char *out, size_t outsize)
{
	char		tmp[NC_MAX_TOKEN_LEN * 4 + 8];
	size_t		n = 0;
	size_t		i = 0;
	size_t		o = 0;
	size_t		k;

	while (i < len && n + 3 < sizeof(tmp))
	{
		char		c = in[i];
		char		next = i + 1 < len ? in[i + 1] : 0;

		if (starts(in, i, len, "shch"))
		{
			tmp[n++] = 's';
			tmp[n++] = 'h';
			i += 4;
		}
		else if (starts(in, i, len, "sch") || starts(in, i, len, "shh"))
		{
			tmp[n++] = 's';
			tmp[n++] = 'h';
			i += 3;
		}
		else if (starts(in, i, len, "tch"))
		{
			tmp[n++] = 'c';
			tmp[n++] = 'h';
			i += 3;
		}
		else if (starts(in, i, len, "dzh"))
		{
			tmp[n++] = 'j';
			i += 3;
		}
		else if (starts(in, i, len, "zh") || starts(in, i, len, "dj"))
		{
			tmp[n++] = 'j';
			i += 2;
		}
		else if (starts(in, i, len, "kh"))
		{
			tmp[n++] = 'h';
			i += 2;
		}
		else if (starts(in, i, len, "ts") || starts(in, i, len, "tz"))
		{
			tmp[n++] = 'c';
			i += 2;
		}
		else if (starts(in, i, len, "ck"))
		{
			tmp[n++] = 'k';
			i += 2;
		}
		else if (starts(in, i, len, "ph"))
		{
			tmp[n++] = 'f';
			i += 2;
		}
		else if (starts(in, i, len, "gh"))
		{
			tmp[n++] = 'g';
			i += 2;
		}
		else if (starts(in, i, len, "ye"))
		{
			tmp[n++] = 'e';
			i += 2;
		}
		else if (c == 'x')
		{
			tmp[n++] = 'k';
			tmp[n++] = 's';
			i++;
		}
		else if (c == 'w')
		{
			tmp[n++] = 'v';
			i++;
		}
		else if (c == 'q')
		{
			tmp[n++] = 'k';
			i++;
		}
		else if (c == 'c' && next != 'h')
		{
			tmp[n++] = (next == 'e' || next == 'i' || next == 'y') ? 'c' : 'k';
			i++;
		}
		else if (c == 'g')
		{
			tmp[n++] = (next == 'e' || next == 'i' || next == 'y') ? 'j' : 'g';
			i++;
		}
		else if (c == 'y')
		{
			tmp[n++] = 'i';
			i++;
		}
		else if (c == 'j' && ((n > 0 && is_vowel(tmp[n - 1])) ||
							  next == 'a' || next == 'u' || next == 'o'))
		{
			tmp[n++] = 'i';
			i++;
		}
		else
		{
			tmp[n++] = c;
			i++;
		}
	}
	/* collapse doubled letters (not digits: 1100 is not 10) */
	for (k = 0; k < n && o + 1 < outsize; k++)
	{
		char		c = tmp[k];

		if (o > 0 && out[o - 1] == c && c >= 'a' && c <= 'z')
			continue;
		out[o++] = c;
	}
	if (o < outsize)
		out[o] = '\0';
	return o;
}

/*
 * The consonant skeleton of a folded token: vowels dropped, doubled
 * letters collapsed.  "injiniring" and "enjinering" both give "njnrng".
 */
static size_t
skeleton(const char *in, size_t len, char *out)
{
	size_t		o = 0;
	size_t		i;

	for (i = 0; i < len; i++)
	{
		char		c = in[i];

		if (is_vowel(c))
			continue;
		if (o > 0 && out[o - 1] == c)
			continue;
		out[o++] = c;
	}
	return o;
}

/* ---------------------------------------------------------------------
 * Lookup tables
 * --------------------------------------------------------------------- */

void
nc_dict_init(NcDict *d)
{
	d->nforms = 0;
	d->nwords = 0;
	d->sorted = 0;
}

/* entries are kept with their payload byte after the NUL, sorted by text */
static int
cmp_entry(const void *a, const void *b)
{
	return strcmp((const char *) a, (const char *) b);
}

/*
 * Add a legal form (already transliterated) as its folded tokens joined by
 * spaces.  Returns 0 when it does not fit or has no tokens.
 */
int
nc_dict_add_form(NcDict *d, const char *translit, size_t len, int cls)
{
	RawTokens	rt;
	char	   *dst;
	size_t		o = 0;
	int			i;

	raw_tokens(translit, len, &rt);
	if (rt.n == 0 || rt.n > NC_MAX_FORM_TOKENS || d->nforms >= NC_DICT_MAX)
		return 0;
	dst = d->forms[d->nforms];
	for (i = 0; i < rt.n; i++)
	{
		char		folded[NC_MAX_TOKEN_LEN * 2 + 8];
		size_t		flen = nc_fold(rt.text + rt.off[i], rt.len[i], folded, sizeof(folded));

		if (o + flen + 2 >= NC_FORM_LEN)
			return 0;
		if (i > 0)
			dst[o++] = ' ';
		memcpy(dst + o, folded, flen);
		o += flen;
	}
	dst[o] = '\0';
	d->form_class[d->nforms] = (uint8_t) cls;
	d->nforms++;
	d->sorted = 0;
	return 1;
}

/*
 * Add a word (already transliterated) by its folded form, with the word it
 * stands for (canon, ASCII: "trading" for торговый, "3" for third; NULL or
 * "" for none), which names then carry in its place.  Returns 0 when it is
 * not a single token or does not fit.
 */
int
nc_dict_add_word(NcDict *d, const char *translit, size_t len, int kind, const char *canon)
{
	RawTokens	rt;

	raw_tokens(translit, len, &rt);
	if (rt.n != 1 || d->nwords >= NC_DICT_MAX)
		return 0;
	nc_fold(rt.text + rt.off[0], rt.len[0], d->words[d->nwords], NC_FORM_LEN);
	d->word_canon[d->nwords][0] = '\0';
	if (canon != NULL && canon[0] != '\0')
	{
		char		lower[NC_FORM_LEN];
		size_t		i,
					n = strlen(canon);

		if (n >= NC_FORM_LEN)
			return 0;
		for (i = 0; i < n; i++)
			lower[i] = (canon[i] >= 'A' && canon[i] <= 'Z') ? canon[i] + 32 : canon[i];
		nc_fold(lower, n, d->word_canon[d->nwords], NC_FORM_LEN);
	}
	d->word_kind[d->nwords] = (uint8_t) kind;
	d->nwords++;
	d->sorted = 0;
	return 1;
}

/* sort both tables for binary search; entries carry their payload along */
typedef struct DictSortItem
{
	char		text[NC_FORM_LEN];
	uint8_t		payload;
	char		canon[NC_FORM_LEN];
} DictSortItem;

static void
sort_table(char (*texts)[NC_FORM_LEN], uint8_t *payload, char (*canon)[NC_FORM_LEN], int *n)
{
	DictSortItem *items = malloc(sizeof(DictSortItem) * (*n + 1));
	int			i,
				o = 0;

	if (items == NULL)
		return;
	for (i = 0; i < *n; i++)
	{
		memcpy(items[i].text, texts[i], NC_FORM_LEN);
		items[i].payload = payload[i];
		if (canon != NULL)
			memcpy(items[i].canon, canon[i], NC_FORM_LEN);
	}
	qsort(items, *n, sizeof(DictSortItem), cmp_entry);
	/* drop duplicates, keeping the first */
	for (i = 0; i < *n; i++)
	{
		if (o > 0 && strcmp(items[i].text, texts[o - 1]) == 0)
			continue;
		memcpy(texts[o], items[i].text, NC_FORM_LEN);
		payload[o] = items[i].payload;
		if (canon != NULL)
			memcpy(canon[o], items[i].canon, NC_FORM_LEN);
		o++;
	}
	*n = o;
	free(items);
}

void
nc_dict_finish(NcDict *d)
{
	sort_table(d->forms, d->form_class, NULL, &d->nforms);
	sort_table(d->words, d->word_kind, d->word_canon, &d->nwords);
	for (int i = 0; i < d->nwords; i++)
	{
		size_t		len = strlen(d->words[i]);

		d->word_len[i] = (uint8_t) len;
		d->word_sklen[i] = (uint8_t) skeleton(d->words[i], len, d->word_skel[i]);
	}
	d->sorted = 1;
}

/* index of text in a sorted table, or -1 */
static int
table_find(char (*texts)[NC_FORM_LEN], int n, const char *key)
{
	int			lo = 0,
				hi = n - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;
		int			c = strcmp(texts[mid], key);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/*
 * The class of raw tokens [from, from + k) as one legal form, or 0.  Forms
 * are compared folded, as words are, so every romanisation of a form meets
 * its table entry (Aktsionernoye, Aktsionernoe; ogranichennoy, -oi).
 */
static int
form_class_of(const NcDict *d, const RawTokens *rt, int from, int k)
{
	char		buf[NC_FORM_LEN];
	size_t		o = 0;
	int			i,
				found;

	for (i = from; i < from + k; i++)
	{
		char		folded[NC_MAX_TOKEN_LEN * 2 + 8];
		size_t		flen = nc_fold(rt->text + rt->off[i], rt->len[i], folded, sizeof(folded));

		if (o + flen + 2 >= NC_FORM_LEN)
			return 0;
		if (i > from)
			buf[o++] = ' ';
		memcpy(buf + o, folded, flen);
		o += flen;
	}
	buf[o] = '\0';
	found = table_find((char (*)[NC_FORM_LEN]) d->forms, d->nforms, buf);
	return found < 0 ? 0 : d->form_class[found];
}

/* ---------------------------------------------------------------------
 * Parsing and keys
 * --------------------------------------------------------------------- */

/* FNV-1a over a kind byte and the text: the 32-bit index keys */
static uint32_t
key_hash(char kind, const char *s, size_t len)
{
	uint32_t	h = 2166136261u;
	size_t		i;

	h ^= (unsigned char) kind;
	h *= 16777619u;
	for (i = 0; i < len; i++)
	{
		h ^= (unsigned char) s[i];
		h *= 16777619u;
	}
	return h;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t	x = *(const uint32_t *) a;
	uint32_t	y = *(const uint32_t *) b;

	return x < y ? -1 : x > y;
}

static void
add_key(NcName *n, uint32_t k)
{
	if (n->nkeys < NC_MAX_KEYS)
		n->keys[n->nkeys++] = k;
	else
		n->truncated = 1;
}

static int
all_digits(const char *s, size_t len)
{
	size_t		i;

	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return len > 0;
}

/*
 * The index keys of one token (text is the name's text): the token, each
 * one-byte deletion of a token of 4 to NC_DELETION_MAX_LEN bytes (two
 * tokens one edit or one swap of neighbours apart share one of these), and
 * the consonant skeleton of a token of 5 bytes or more whose skeleton has
 * at least 3.  Numbers give themselves only.  Returns the count, at most
 * NC_MAX_TOKEN_KEYS.
 */
static int
token_keys(const NcTok *tok, const char *text, uint32_t *out)
{
	const char *s = text + tok->off;
	int			n = 0;

	out[n++] = key_hash('T', s, tok->len);
	if (tok->kind == NC_KIND_NUMBER)
		return n;
	if (tok->len >= 4 && tok->len <= NC_DELETION_MAX_LEN)
	{
		char		del[NC_DELETION_MAX_LEN];
		size_t		j;

		for (j = 0; j < tok->len; j++)
		{
			memcpy(del, s, j);
			memcpy(del + j, s + j + 1, tok->len - j - 1);
			out[n++] = key_hash('T', del, tok->len - 1);
		}
	}
	if (tok->len >= 5 && tok->sklen >= 3)
		out[n++] = key_hash('S', text + tok->skoff, tok->sklen);
	return n;
}

/* a name of one word that can be an initialism: its length, else 0 */
static size_t
initialism_len(const NcView *v)
{
	size_t		len,
				i;
	const char *s;

	if (v->ntok != 1 || v->tok[0].kind != NC_KIND_DISTINCT)
		return 0;
	len = v->tok[0].len;
	s = v->text + v->tok[0].off;
	if (len < NC_INITIALS_MIN - 1 || len > NC_INITIALS_MAX + 1)
		return 0;
	for (i = 0; i < len; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return 0;
	return len;
}

/*
 * The initialism keys of a name (search 0) or those an index search for it
 * looks up (search 1).  A name of three words or more is indexed under its
 * initials as 'A', a name of one word that may be an initialism under it as
 * 'B'; a search for either looks up the other letter, so a name finds its
 * initialism and an initialism its names, but two long names with the same
 * initials do not find each other.  Returns their count (0 to 2).
 */
static int
initials_keys(const NcView *v, int search, uint32_t *out)
{
	int			n = 0;
	size_t		len = initialism_len(v);

	if (v->initials_len > 0)
		out[n++] = key_hash(search ? 'B' : 'A', v->text + v->initials_off, v->initials_len);
	if (len > 0)
		out[n++] = key_hash(search ? 'A' : 'B', v->text + v->tok[0].off, len);
	return n;
}

/*
 * The index keys a name has besides its keys (nc_view_key): its initialism
 * keys, kept apart so that two long names with the same initials do not
 * count as sharing a key.  out has room for 2; returns the count.
 */
int
nc_initials_index_keys(const NcView *v, uint32_t *out)
{
	return initials_keys(v, 0, out);
}

/* one name is the initialism of the other */
static int
initials_match(const NcView *a, const NcView *b)
{
	size_t		la = initialism_len(a),
				lb = initialism_len(b);

	return (la > 0 && (size_t) b->initials_len == la &&
			memcmp(a->text + a->tok[0].off, b->text + b->initials_off, la) == 0) ||
		(lb > 0 && (size_t) a->initials_len == lb &&
		 memcmp(b->text + b->tok[0].off, a->text + a->initials_off, lb) == 0);
}

/*
 * The generic or place word of the table a folded word is the English
 * plural of (holdings, services, companies: kompanies, investments:
 * investmenc, as folding writes ts), or -1.  Words of 5 letters or more.
 */
static int
plural_of(const NcDict *d, const char *w, size_t len)
{
	char		stem[NC_FORM_LEN];
	size_t		cut[2] = {1, 2};
	int			k,
				found;

	if (len < 5 || len >= NC_FORM_LEN)
		return -1;
	for (k = 0; k < 3; k++)
	{
		size_t		n;

		if (k < 2)
		{
			/* -s, -es (industries: industri-es, as folding writes y) */
			if (w[len - 1] != 's' || (k == 1 && w[len - 2] != 'e'))
				continue;
			n = len - cut[k];
			memcpy(stem, w, n);
		}
		else
		{
			/* -ts, folded to -c */
			if (w[len - 1] != 'c')
				continue;
			n = len;
			memcpy(stem, w, n);
			stem[n - 1] = 't';
		}
		stem[n] = '\0';
		found = table_find((char (*)[NC_FORM_LEN]) d->words, d->nwords, stem);
		if (found >= 0 && (d->word_kind[found] == NC_KIND_GENERIC ||
						   d->word_kind[found] == NC_KIND_PLACE))
			return found;
	}
	return -1;
}

/*
 * Parse a transliterated name.  Legal forms are peeled from both ends
 * (longest table entry first; the first one found gives the class), stop
 * words dropped, the rest folded and given a kind.  The key tokens are the
 * distinctive ones (words not in the generic or place lists, and numbers),
 * or every token when a name has none.  Index keys:
 *   - each key token, and each key token of 4 to 24 bytes with one byte
 *     deleted (two tokens one edit apart share one of these);
 *   - the consonant skeleton of each key token of 5 bytes or more whose
 *     skeleton has at least 3;
 *   - the folded concatenation of all tokens, so "VolgaPodshipnik" meets
 *     "Volga Podshipnik".
 * The initialism keys are not among them: see nc_initials_index_keys.
 */
void
nc_parse(const char *translit, size_t len, const NcDict *d, NcName *out)
{
	RawTokens	rt;
	int			first,
				last,
				i;
	int			nkey_tokens = 0;
	int			outside = 0;
	size_t		t = 0;
	char		concat[NC_MAX_TEXT + 1];
	size_t		clen = 0;

	raw_tokens(translit, len, &rt);
	out->ntok = 0;
	out->nkeys = 0;
	out->legal = NC_CLASS_NONE;
	out->truncated = (uint8_t) rt.truncated;
	out->concat_off = 0;
	out->concat_len = 0;

	/* peel legal forms from the front, then from the back */
	first = 0;
	last = rt.n;
	for (;;)
	{
		int			k,
					cls = 0;

		for (k = NC_MAX_FORM_TOKENS; k >= 1; k--)
			if (first + k <= last && (cls = form_class_of(d, &rt, first, k)) != 0)
				break;
		if (cls == 0)
			break;
		if (out->legal == NC_CLASS_NONE || out->legal == NC_CLASS_CO)
			out->legal = (uint8_t) cls;
		first += k;
	}
	for (;;)
	{
		int			k,
					cls = 0;

		for (k = NC_MAX_FORM_TOKENS; k >= 1; k--)
			if (last - k >= first && (cls = form_class_of(d, &rt, last - k, k)) != 0)
				break;
		if (cls == 0)
			break;
		if (out->legal == NC_CLASS_NONE || out->legal == NC_CLASS_CO)
			out->legal = (uint8_t) cls;
		last -= k;
	}

	/* brackets qualify a name: a name all in brackets has none */
	for (i = first; i < last; i++)
		outside += !rt.bracketed[i];
	for (i = first; i < last; i++)
	{
		NcTok	   *tok = &out->tok[out->ntok];
		const char *raw = rt.text + rt.off[i];
		char		folded[NC_MAX_TOKEN_LEN * 2 + 8];
		size_t		flen = nc_fold(raw, rt.len[i], folded, sizeof(folded));
		int			found;

		if (flen == 0)
			continue;
		/* an ordinal in digits is its number: 3rd, 21st, 4th */
		if (flen >= 3 && all_digits(folded, flen - 2) &&
			(memcmp(folded + flen - 2, "st", 2) == 0 || memcmp(folded + flen - 2, "nd", 2) == 0 ||
			 memcmp(folded + flen - 2, "rd", 2) == 0 || memcmp(folded + flen - 2, "th", 2) == 0))
			flen -= 2;
		folded[flen] = '\0';
		if ((found = plural_of(d, folded, flen)) >= 0)
		{
			/* the plural of a generic or place word is that word */
			flen = strlen(d->words[found]);
			memcpy(folded, d->words[found], flen + 1);
		}
		else
			found = table_find((char (*)[NC_FORM_LEN]) d->words, d->nwords, folded);
		if (found >= 0 && d->word_kind[found] == NC_KIND_STOP)
			continue;
		/* a word the table translates: its English word or number */
		if (found >= 0 && d->word_canon[found][0] != '\0')
		{
			flen = strlen(d->word_canon[found]);
			memcpy(folded, d->word_canon[found], flen + 1);
		}
		tok->kind = all_digits(folded, flen) ? NC_KIND_NUMBER :
			found >= 0 ? d->word_kind[found] :
			rt.bracketed[i] && outside > 0 ? NC_KIND_QUALIFIER : NC_KIND_DISTINCT;
		tok->off = (uint16_t) t;
		tok->len = (uint16_t) flen;
		memcpy(out->text + t, folded, flen);
		t += flen;
		tok->skoff = (uint16_t) t;
		tok->sklen = (uint16_t) skeleton(folded, flen, out->text + t);
		t += tok->sklen;
		tok->iskey = 0;
		if (tok->kind == NC_KIND_DISTINCT || tok->kind == NC_KIND_NUMBER ||
			tok->kind == NC_KIND_QUALIFIER)
			nkey_tokens++;
		if (clen + rt.len[i] <= NC_MAX_TEXT)
		{
			memcpy(concat + clen, raw, rt.len[i]);
			clen += rt.len[i];
		}
		out->ntok++;
	}
	if (out->ntok > 1)
	{
		out->concat_off = (uint16_t) t;
		out->concat_len = (uint16_t) nc_fold(concat, clen, out->text + t,
											 NC_MAX_TOKEN_LEN * 2);
		t += out->concat_len;
	}
	/* initials of every raw word but stop words, legal forms included */
	{
		char		ini[NC_MAX_TOKENS + 1];
		int			nini = 0;

		for (i = 0; i < rt.n; i++)
		{
			char		folded[NC_MAX_TOKEN_LEN * 2 + 8];
			size_t		flen = nc_fold(rt.text + rt.off[i], rt.len[i], folded, sizeof(folded));
			int			found = flen > 0 ?
				table_find((char (*)[NC_FORM_LEN]) d->words, d->nwords, folded) : -1;
			char		c = rt.text[rt.off[i]];

			if (found >= 0 && d->word_kind[found] == NC_KIND_STOP)
				continue;
			if (c < 'a' || c > 'z')
			{
				nini = 0;		/* a number or another script: no initialism */
				break;
			}
			ini[nini++] = c;
		}
		out->initials_len = 0;
		if (nini >= NC_INITIALS_MIN && nini <= NC_INITIALS_MAX)
		{
			out->initials_len = (uint16_t) nc_fold(ini, nini, out->text + t, NC_INITIALS_MAX * 2 + 1);
			t += out->initials_len;
		}
	}
	out->textlen = (uint16_t) t;

	for (i = 0; i < out->ntok; i++)
	{
		NcTok	   *tok = &out->tok[i];
		uint32_t	tk[NC_MAX_TOKEN_KEYS];
		int			k,
					nk;

		if (nkey_tokens > 0 && tok->kind != NC_KIND_DISTINCT && tok->kind != NC_KIND_NUMBER &&
			tok->kind != NC_KIND_QUALIFIER)
			continue;
		tok->iskey = 1;
		nk = token_keys(tok, out->text, tk);
		for (k = 0; k < nk; k++)
			add_key(out, tk[k]);
	}
	if (out->concat_len > 0)
		add_key(out, key_hash('T', out->text + out->concat_off, out->concat_len));

	/* sort and make distinct */
	if (out->nkeys > 1)
	{
		int			o = 1;

		qsort(out->keys, out->nkeys, sizeof(uint32_t), cmp_u32);
		for (i = 1; i < out->nkeys; i++)
			if (out->keys[i] != out->keys[o - 1])
				out->keys[o++] = out->keys[i];
		out->nkeys = (uint16_t) o;
	}
}

/* ---------------------------------------------------------------------
 * Packing and views
 * --------------------------------------------------------------------- */

#define PACK_HEADER 16

size_t
nc_packed_size(const NcName *n)
{
	return PACK_HEADER + sizeof(NcTok) * n->ntok + sizeof(uint32_t) * n->nkeys +
		n->textlen;
}

/*
 * Copy the used part of a parsed name into dst (nc_packed_size bytes,
 * aligned for uint32_t): a 16-byte header, the tokens, the keys, the text.
 */
void
nc_pack(const NcName *n, void *dst)
{
	char	   *p = dst;
	uint16_t	h[8];

	h[0] = n->ntok;
	h[1] = n->nkeys;
	h[2] = n->textlen;
	h[3] = n->legal;
	h[4] = n->truncated;
	h[5] = n->concat_off;
	h[6] = n->concat_len;
	h[7] = n->initials_len;
	memcpy(p, h, PACK_HEADER);
	p += PACK_HEADER;
	memcpy(p, n->tok, sizeof(NcTok) * n->ntok);
	p += sizeof(NcTok) * n->ntok;
	memcpy(p, n->keys, sizeof(uint32_t) * n->nkeys);
	p += sizeof(uint32_t) * n->nkeys;
	memcpy(p, n->text, n->textlen);
}

void
nc_view(const void *packed, NcView *v)
{
	const char *p = packed;
	uint16_t	h[8];

	memcpy(h, p, PACK_HEADER);
	v->ntok = h[0];
	v->nkeys = h[1];
	v->legal = h[3];
	v->concat_off = h[5];
	v->concat_len = h[6];
	v->initials_len = h[7];
	v->initials_off = h[2] - h[7];
	p += PACK_HEADER;
	v->tok = (const NcTok *) p;
	p += sizeof(NcTok) * v->ntok;
	v->keys = p;
	p += sizeof(uint32_t) * v->nkeys;
	v->text = p;
}

void
nc_view_name(const NcName *n, NcView *v)
{
	v->ntok = n->ntok;
	v->nkeys = n->nkeys;
	v->legal = n->legal;
	v->concat_off = n->concat_off;
	v->concat_len = n->concat_len;
	v->initials_len = n->initials_len;
	v->initials_off = n->textlen - n->initials_len;
	v->tok = n->tok;
	v->keys = n->keys;
	v->text = n->text;
}

typedef struct KeySortItem
{
	const char *s;
	size_t		len;
} KeySortItem;

static int
cmp_key_item(const void *a, const void *b)
{
	const KeySortItem *x = a;
	const KeySortItem *y = b;
	size_t		m = x->len < y->len ? x->len : y->len;
	int			c = memcmp(x->s, y->s, m);

	if (c != 0)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

static size_t key_text(const NcView *v, int with_legal, char *out, size_t outsize);

/*
 * The comparison key as text: the folded tokens in byte order, then the
 * legal-form class in capitals ("injiniring kazahstan LLP").  Returns the
 * length written (out is NUL-terminated; outsize >= textlen + 16 fits).
 */
size_t
nc_key_text(const NcView *v, char *out, size_t outsize)
{
	return key_text(v, 1, out, outsize);
}

/* the key as text, with its legal-form class or without (nc_key_text) */
static size_t
key_text(const NcView *v, int with_legal, char *out, size_t outsize)
{
	KeySortItem items[NC_MAX_TOKENS];
	size_t		o = 0;
	int			i;

	for (i = 0; i < v->ntok; i++)
	{
		items[i].s = v->text + v->tok[i].off;
		items[i].len = v->tok[i].len;
	}
	qsort(items, v->ntok, sizeof(KeySortItem), cmp_key_item);
	for (i = 0; i < v->ntok; i++)
	{
		if (o + items[i].len + 2 >= outsize)
			break;
		if (o > 0)
			out[o++] = ' ';
		memcpy(out + o, items[i].s, items[i].len);
		o += items[i].len;
	}
	if (with_legal && v->legal != NC_CLASS_NONE)
	{
		const char *c = nc_class_names[v->legal];
		size_t		cl = strlen(c);

		if (o + cl + 2 < outsize)
		{
			if (o > 0)
				out[o++] = ' ';
			memcpy(out + o, c, cl);
			o += cl;
		}
	}
	if (o < outsize)
		out[o] = '\0';
	return o;
}

/* ---------------------------------------------------------------------
 * Similarity
 * --------------------------------------------------------------------- */

/*
 * True when a and b are at most one edit apart: one byte substituted,
 * inserted or deleted, or two neighbours swapped (the optimal string
 * alignment distance, Damerau's: a swap is the commonest typing error and
 * one slip, not two).
 */
int
nc_within_one_edit(const char *a, size_t la, const char *b, size_t lb)
{
	size_t		i = 0;

	if (la > lb)
	{
		const char *ts = a;
		size_t		tl = la;

		a = b;
		la = lb;
		b = ts;
		lb = tl;
	}
	if (lb - la > 1)
		return 0;
	while (i < la && a[i] == b[i])
		i++;
	if (i == la)
		return 1;
	if (la == lb)
		return memcmp(a + i + 1, b + i + 1, la - i - 1) == 0 ||
			(i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
			 memcmp(a + i + 2, b + i + 2, la - i - 2) == 0);
	return memcmp(a + i, b + i + 1, la - i) == 0;
}

/*
 * True when the sorted key sets of two names intersect, or one name is the
 * initialism of the other (their initialism keys are of two kinds, which
 * an index search crosses: see initials_keys).
 */
int
nc_share_key(const NcView *a, const NcView *b)
{
	int			i = 0,
				j = 0;

	while (i < a->nkeys && j < b->nkeys)
	{
		uint32_t	ka = nc_view_key(a, i),
					kb = nc_view_key(b, j);

		if (ka == kb)
			return 1;
		if (ka < kb)
			i++;
		else
			j++;
	}
	return initials_match(a, b);
}

/*
 * Whether t[pos..] is written by non-empty beginnings of the tokens of v
 * from j on, one after another, ending at token start + 2 or later;
 * failed[pos][j] remembers the states that cannot (each is tried once).
 */
static int
run_from(const char *t, size_t tl, size_t pos, const NcView *v, int j, int start,
		 uint8_t failed[NC_MAX_TOKEN_LEN + 1][NC_MAX_TOKENS + 1])
{
	size_t		l,
				most;

	if (pos == tl)
		return j >= start + 2;
	if (j >= v->ntok || failed[pos][j])
		return 0;
	most = v->tok[j].len < tl - pos ? v->tok[j].len : tl - pos;
	for (l = most; l >= 1; l--)
		if (memcmp(v->text + v->tok[j].off, t + pos, l) == 0 &&
			run_from(t, tl, pos + l, v, j + 1, start, failed))
			return 1;
	failed[pos][j] = 1;
	return 0;
}

/* whether a word of a is written by the beginnings of a run of b's words */
static int
run_in(const NcView *a, const NcView *b)
{
	int			i,
				s;

	if (b->ntok < 2)
		return 0;
	for (i = 0; i < a->ntok; i++)
	{
		const NcTok *x = &a->tok[i];

		if (x->len < NC_RUN_MIN_LEN || x->len > NC_MAX_TOKEN_LEN)
			continue;
		for (s = 0; s + 1 < b->ntok; s++)
		{
			uint8_t		failed[NC_MAX_TOKEN_LEN + 1][NC_MAX_TOKENS + 1];

			if (a->text[x->off] != b->text[b->tok[s].off])
				continue;
			memset(failed, 0, (x->len + 1) * sizeof(failed[0]));
			if (run_from(a->text + x->off, x->len, 0, b, s, s, failed))
				return 1;
		}
	}
	return 0;
}

static double
kind_weight(int kind)
{
	return (kind == NC_KIND_GENERIC || kind == NC_KIND_PLACE ||
			kind == NC_KIND_QUALIFIER) ? NC_WEIGHT_GENERIC : NC_WEIGHT_DISTINCT;
}

/* similarity of two tokens: 1, 1 - 1/length, NC_SKELETON_SIM or 0 */
static double
token_sim(const NcView *a, const NcTok *x, const NcView *b, const NcTok *y)
{
	const char *s = a->text + x->off;
	const char *t = b->text + y->off;
	double		sim = 0.0;

	if (x->len == y->len && memcmp(s, t, x->len) == 0)
		return 1.0;
	if (x->kind == NC_KIND_NUMBER || y->kind == NC_KIND_NUMBER)
		return 0.0;
	if (x->len >= 4 && y->len >= 4 && nc_within_one_edit(s, x->len, t, y->len))
		sim = 1.0 - 1.0 / (x->len > y->len ? x->len : y->len);
	if (x->len >= 5 && y->len >= 5 && x->sklen >= 3 && x->sklen == y->sklen &&
		memcmp(a->text + x->skoff, b->text + y->skoff, x->sklen) == 0 &&
		sim < NC_SKELETON_SIM)
		sim = NC_SKELETON_SIM;
	return sim;
}

typedef struct PairItem
{
	double		sim;
	double		weight;
	uint8_t		i;
	uint8_t		j;
} PairItem;

static int
cmp_pair(const void *pa, const void *pb)
{
	const PairItem *x = pa;
	const PairItem *y = pb;

	if (x->sim != y->sim)
		return x->sim > y->sim ? -1 : 1;
	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	if (x->i != y->i)
		return x->i < y->i ? -1 : 1;
	return x->j < y->j ? -1 : x->j > y->j;
}

/* the factor for two legal-form classes */
static double
legal_factor(int a, int b)
{
	int			fa = nc_class_family(a),
				fb = nc_class_family(b);

	if (a == b)
		return 1.0;
	if (a == NC_CLASS_NONE || b == NC_CLASS_NONE ||
		fa == NC_FAMILY_NEUTRAL || fb == NC_FAMILY_NEUTRAL || fa == fb)
		return NC_LEGAL_PARTIAL;
	if (fa == NC_FAMILY_PERSON || fb == NC_FAMILY_PERSON)
		return NC_LEGAL_PERSON_FIRM;
	return NC_LEGAL_OTHER_FAMILY;
}

static int
cmp_u16(const void *a, const void *b)
{
	uint16_t	x = *(const uint16_t *) a;
	uint16_t	y = *(const uint16_t *) b;

	return x < y ? -1 : x > y;
}

/* the byte pairs of s, sorted; returns their count */
static int
byte_pairs(const char *s, size_t len, uint16_t *out)
{
	size_t		i;

	if (len < 2)
		return 0;
	for (i = 0; i + 1 < len; i++)
		out[i] = (uint16_t) (((unsigned char) s[i] << 8) | (unsigned char) s[i + 1]);
	qsort(out, len - 1, sizeof(uint16_t), cmp_u16);
	return (int) (len - 1);
}

/*
 * How alike two names' keys are written, with their legal-form classes or
 * words only: 1 when the keys are equal, else the Dice coefficient of the
 * multisets of their byte pairs, kept below 1.
 */
static double
key_likeness(const NcView *a, const NcView *b, int with_legal)
{
	char		ka[NC_MAX_TEXT * 4 + 64],
				kb[NC_MAX_TEXT * 4 + 64];
	uint16_t	pa[NC_MAX_TEXT * 4 + 64],
				pb[NC_MAX_TEXT * 4 + 64];
	size_t		la = key_text(a, with_legal, ka, sizeof(ka)),
				lb = key_text(b, with_legal, kb, sizeof(kb));
	int			na,
				nb,
				i = 0,
				j = 0,
				common = 0;
	double		d;

	if (la == lb && memcmp(ka, kb, la) == 0)
		return 1.0;
	na = byte_pairs(ka, la, pa);
	nb = byte_pairs(kb, lb, pb);
	while (i < na && j < nb)
	{
		if (pa[i] == pb[j])
		{
			common++;
			i++;
			j++;
		}
		else if (pa[i] < pb[j])
			i++;
		else
			j++;
	}
	d = na + nb > 0 ? 2.0 * common / (na + nb) : 0.0;
	return d < 0.999 ? d : 0.999;
}

/*
 * The similarity of two parsed names in [0, 1], with its parts: the token
 * alignment score, the legal-form factor and whether a key is shared.
 * Names with no tokens (empty, punctuation or a legal form only) have
 * similarity 0 with everything.
 */
static double similarity(const NcView *a, const NcView *b, double floor,
						 double *align_out, double *legal_out, int *shared_out);

double
nc_similarity_detail(const NcView *a, const NcView *b, double *align_out,
					 double *legal_out, int *shared_out)
{
	return similarity(a, b, 0.0, align_out, legal_out, shared_out);
}

/*
 * The similarity of two names when it reaches floor; otherwise some value
 * below floor (the score before the tie-break, which only lowers it).  Saves
 * the tie-break's work on the many candidates a match rejects.
 */
double
nc_similarity_floor(const NcView *a, const NcView *b, double floor)
{
	double		align,
				lf;
	int			shared;

	return similarity(a, b, floor, &align, &lf, &shared);
}

static double
similarity(const NcView *a, const NcView *b, double floor, double *align_out,
		   double *legal_out, int *shared_out)
{
	PairItem	pairs[NC_MAX_TOKENS * NC_MAX_TOKENS];
	uint8_t		used_a[NC_MAX_TOKENS] = {0};
	uint8_t		used_b[NC_MAX_TOKENS] = {0};
	int			np = 0;
	int			i,
				j;
	double		wa = 0.0,
				wb = 0.0,
				matched_a = 0.0,
				matched_b = 0.0,
				align,
				lf,
				base,
				spelling;
	int			shared;

	*align_out = 0.0;
	*legal_out = 1.0;
	*shared_out = 0;
	if (a->ntok == 0 || b->ntok == 0)
		return 0.0;
	for (i = 0; i < a->ntok; i++)
		wa += kind_weight(a->tok[i].kind);
	for (j = 0; j < b->ntok; j++)
		wb += kind_weight(b->tok[j].kind);
	for (i = 0; i < a->ntok; i++)
		for (j = 0; j < b->ntok; j++)
		{
			double		s = token_sim(a, &a->tok[i], b, &b->tok[j]);

			if (s > 0.0)
			{
				pairs[np].sim = s;
				pairs[np].weight = kind_weight(a->tok[i].kind) + kind_weight(b->tok[j].kind);
				pairs[np].i = (uint8_t) i;
				pairs[np].j = (uint8_t) j;
				np++;
			}
		}
	qsort(pairs, np, sizeof(PairItem), cmp_pair);
	for (i = 0; i < np; i++)
	{
		if (used_a[pairs[i].i] || used_b[pairs[i].j])
			continue;
		used_a[pairs[i].i] = used_b[pairs[i].j] = 1;
		matched_a += pairs[i].sim * kind_weight(a->tok[pairs[i].i].kind);
		matched_b += pairs[i].sim * kind_weight(b->tok[pairs[i].j].kind);
	}
	/*
	 * the geometric mean of the shares of each name matched: both must be
	 * there, but a word one name adds costs less than in the Dice
	 * coefficient (the harmonic mean), as aliases add and drop words
	 */
	align = sqrt((matched_a / wa) * (matched_b / wb));
	/* the lighter name contained in the other */
	if ((wa <= wb ? wa : wb) >= NC_CONTAIN_MIN_WEIGHT)
	{
		double		share_a = matched_a / wa,
					share_b = matched_b / wb;
		double		contain = NC_CONTAIN_SIM *
			(wa < wb ? share_a : wb < wa ? share_b : share_a > share_b ? share_a : share_b);

		if (contain > align)
			align = contain;
	}
	/* one name written as one word, the other as several */
	if (a->ntok != b->ntok)
	{
		const char *ca = a->ntok > 1 ? a->text + a->concat_off : a->text + a->tok[0].off;
		size_t		la = a->ntok > 1 ? (size_t) a->concat_len : a->tok[0].len;
		const char *cb = b->ntok > 1 ? b->text + b->concat_off : b->text + b->tok[0].off;
		size_t		lb = b->ntok > 1 ? (size_t) b->concat_len : b->tok[0].len;

		if (la == lb && la > 0 && memcmp(ca, cb, la) == 0 && align < 0.95)
			align = 0.95;
	}
	/* one name the initialism of the other */
	if (align < NC_INITIALS_SIM && initials_match(a, b))
		align = NC_INITIALS_SIM;
	if (align > 1.0)
		align = 1.0;
	lf = legal_factor(a->legal, b->legal);
	shared = nc_share_key(a, b);
	*align_out = align;
	*legal_out = lf;
	*shared_out = shared;
	base = align * lf * (shared ? 1.0 : NC_NO_SHARED_KEY_FACTOR);
	/* nothing below can lift a score to a floor above NC_SPELLING_CAP */
	if (base < floor && floor > NC_SPELLING_CAP)
		return base;
	if (base < NC_RUN_SCORE && (run_in(a, b) || run_in(b, a)))
		base = NC_RUN_SCORE;
	base *= 1.0 - NC_TIEBREAK * (1.0 - key_likeness(a, b, 1));
	/* names alike letter by letter rank above unrelated ones, under one half */
	if (base >= NC_SPELLING_CAP)
		return base;
	spelling = NC_SPELLING_CAP * key_likeness(a, b, 0);
	return base > spelling ? base : spelling;
}

double
nc_similarity(const NcView *a, const NcView *b)
{
	double		align,
				lf;
	int			shared;

	return nc_similarity_detail(a, b, &align, &lf, &shared);
}

/* ---------------------------------------------------------------------
 * Index queries: which rows sharing which keys can still match
 * --------------------------------------------------------------------- */

/* token a (skeleton sa) and table word w are equal, one edit apart or skeletons */
static int
near_word(const char *a, size_t la, const char *sa, size_t sla, const NcDict *d, int w)
{
	size_t		lw = d->word_len[w];

	/* lengths two apart with other skeleton lengths: neither test can pass */
	if ((la > lw ? la - lw : lw - la) > 1 && d->word_sklen[w] != sla)
		return 0;
	if (la == lw && memcmp(a, d->words[w], la) == 0)
		return 1;
	if (la >= 4 && lw >= 4 && nc_within_one_edit(a, la, d->words[w], lw))
		return 1;
	if (la < 5 || lw < 5 || sla < 3)
		return 0;
	return d->word_sklen[w] == sla && memcmp(d->word_skel[w], sa, sla) == 0;
}

static int
cmp_query_key(const void *a, const void *b)
{
	const uint64_t *x = a;
	const uint64_t *y = b;

	return *x < *y ? -1 : *x > *y;
}

/*
 * The plan of an index search for a name (nc_query_bound says which rows
 * can match).  Keys: every key of the name, and for its tokens that give no
 * keys (generic and place words beside a distinctive one) the keys they
 * would give; each key with the tokens it comes from.  For each token, the
 * most a row's token it is matched to can weigh when none of its keys is in
 * the row: a token of NC_DELETION_MAX_LEN bytes or more can be one edit from
 * a row's token without sharing a key (1); a token near a generic or place
 * word can match that word, which gives no key (NC_WEIGHT_GENERIC); any
 * other token matches nothing in such a row (0).
 */
void
nc_query_build(const NcView *v, const NcDict *d, NcQuery *q)
{
	uint64_t	tmp[NC_MAX_QUERY_KEYS];
	int			n = 0,
				i,
				o;

	q->ntok = v->ntok;
	q->wa = 0.0;
	for (i = 0; i < v->ntok; i++)
	{
		const NcTok *tok = &v->tok[i];
		const char *s = v->text + tok->off;
		uint32_t	tk[NC_MAX_TOKEN_KEYS];
		int			k,
					nk = token_keys(tok, v->text, tk);

		q->w[i] = kind_weight(tok->kind);
		q->wa += q->w[i];
		for (k = 0; k < nk && n < NC_MAX_QUERY_KEYS; k++)
			tmp[n++] = ((uint64_t) tk[k] << 32) | (uint64_t) i |
				(tok->iskey ? NC_QKEY_REAL : 0);
		q->x_absent[i] = 0.0;
		if (tok->kind == NC_KIND_NUMBER)
			continue;
		if (tok->len >= NC_DELETION_MAX_LEN)
			q->x_absent[i] = 1.0;
		else
		{
			int			w;

			for (w = 0; w < d->nwords; w++)
				if ((d->word_kind[w] == NC_KIND_GENERIC || d->word_kind[w] == NC_KIND_PLACE) &&
					near_word(s, tok->len, v->text + tok->skoff, tok->sklen, d, w))
				{
					q->x_absent[i] = NC_WEIGHT_GENERIC;
					break;
				}
		}
	}
	if (v->concat_len > 0 && n < NC_MAX_QUERY_KEYS)
		tmp[n++] = ((uint64_t) key_hash('T', v->text + v->concat_off, v->concat_len) << 32) |
			NC_QKEY_REAL | NC_QKEY_CONCAT;
	/* an initialism key, like the joined-words key, leaves any similarity possible */
	{
		uint32_t	ik[2];
		int			k,
					nk = initials_keys(v, 1, ik);

		for (k = 0; k < nk && n < NC_MAX_QUERY_KEYS; k++)
			tmp[n++] = ((uint64_t) ik[k] << 32) | NC_QKEY_REAL | NC_QKEY_CONCAT;
	}
	/* sort by key; merge the tokens and flags of equal keys */
	qsort(tmp, n, sizeof(uint64_t), cmp_query_key);
	o = 0;
	for (i = 0; i < n; i++)
	{
		uint32_t	key = (uint32_t) (tmp[i] >> 32);
		uint32_t	low = (uint32_t) tmp[i];
		uint32_t	toks = (low & NC_QKEY_CONCAT) ? 0 : ((uint32_t) 1 << (low & 31));

		if (o > 0 && q->keys[o - 1] == key)
		{
			q->toks[o - 1] |= toks;
			q->flags[o - 1] |= (uint8_t) ((low & (NC_QKEY_REAL | NC_QKEY_CONCAT)) >> 8);
			continue;
		}
		q->keys[o] = key;
		q->toks[o] = toks;
		q->flags[o] = (uint8_t) ((low & (NC_QKEY_REAL | NC_QKEY_CONCAT)) >> 8);
		o++;
	}
	q->nkeys = o;
}

/*
 * An upper bound of the similarity of the query's name with a name whose
 * index keys include the query keys marked in present[] (and no other query
 * key).  Without a shared key of the name the similarity is at most
 * NC_NO_SHARED_KEY_FACTOR: 0 here.  With the joined-words key it can be
 * anything: 1.  Otherwise a token of the query can be matched (at most
 * wholly) only if some key of the token is present or it is near a generic
 * or place word (x_absent); the alignment, the geometric mean of the shares
 * of each name matched, is then at most the square root of the query's
 * share those tokens weigh (the row's share is at most 1).  The legal-form
 * factor is at most 1.
 */
double
nc_query_bound(const NcQuery *q, const uint8_t *present)
{
	uint32_t	seen = 0;
	int			real = 0,
				i;
	double		align,
				row_most = 0.0,
				query_matchable = 0.0;

	for (i = 0; i < q->nkeys; i++)
	{
		if (!present[i])
			continue;
		if (q->flags[i] & (NC_QKEY_CONCAT >> 8))
			return 1.0;
		if (q->flags[i] & (NC_QKEY_REAL >> 8))
			real = 1;
		seen |= q->toks[i];
	}
	if (!real)
		return 0.0;
	for (i = 0; i < q->ntok; i++)
	{
		double		x = (seen & ((uint32_t) 1 << i)) ? 1.0 : q->x_absent[i];

		if (x > 0.0)
		{
			row_most += x;
			query_matchable += q->w[i];
		}
	}
	align = q->wa > 0.0 ? sqrt(query_matchable / q->wa) : 0.0;
	/*
	 * Containment needs the lighter name to weigh NC_CONTAIN_MIN_WEIGHT, so
	 * the query too.  A lighter row is matched at most row_most of its
	 * weight of at least NC_CONTAIN_MIN_WEIGHT; a lighter query at most its
	 * matchable tokens' share.
	 */
	if (q->wa >= NC_CONTAIN_MIN_WEIGHT)
	{
		double		row_share = row_most / NC_CONTAIN_MIN_WEIGHT;
		double		query_share = query_matchable / q->wa;
		double		share = row_share > query_share ? row_share : query_share;
		double		contain = NC_CONTAIN_SIM * (share < 1.0 ? share : 1.0);

		if (contain > align)
			return contain;
	}
	return align;
}
