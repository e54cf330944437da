/*
 * fuzz_hsset.c
 *		libFuzzer target: hsset_parse, hsset_format and the compiled ranges.
 *
 * Properties checked on every input:
 * - the parser accepts exactly what the documented grammar accepts:
 *   "{" items "}" or "{}", items split by ",", each an hscode (the
 *   hscode oracle) with an optional leading "!", white space around
 *   braces and items, no code both included and excluded;
 * - an input holding a NUL byte is rejected; item positions lie inside
 *   the input;
 * - the members are canonical: sorted, each one changes the answer its
 *   nearest containing member gives (none at the top: not a member), and
 *   canonicalising again changes nothing;
 * - membership is what the brute-force rule says for the raw items (the
 *   longest included or excluded item containing a code decides), probed
 *   on every item code and each of its ancestors;
 * - the compiled ranges are sorted, disjoint and agree with membership,
 *   and overlap the subtree of a probe exactly when it holds a member;
 * - parse -> format -> parse is the identity and the text form is stable.
 */
#include "hs_core.h"
#include "hsset_core.h"
#include "oracle_hscode.h"

/* the raw items of an accepted input, as the oracle reads them */
typedef struct raw_item
{
	int64_t		key;
	bool		exclude;
} raw_item;

/* White space as every parser trims it. */
static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/*
 * The grammar, restated: returns whether s is an hsset; fills items (room
 * for strlen(s) + 1) and *nitems when it is.
 */
static bool
oracle_hsset(char *s, raw_item *items, int *nitems)
{
	size_t		len = strlen(s);
	size_t		b = 0,
				e = len;
	char	   *inner;
	char	   *save = NULL;
	int			n = 0;
	bool		all_ws = true;

	while (b < e && is_ws(s[b]))
		b++;
	while (e > b && is_ws(s[e - 1]))
		e--;
	if (e - b < 2 || s[b] != '{' || s[e - 1] != '}')
		return false;
	s[e - 1] = '\0';
	inner = s + b + 1;
	for (char *p = inner; *p; p++)
		all_ws = all_ws && is_ws(*p);
	*nitems = 0;
	if (all_ws)
		return true;
	/* split on every comma, keeping empty items (strtok would drop them) */
	for (char *item = inner;; item = save + 1)
	{
		char		digits[HS_MAX_DIGITS + 1];
		char	   *code;
		size_t		ilen;
		bool		exclude = false;

		save = strchr(item, ',');
		if (save != NULL)
			*save = '\0';
		while (is_ws(*item))
			item++;
		ilen = strlen(item);
		while (ilen > 0 && is_ws(item[ilen - 1]))
			item[--ilen] = '\0';
		if (ilen == 0)
			return false;
		code = item;
		if (*code == '!')
		{
			exclude = true;
			code++;
		}
		if (!oracle_hscode(code, digits))
			return false;
		if (hs_parse_text(digits, strlen(digits), &items[n].key, NULL) != HS_OK)
			abort();			/* the hscode target checks this cannot be */
		items[n].exclude = exclude;
		for (int j = 0; j < n; j++)
			if (items[j].key == items[n].key && items[j].exclude != exclude)
				return false;	/* included and excluded */
		n++;
		if (save == NULL)
			break;
	}
	*nitems = n;
	return true;
}

/* brute force: the longest raw item containing key decides */
static bool
oracle_member(const raw_item *items, int n, int64_t key)
{
	int			best = -1;

	for (int i = 0; i < n; i++)
		if (hs_key_contains(items[i].key, key) &&
			(best < 0 || hs_key_ndigits(items[i].key) > hs_key_ndigits(items[best].key)))
			best = i;
	return best >= 0 && !items[best].exclude;
}

/*
 * brute force: does the subtree of key hold a member?  Either key is one,
 * or an included item lies in the subtree (an item decides its own code).
 */
static bool
oracle_subtree_overlaps(const raw_item *items, int n, int64_t key)
{
	if (oracle_member(items, n, key))
		return true;
	for (int i = 0; i < n; i++)
		if (!items[i].exclude && hs_key_contains(key, items[i].key))
			return true;
	return false;
}

/* The properties of an accepted set: canonical, right members, round trip. */
static void
check_accepted(const int64_t *m, int n, const raw_item *items, int nitems)
{
	int64_t    *again = malloc(sizeof(int64_t) * (n + 1));
	int64_t    *reparsed;
	hsset_range *ranges = malloc(sizeof(hsset_range) * (n + 1));
	size_t		bufsize = hsset_format_bufsize(n);
	char	   *text = malloc(bufsize);
	char	   *text2 = malloc(bufsize);
	size_t		len;
	int			nranges;
	int			nre = 0;

	/* canonical */
	for (int i = 0; i < n; i++)
	{
		PROPERTY(hs_key_is_valid(HSSET_KEY(m[i])), "member %d invalid", i);
		PROPERTY(i == 0 || HSSET_KEY(m[i - 1]) < HSSET_KEY(m[i]), "members not sorted");
	}
	/* every member changes the answer of its nearest containing member */
	for (int i = 0; i < n; i++)
	{
		int			parent = -1;

		for (int j = 0; j < i; j++)
			if (hs_key_contains(HSSET_KEY(m[j]), HSSET_KEY(m[i])))
				parent = j;		/* sorted: the last one is the nearest */
		PROPERTY(HSSET_IS_EXCLUDED(m[i]) !=
				 (parent < 0 || HSSET_IS_EXCLUDED(m[parent])), "member %d is redundant", i);
	}
	if (n > 0)
		memcpy(again, m, sizeof(int64_t) * n);
	PROPERTY(hsset_canonicalize(again, n, NULL) == n &&
			 (n == 0 || memcmp(again, m, sizeof(int64_t) * n) == 0), "not canonical");

	/* membership, on every item code and its ancestors */
	nranges = hsset_to_ranges(m, n, ranges);
	PROPERTY(nranges >= 0 && nranges <= n, "%d ranges for %d members", nranges, n);
	for (int r = 0; r < nranges; r++)
		PROPERTY(ranges[r].lo <= ranges[r].hi &&
				 (r == 0 || ranges[r - 1].hi + 1 < ranges[r].lo), "ranges not sorted and apart");
	for (int i = 0; i < nitems; i++)
	{
		for (int level = HS_MIN_DIGITS; level <= hs_key_ndigits(items[i].key); level++)
		{
			int64_t		probe;
			bool		expect;

			if (!hs_ndigits_is_valid(level))
				continue;
			probe = hs_key_truncate(items[i].key, level);
			expect = oracle_member(items, nitems, probe);
			PROPERTY(hsset_member_value(m, n, probe) == expect, "membership of a probe");
			PROPERTY(hsset_ranges_contain(ranges, nranges, probe) == expect, "ranges of a probe");
			PROPERTY(hsset_ranges_overlap(ranges, nranges, probe, hs_key_subtree_max(probe)) ==
					 oracle_subtree_overlaps(items, nitems, probe), "ranges overlapping a subtree");
		}
	}

	/* round trip and stable text */
	len = hsset_format(m, n, text);
	PROPERTY(len == strlen(text) && len < bufsize, "format length %zu", len);
	reparsed = malloc(sizeof(int64_t) * hsset_count_items(text, len));
	PROPERTY(hsset_parse(text, len, reparsed, &nre, NULL) == HSSET_OK, "%s does not parse", text);
	PROPERTY(nre == n && (n == 0 || memcmp(reparsed, m, sizeof(int64_t) * n) == 0),
			 "%s parses to another set", text);
	hsset_format(reparsed, nre, text2);
	PROPERTY(strcmp(text, text2) == 0, "%s then %s", text, text2);

	free(again);
	free(reparsed);
	free(ranges);
	free(text);
	free(text2);
}

/* One input: the parser against the grammar, then the accepted set. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *exact = fuzz_exact_copy(data, size);
	char	   *cstr = fuzz_cstring(data, size);
	int			cap = hsset_count_items(exact, size);
	int64_t    *members = malloc(sizeof(int64_t) * cap);
	raw_item   *items = malloc(sizeof(raw_item) * (size + 1));
	int			nitems = 0;
	bool		oracle_ok = cstr != NULL && oracle_hsset(cstr, items, &nitems);
	int			n = 0;
	hsset_parse_info info;
	hsset_status status = hsset_parse(exact, size, members, &n, &info);

	PROPERTY((status == HSSET_OK) == oracle_ok, "parser says %d, grammar says %s",
			 (int) status, oracle_ok ? "valid" : "invalid");
	if (status == HSSET_OK)
	{
		PROPERTY(n >= 0 && n <= cap && n <= nitems, "%d members from %d items", n, nitems);
		check_accepted(members, n, items, nitems);
	}
	else if (status != HSSET_ERR_BRACES)
		PROPERTY(info.item_start + info.item_len <= size, "item at %zu+%zu of %zu",
				 info.item_start, info.item_len, size);
	free(exact);
	free(cstr);
	free(members);
	free(items);
	return 0;
}
