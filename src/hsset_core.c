/*
 * hsset_core.c
 *		Canonical form, text form, set algebra and key ranges of hsset
 *		values (sets of HS code prefixes with exclusions).
 *
 * No server headers here: see hsset_core.h for the meaning of a set.
 */
#include "hsset_core.h"
#include "core_ascii.h"
#include "hs_core.h"

#include <stdlib.h>
#include <string.h>

/* see hsset_core.h; NULL outside the server */
void		(*hsset_interrupt_check) (void) = NULL;

/* deepest nesting of members: one per code length */
#define HSSET_MAX_DEPTH		(HS_MAX_DIGITS + 1)

/* qsort comparator: members by key, exclusion flag last */
static int
member_cmp(const void *a, const void *b)
{
	int64_t		x = *(const int64_t *) a;
	int64_t		y = *(const int64_t *) b;

	if (HSSET_KEY(x) != HSSET_KEY(y))
		return HSSET_KEY(x) < HSSET_KEY(y) ? -1 : 1;
	return x < y ? -1 : (x > y ? 1 : 0);
}

/*
 * Bring members[0..n) into canonical form in place and return the new
 * count, or -1 when a key is both included and excluded (its key is then
 * stored in *conflict).  Members whose removal would not change which codes
 * belong to the set are dropped.
 */
int
hsset_canonicalize(int64_t *members, int n, int64_t *conflict)
{
	int64_t		stack[HSSET_MAX_DEPTH];
	int			depth = 0;
	int			nkept = 0;
	int			i;

	qsort(members, (size_t) n, sizeof(int64_t), member_cmp);
	for (i = 0; i < n; i++)
	{
		int64_t		m = members[i];
		bool		value = !HSSET_IS_EXCLUDED(m);
		bool		parent_value;

		HSSET_CHECK_INTERRUPTS();
		if (i > 0 && HSSET_KEY(members[i - 1]) == HSSET_KEY(m))
		{
			if (members[i - 1] != m)
			{
				if (conflict)
					*conflict = HSSET_KEY(m);
				return -1;
			}
			continue;			/* the same member twice */
		}
		while (depth > 0 && !hs_key_contains(HSSET_KEY(stack[depth - 1]), HSSET_KEY(m)))
			depth--;
		parent_value = depth > 0 && !HSSET_IS_EXCLUDED(stack[depth - 1]);
		if (value == parent_value)
			continue;			/* redundant: the code's ancestor says the same */
		members[nkept++] = m;
		stack[depth++] = m;
	}
	return nkept;
}

/*
 * An upper bound on the number of members the text can hold (one more than
 * its commas), for sizing the array hsset_parse fills.
 */
int
hsset_count_items(const char *str, size_t len)
{
	int			n = 1;
	size_t		i;

	for (i = 0; i < len; i++)
		if (str[i] == ',')
			n++;
	return n;
}

/*
 * Parse the text form "{8542, !854290, 8471}" into canonical members
 * (at least hsset_count_items slots).  Items are hscode texts (any
 * spelling hscode input accepts), an exclusion marked by a leading "!";
 * white space around items is ignored, "{}" is the empty set.
 */
hsset_status
hsset_parse(const char *str, size_t len, int64_t *members, int *nmembers,
			hsset_parse_info *info)
{
	size_t		start = 0;
	size_t		end = len;
	size_t		pos;
	int			n = 0;
	int64_t		conflict = 0;
	hsset_parse_info dummy;

	if (info == NULL)
		info = &dummy;
	memset(info, 0, sizeof(*info));
	while (start < end && ts_is_space(str[start]))
		start++;
	while (end > start && ts_is_space(str[end - 1]))
		end--;
	if (end - start < 2 || str[start] != '{' || str[end - 1] != '}')
		return HSSET_ERR_BRACES;
	start++;
	end--;

	/* "{}" or "{ }": the empty set */
	pos = start;
	while (pos < end && ts_is_space(str[pos]))
		pos++;
	if (pos == end)
	{
		*nmembers = 0;
		return HSSET_OK;
	}

	pos = start;
	for (;;)
	{
		size_t		item = pos;
		size_t		item_end = pos;
		size_t		code = pos;
		bool		exclude = false;
		int64_t		key;

		HSSET_CHECK_INTERRUPTS();
		while (item_end < end && str[item_end] != ',')
			item_end++;
		while (item < item_end && ts_is_space(str[item]))
			item++;
		info->item_start = item;
		info->item_len = item_end - item;
		while (info->item_len > 0 && ts_is_space(str[item + info->item_len - 1]))
			info->item_len--;
		if (info->item_len == 0)
			return HSSET_ERR_EMPTY_ITEM;
		code = item;
		if (str[code] == '!')
		{
			exclude = true;
			code++;
		}
		if (hs_parse_text(str + code, item + info->item_len - code, &key, NULL) != HS_OK)
			return HSSET_ERR_CODE;
		members[n++] = exclude ? (key | HSSET_EXCLUDE) : key;
		if (item_end == end)
			break;
		pos = item_end + 1;
	}
	n = hsset_canonicalize(members, n, &conflict);
	if (n < 0)
	{
		info->key = conflict;
		return HSSET_ERR_CONFLICT;
	}
	*nmembers = n;
	return HSSET_OK;
}

/* Bytes hsset_format needs for n members, NUL included. */
size_t
hsset_format_bufsize(int n)
{
	return 3 + (size_t) n * (HS_MAX_DIGITS + 2);
}

/*
 * Write the canonical text form ("{8471,8542,!854290}") into buf (at least
 * hsset_format_bufsize(n) bytes); returns its length.
 */
size_t
hsset_format(const int64_t *members, int n, char *buf)
{
	size_t		len = 0;
	int			i;

	buf[len++] = '{';
	for (i = 0; i < n; i++)
	{
		HSSET_CHECK_INTERRUPTS();
		if (i > 0)
			buf[len++] = ',';
		if (HSSET_IS_EXCLUDED(members[i]))
			buf[len++] = '!';
		len += (size_t) hs_key_digits(HSSET_KEY(members[i]), buf + len);
	}
	buf[len++] = '}';
	buf[len] = '\0';
	return len;
}

/* Index of the member whose key is exactly key, or -1. */
static int
find_member(const int64_t *members, int n, int64_t key)
{
	int			lo = 0;
	int			hi = n;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (HSSET_KEY(members[mid]) < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && HSSET_KEY(members[lo]) == key ? lo : -1;
}

/*
 * Does the code of this key belong to the set?  The longest member that is
 * the code or its ancestor decides.  A code has at most HS_MAX_DIGITS - 4
 * ancestors and itself (one per valid length), so looking each of them up,
 * longest first, costs O(log n) whatever the number of siblings.
 */
bool
hsset_member_value(const int64_t *members, int n, int64_t key)
{
	int			ndigits;

	for (ndigits = hs_key_ndigits(key); ndigits >= HS_MIN_DIGITS; ndigits--)
	{
		int			i;

		if (!hs_ndigits_is_valid(ndigits))
			continue;
		i = find_member(members, n, hs_key_truncate(key, ndigits));
		if (i >= 0)
			return !HSSET_IS_EXCLUDED(members[i]);
	}
	return false;
}

/*
 * a OP b into out (room for na + nb members); returns the count.  Every
 * code is decided by the longest member of a or b above it, so evaluating
 * both sets at each of their members' keys and canonicalizing the result
 * gives the exact answer.  O((na + nb) log(na + nb)): one merge, each step
 * a few binary searches (hsset_member_value), then a sort.
 */
int
hsset_combine(const int64_t *a, int na, const int64_t *b, int nb,
			  hsset_op op, int64_t *out)
{
	int			n = 0;
	int			i = 0;
	int			j = 0;

	while (i < na || j < nb)
	{
		int64_t		key;
		bool		va;
		bool		vb;
		bool		r = false;

		HSSET_CHECK_INTERRUPTS();
		if (j >= nb || (i < na && HSSET_KEY(a[i]) <= HSSET_KEY(b[j])))
			key = HSSET_KEY(a[i]);
		else
			key = HSSET_KEY(b[j]);
		while (i < na && HSSET_KEY(a[i]) == key)
			i++;
		while (j < nb && HSSET_KEY(b[j]) == key)
			j++;
		va = hsset_member_value(a, na, key);
		vb = hsset_member_value(b, nb, key);
		switch (op)
		{
			case HSSET_UNION:
				r = va || vb;
				break;
			case HSSET_INTERSECT:
				r = va && vb;
				break;
			case HSSET_EXCEPT:
				r = va && !vb;
				break;
		}
		out[n++] = r ? key : (key | HSSET_EXCLUDE);
	}
	return hsset_canonicalize(out, n, NULL);
}

/* Does every code of a belong to b? */
bool
hsset_is_subset(const int64_t *a, int na, const int64_t *b, int nb)
{
	int			i;

	/* a code outside a's members' subtrees is in neither set */
	for (i = 0; i < na; i++)
	{
		int64_t		key = HSSET_KEY(a[i]);

		HSSET_CHECK_INTERRUPTS();
		if (!HSSET_IS_EXCLUDED(a[i]) && !hsset_member_value(b, nb, key))
			return false;
	}
	for (i = 0; i < nb; i++)
	{
		int64_t		key = HSSET_KEY(b[i]);

		HSSET_CHECK_INTERRUPTS();
		if (HSSET_IS_EXCLUDED(b[i]) && hsset_member_value(a, na, key))
			return false;
	}
	return true;
}

/* Append [lo, hi] to ranges, merging it with an adjacent last range. */
static void
append_range(hsset_range *ranges, int *n, int64_t lo, int64_t hi)
{
	if (lo > hi)
		return;
	if (*n > 0 && ranges[*n - 1].hi + 1 >= lo)
	{
		if (hi > ranges[*n - 1].hi)
			ranges[*n - 1].hi = hi;
		return;
	}
	ranges[*n].lo = lo;
	ranges[*n].hi = hi;
	(*n)++;
}

/*
 * Compile canonical members into the key ranges of the codes that belong
 * (out needs room for n ranges: each member opens at most one); returns
 * the count.  A member's subtree is [key, hs_key_subtree_max(key)]; the
 * members nest, and the innermost one decides each key.
 */
int
hsset_to_ranges(const int64_t *members, int n, hsset_range *out)
{
	int64_t		stack_end[HSSET_MAX_DEPTH];
	bool		stack_value[HSSET_MAX_DEPTH];
	int			depth = 0;
	int			nranges = 0;
	int64_t		cursor = 0;		/* keys below it are decided */
	int			i;

	for (i = 0; i < n; i++)
	{
		int64_t		key = HSSET_KEY(members[i]);

		HSSET_CHECK_INTERRUPTS();
		/* close the members that end before this one starts */
		while (depth > 0 && stack_end[depth - 1] < key)
		{
			if (stack_value[depth - 1])
				append_range(out, &nranges, cursor, stack_end[depth - 1]);
			cursor = stack_end[depth - 1] + 1;
			depth--;
		}
		if (depth > 0 && stack_value[depth - 1] && key > cursor)
			append_range(out, &nranges, cursor, key - 1);
		stack_end[depth] = hs_key_subtree_max(key);
		stack_value[depth] = !HSSET_IS_EXCLUDED(members[i]);
		depth++;
		cursor = key;
	}
	while (depth > 0)
	{
		if (stack_value[depth - 1])
			append_range(out, &nranges, cursor, stack_end[depth - 1]);
		cursor = stack_end[depth - 1] + 1;
		depth--;
	}
	return nranges;
}

/* Index of the first range whose upper end is at least key (n if none). */
static int
first_range_ending_at_or_after(const hsset_range *ranges, int n, int64_t key)
{
	int			lo = 0;
	int			hi = n;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (ranges[mid].hi < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Is key in one of the ranges?  One binary search. */
bool
hsset_ranges_contain(const hsset_range *ranges, int n, int64_t key)
{
	int			i = first_range_ending_at_or_after(ranges, n, key);

	return i < n && ranges[i].lo <= key;
}

/* Does [lo, hi] meet one of the ranges? */
bool
hsset_ranges_overlap(const hsset_range *ranges, int n, int64_t lo, int64_t hi)
{
	int			i = first_range_ending_at_or_after(ranges, n, lo);

	return i < n && ranges[i].lo <= hi;
}
