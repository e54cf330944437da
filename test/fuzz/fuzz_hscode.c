/*
 * fuzz_hscode.c
 *		libFuzzer target: hs_parse_text, hs_key_digits and hs_key_format.
 *
 * Properties checked on every input:
 * - the parser accepts exactly what the documented grammar accepts
 *   (oracle_hscode.h), and the key holds the input's digits;
 * - an input holding a NUL byte is rejected;
 * - error positions lie inside the input;
 * - parse -> format -> parse is the identity, in every output style;
 * - the canonical form (plain digits) is stable: formatting the reparsed
 *   key gives the same text;
 * - hierarchy arithmetic is consistent: the key is the minimum of its own
 *   subtree, and every shorter valid level of the code contains it.
 */
#include "hs_core.h"
#include "oracle_hscode.h"

static const hs_style styles[] = {
	HS_STYLE_PLAIN, HS_STYLE_HS, HS_STYLE_HTS, HS_STYLE_TNVED, HS_STYLE_CN
};

/* The properties of an accepted code, whose digits the oracle read. */
static void
check_accepted(int64_t key, const char *expected_digits)
{
	char		digits[HS_MAX_DIGITS + 1];
	char		text[HS_FORMAT_BUFSIZE];
	int64_t		again = 0;
	int			n = hs_key_digits(key, digits);

	PROPERTY(hs_key_is_valid(key), "key %lld", (long long) key);
	PROPERTY(strcmp(digits, expected_digits) == 0, "digits %s, input had %s",
			 digits, expected_digits);
	PROPERTY(n == (int) strlen(digits) && n == hs_key_ndigits(key), "length %d", n);

	for (size_t s = 0; s < sizeof(styles) / sizeof(styles[0]); s++)
	{
		int			len = hs_key_format(key, styles[s], text);
		char		text2[HS_FORMAT_BUFSIZE];

		PROPERTY(len == (int) strlen(text) && len < HS_FORMAT_BUFSIZE, "length %d", len);
		PROPERTY(hs_parse_text(text, (size_t) len, &again, NULL) == HS_OK && again == key,
				 "style %d text %s does not parse back", (int) styles[s], text);
		/* canonical forms are stable */
		hs_key_format(again, styles[s], text2);
		PROPERTY(strcmp(text, text2) == 0, "style %d: %s then %s", (int) styles[s], text, text2);
	}

	PROPERTY(hs_key_subtree_min(key) == key, "subtree min of %s", digits);
	PROPERTY(hs_key_subtree_max(key) >= key, "subtree max of %s", digits);
	for (int level = HS_MIN_DIGITS; level < n; level++)
	{
		int64_t		up;

		if (!hs_ndigits_is_valid(level))
			continue;
		up = hs_key_truncate(key, level);
		PROPERTY(hs_key_is_valid(up) && hs_key_ndigits(up) == level, "truncate %s to %d", digits, level);
		PROPERTY(hs_key_contains(up, key) && !hs_key_contains(key, up),
				 "%s to %d digits does not contain it", digits, level);
		PROPERTY(up < key && key <= hs_key_subtree_max(up), "%s outside the range of its ancestor", digits);
	}
}

/* One input: the parser against the grammar, then the accepted code. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *exact = fuzz_exact_copy(data, size);
	char	   *cstr = fuzz_cstring(data, size);
	char		expected[HS_MAX_DIGITS + 1] = "";
	bool		oracle_ok = cstr != NULL && oracle_hscode(cstr, expected);
	int64_t		key = 0;
	hs_parse_info info;
	hs_status	status = hs_parse_text(exact, size, &key, &info);

	PROPERTY((status == HS_OK) == oracle_ok, "parser says %d, grammar says %s",
			 (int) status, oracle_ok ? "valid" : "invalid");
	if (status == HS_OK)
		check_accepted(key, expected);
	else if (status == HS_ERR_CHARACTER || status == HS_ERR_SEPARATOR)
		PROPERTY(info.position < size, "error position %zu of %zu", info.position, size);
	free(exact);
	free(cstr);
	return 0;
}
