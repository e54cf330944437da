/*
 * quote.c
 *		Input values quoted in error messages, made safe for the client's
 *		encoding.
 *
 * An input error quotes the rejected value.  PostgreSQL converts every
 * message to the client encoding and, when a character has no equivalent
 * there (a "→" shown to a LATIN1 or WIN1251 client), replaces the whole
 * error by a conversion error (SQLSTATE 22P05): the client never learns
 * what was wrong with its value.  ts_quote_for_client writes such
 * characters as U+XXXX instead, so the real error reaches every client.
 * Messages' own text is ASCII for the same reason.
 */
#include "trade_screen.h"

#include "catalog/namespace.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"

/*
 * str (len bytes in the server encoding) as it may be quoted in a message
 * to this session's client: unchanged when the client encoding can show
 * every character, else with each character it cannot show written as
 * U+XXXX (UTF-8 servers) or as its bytes in hex.  Returns palloc'd text.
 */
char *
ts_quote_for_client(const char *str, size_t len)
{
	int			server = GetDatabaseEncoding();
	int			client = pg_get_client_encoding();
	Oid			proc;
	StringInfoData buf;
	size_t		p;

	if (client == server || client == PG_UTF8 || server == PG_SQL_ASCII ||
		client == PG_SQL_ASCII)
		return pnstrdup(str, len);
	proc = FindDefaultConversionProc(server, client);
	if (!OidIsValid(proc))
		return pnstrdup(str, len);
	initStringInfo(&buf);
	for (p = 0; p < len;)
	{
		const unsigned char *c = (const unsigned char *) str + p;
		int			l = pg_encoding_mblen_bounded(server, (const char *) c);
		unsigned char out[MAX_CONVERSION_GROWTH * 8 + 1];

		if ((size_t) l > len - p)
			l = (int) (len - p);
		if (c[0] < 0x80)
			appendStringInfoChar(&buf, (char) c[0]);
		else if (pg_do_encoding_conversion_buf(proc, server, client,
											   (unsigned char *) c, l,
											   out, sizeof(out), true) == l)
			appendBinaryStringInfo(&buf, (const char *) c, l);
		else if (server == PG_UTF8 && pg_utf8_islegal(c, l))
			appendStringInfo(&buf, "U+%04X", (unsigned int) utf8_to_unicode(c));
		else
			for (int i = 0; i < l; i++)
				appendStringInfo(&buf, "\\x%02X", c[i]);
		p += l;
	}
	return buf.data;
}
