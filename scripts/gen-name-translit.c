/*
 * gen-name-translit.c
 *		Writes src/name_translit.c: every legal form and word of
 *		src/name_data.c put through PARTY_TRANSFORM (name_translit.h) with
 *		the ICU this program links, the ICU the module links.  make builds
 *		and runs it (see the Makefile), so a backend builds its legal-form
 *		dictionary without ICU (name_dict.c), where it once transliterated
 *		every entry on its first name.
 *
 * The same ICU calls as ts_icu_transform in icu.c: UTF-8 to UTF-16,
 * utrans_transUChars over the whole text, back to UTF-8.  The regression
 * test name_dict compares each entry with what the server's transform
 * makes of it (trade_screen.name_dict_check).
 *
 *   usage: gen-name-translit > src/name_translit.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include <unicode/uversion.h>

#include "name_data.h"
#include "name_translit.h"

static UTransliterator *trans;

static void
fail(const char *what, UErrorCode status)
{
	fprintf(stderr, "gen-name-translit: %s: %s\n", what, u_errorName(status));
	exit(1);
}

/* text (UTF-8) through PARTY_TRANSFORM; malloc'd UTF-8, length in *outlen */
static char *
transform(const char *utf8, int32_t *outlen)
{
	UErrorCode	status = U_ZERO_ERROR;
	int32_t		len = (int32_t) strlen(utf8);
	int32_t		ulen;
	int32_t		capacity;
	UChar	   *ubuf;
	char	   *out;

	u_strFromUTF8(NULL, 0, &ulen, utf8, len, &status);
	if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status))
		fail("u_strFromUTF8", status);
	capacity = ulen * 4 + 16;
	for (;;)
	{
		int32_t		textlen = ulen,
					limit = ulen;

		status = U_ZERO_ERROR;
		ubuf = malloc(sizeof(UChar) * capacity);
		u_strFromUTF8(ubuf, capacity, NULL, utf8, len, &status);
		if (U_FAILURE(status))
			fail("u_strFromUTF8", status);
		utrans_transUChars(trans, ubuf, &textlen, capacity, 0, &limit, &status);
		if (status == U_BUFFER_OVERFLOW_ERROR)
		{
			free(ubuf);
			capacity *= 4;
			continue;
		}
		if (U_FAILURE(status))
			fail("utrans_transUChars", status);
		ulen = textlen;
		break;
	}
	status = U_ZERO_ERROR;
	u_strToUTF8(NULL, 0, outlen, ubuf, ulen, &status);
	out = malloc(*outlen + 1);
	status = U_ZERO_ERROR;
	u_strToUTF8(out, *outlen + 1, NULL, ubuf, ulen, &status);
	if (U_FAILURE(status))
		fail("u_strToUTF8", status);
	free(ubuf);
	return out;
}

/* one entry: {"text", len}, bytes outside printable ASCII in octal */
static void
put_entry(const char *utf8)
{
	int32_t		len;
	char	   *t = transform(utf8, &len);

	fputs("\t{\"", stdout);
	for (int32_t i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) t[i];

		if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\' || c == '?')
			printf("\\%03o", c);
		else
			putchar(c);
	}
	printf("\", %d},\n", (int) len);
	free(t);
}

int
main(void)
{
	UErrorCode	status = U_ZERO_ERROR;
	UParseError perr;
	UChar		uid[512];
	UVersionInfo version;
	char		vbuf[U_MAX_VERSION_STRING_LENGTH];

	u_uastrcpy(uid, PARTY_TRANSFORM);
	trans = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, &perr, &status);
	if (U_FAILURE(status))
		fail("utrans_openU", status);
	u_getVersion(version);
	u_versionToString(version, vbuf);

	printf("/*\n"
		   " * name_translit.c\n"
		   " *\t\tThe legal forms and words of src/name_data.c put through\n"
		   " *\t\tPARTY_TRANSFORM by ICU %s at build time: made by make with\n"
		   " *\t\tscripts/gen-name-translit.c, not committed.\n"
		   " */\n"
		   "#include \"name_translit.h\"\n\n", vbuf);
	printf("const char\tnc_translit_icu_version[] = \"%s\";\n\n", vbuf);
	printf("const NcTranslit nc_form_translit[] = {\n");
	for (int i = 0; i < nc_form_data_count; i++)
		put_entry(nc_form_data[i].form);
	printf("};\nconst int\tnc_form_translit_count = %d;\n\n", nc_form_data_count);
	printf("const NcTranslit nc_word_translit[] = {\n");
	for (int i = 0; i < nc_word_data_count; i++)
		put_entry(nc_word_data[i].word);
	printf("};\nconst int\tnc_word_translit_count = %d;\n", nc_word_data_count);
	utrans_close(trans);
	return ferror(stdout) ? 1 : 0;
}
