/*
 * country_names_core.c
 *		The word form of country names without the server: the canonical
 *		words ICU's output is reduced to, and the ranking of names that
 *		claim the same look-up key.
 */
#include "country_core.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Words that carry no meaning in a country name: "the", "of", "and". */
static bool
is_stop_word(const char *w, size_t len)
{
	return (len == 3 && (memcmp(w, "the", 3) == 0 || memcmp(w, "and", 3) == 0)) ||
		(len == 2 && memcmp(w, "of", 2) == 0);
}

/* The full word of an abbreviation seen in customs data, or NULL. */
static const char *
abbreviation(const char *w, size_t len)
{
	static const char *const abbr[][2] = {
		{"rep", "republic"}, {"fed", "federation"}, {"dem", "democratic"},
		{"st", "saint"}, {"utd", "united"}, {"is", "islands"}, {"isl", "islands"}
	};

	for (size_t i = 0; i < sizeof(abbr) / sizeof(abbr[0]); i++)
		if (strlen(abbr[i][0]) == len && memcmp(abbr[i][0], w, len) == 0)
			return abbr[i][1];
	return NULL;
}

typedef struct word
{
	const char *s;
	size_t		len;
} word;

static int
word_cmp(const void *x, const void *y)
{
	const word *a = x,
			   *b = y;
	size_t		m = a->len < b->len ? a->len : b->len;
	int			c = memcmp(a->s, b->s, m);

	if (c != 0)
		return c;
	return a->len < b->len ? -1 : (a->len > b->len ? 1 : 0);
}

/*
 * Bytes of working memory cc_canonical_words needs for an input of len
 * bytes: a word per byte at most, and a copy of the input.
 */
size_t
cc_canonical_words_work_size(size_t len)
{
	return sizeof(word) * (len + 1) + len + 1;
}

/*
 * Canonical word form of a name that ICU has already folded and
 * transliterated: apostrophes and the '"' ICU writes for the Cyrillic hard
 * sign vanish ("people's" is "peoples"), every other ASCII character that
 * is not a letter or digit separates words, the words "the", "of" and "and"
 * (and "&") are dropped, a few abbreviations are spelt out ("rep." is
 * "republic", "st." is "saint"), and the words are sorted and joined by
 * single spaces, so that "Korea, Republic of" and "Rep. of Korea" read
 * alike.  Bytes above ASCII (letters ICU left alone) stay in
 * their words.  Writes at most outsize - 1 bytes and a NUL; returns the
 * length of the full result (which may exceed outsize - 1: then it is cut).
 * The caller lends the working memory, cc_canonical_words_work_size(len)
 * bytes at work, so the server allocates it with its own allocator (which
 * reports running out of memory) and this file never allocates.
 */
size_t
cc_canonical_words(const char *in, size_t len, char *out, size_t outsize,
				   void *work)
{
	word	   *words = work;
	char	   *buf = (char *) (words + len + 1);
	size_t		nb = 0,
				nw = 0,
				total = 0;
	size_t		start = 0;

	/* pass 1: clean characters into buf, words separated by one space */
	for (size_t i = 0; i < len; i++)
	{
		unsigned char ch = (unsigned char) in[i];

		if (ch == '\'' || ch == '`' || ch == '"')
			continue;
		if (ch < 0x80 && !isalnum(ch))
			ch = ' ';
		else if (ch >= 'A' && ch <= 'Z')
			ch = (unsigned char) (ch + ('a' - 'A'));
		buf[nb++] = (char) ch;
	}
	buf[nb] = ' ';
	/* pass 2: split */
	for (size_t i = 0; i <= nb; i++)
	{
		if (buf[i] == ' ')
		{
			if (i > start && !is_stop_word(buf + start, i - start))
			{
				const char *full = abbreviation(buf + start, i - start);

				words[nw].s = full ? full : buf + start;
				words[nw].len = full ? strlen(full) : i - start;
				nw++;
			}
			start = i + 1;
		}
	}
	qsort(words, nw, sizeof(word), word_cmp);
	/* pass 3: join */
	for (size_t w = 0; w < nw; w++)
	{
		for (size_t k = 0; k < words[w].len + (w > 0); k++)
		{
			char		ch = (w > 0 && k == 0) ? ' ' : words[w].s[k - (w > 0)];

			if (total + 1 < outsize)
				out[total] = ch;
			total++;
		}
	}
	if (outsize > 0)
		out[total < outsize ? total : outsize - 1] = '\0';
	return total;
}

/*
 * Record one name's claim on a look-up key: the code of a country and the
 * rank of the column the name came from (a cc_lang; lower wins).  The best
 * rank wins the key; two countries at the best rank make it ambiguous (the
 * second kept in other).  A better rank always clears the ambiguity, also
 * when it comes from the country already holding the key, so the result
 * does not depend on the order in which the names arrive.
 */
void
cc_name_claim(cc_name_entry *e, bool first, uint16_t code, int rank)
{
	if (first || rank < e->rank)
	{
		e->code = code;
		e->other = 0;
		e->rank = rank;
	}
	else if (rank == e->rank && code != e->code)
		e->other = code;
}
