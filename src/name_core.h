/*
 * name_core.h
 *		Counterparty names without server headers: tokens, legal-form classes,
 *		transliteration-variant folding, index keys and similarity.
 *
 * The input of everything here is a name already put through ICU by
 * src/icu.c (Latin script, lower case, ASCII where ICU could; any byte
 * >= 0x80 left over counts as a letter).  Lookup tables (legal forms,
 * generic and place words) come from data/legal_forms.csv and
 * data/name_words.csv through src/name_data.c and are filled by the caller,
 * which puts each entry through the same ICU transform first.
 */
#ifndef NAME_CORE_H
#define NAME_CORE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define NC_MAX_TOKENS		32		/* tokens of a name that count */
#define NC_MAX_TEXT			2048	/* bytes of token text that count */
#define NC_MAX_KEYS			1024	/* index keys of one name: never reached
									 * (32 tokens x NC_MAX_TOKEN_KEYS + 1) */
#define NC_DELETION_MAX_LEN	24		/* longest token given deletion keys */
#define NC_MAX_TOKEN_KEYS	(NC_DELETION_MAX_LEN + 2)	/* keys of one token */
#define NC_MAX_TOKEN_LEN	64		/* longer tokens are cut */
#define NC_MAX_FORM_TOKENS	6		/* longest legal form, in tokens */
#define NC_DICT_MAX			1024	/* entries per lookup table */
#define NC_FORM_LEN			96		/* bytes of one table entry */

/*
 * What of a name reaches ICU (nc_clip): its first NC_CLIP_WORD_CHARS
 * characters of words, NC_CLIP_WORDS words or NC_CLIP_CHARS characters,
 * whichever ends first.  Each is at least what the 32 words and 2 kB of
 * word text that count can take, but for characters that transliterate to
 * nothing (combining marks), so the cut changes no ordinary name and bounds
 * the time ICU can take.
 */
#define NC_CLIP_WORD_CHARS	NC_MAX_TEXT
#define NC_CLIP_WORDS		(4 * NC_MAX_TOKENS)
#define NC_CLIP_CHARS		(4 * NC_MAX_TEXT)

/* a token's kind: its weight in the similarity and whether it is a key */
#define NC_KIND_DISTINCT	0
#define NC_KIND_GENERIC		1
#define NC_KIND_PLACE		2
#define NC_KIND_STOP		3
#define NC_KIND_NUMBER		4
#define NC_KIND_QUALIFIER	5	/* a distinctive word in brackets: "Leader (Hong
								 * Kong) Trading"; gives keys, weighs as a
								 * generic word */

/* weights of the kinds (stop words are dropped) */
#define NC_WEIGHT_DISTINCT	1.0
#define NC_WEIGHT_GENERIC	0.25

/* the similarity of a pair of names that share no index key is scaled by
 * this, so name_match needs a shared key whenever its threshold exceeds it */
#define NC_NO_SHARED_KEY_FACTOR	0.5

/* legal-form classes; NC_CLASS_NONE when a name carries none */
typedef enum NcClass
{
	NC_CLASS_NONE = 0,
	NC_CLASS_LLC, NC_CLASS_LLP, NC_CLASS_LTD, NC_CLASS_GMBH, NC_CLASS_SRL,
	NC_CLASS_BV, NC_CLASS_FZE, NC_CLASS_FZCO, NC_CLASS_DMCC, NC_CLASS_JSC,
	NC_CLASS_OJSC, NC_CLASS_CJSC, NC_CLASS_PJSC, NC_CLASS_AG, NC_CLASS_SPA,
	NC_CLASS_SA, NC_CLASS_AS, NC_CLASS_PLC, NC_CLASS_INC, NC_CLASS_CORP,
	NC_CLASS_KK, NC_CLASS_CO, NC_CLASS_KG, NC_CLASS_IE, NC_CLASS_SUE,
	NC_CLASS_COUNT
} NcClass;

/* families of classes: a change within a family costs nothing */
#define NC_FAMILY_NEUTRAL	0	/* "Co": says nothing */
#define NC_FAMILY_LIMITED	1	/* LLC, LLP, Ltd, GmbH, free-zone firms */
#define NC_FAMILY_STOCK		2	/* joint-stock companies and corporations */
#define NC_FAMILY_PERSON	3	/* individual entrepreneurs */
#define NC_FAMILY_STATE		4	/* state and municipal unitary enterprises */
#define NC_FAMILY_PARTNER	5	/* limited partnerships */

/* similarity factors when both names carry a legal form */
#define NC_LEGAL_OTHER_FAMILY	0.9		/* e.g. LLC against JSC */
#define NC_LEGAL_PERSON_FIRM	0.7		/* an entrepreneur (a natural person) against
										 * a firm: a perfect name stays below the
										 * default threshold, a lower one sees it */

/*
 * Graded scores: only names with the same key (name_key) score 1.  A legal
 * form on one side only, or two classes of one family, scales the
 * similarity by NC_LEGAL_PARTIAL; and names whose keys differ lose up to
 * NC_TIEBREAK of it by how much their keys differ letter by letter (one
 * minus the Dice coefficient of the keys' byte pairs), so pairs whose
 * words align equally still rank by how alike they are written.  Both
 * only lower a similarity, so every bound of the index holds.
 */
#define NC_LEGAL_PARTIAL	0.98
#define NC_TIEBREAK			0.05

/*
 * Initialisms: a name of one word of NC_INITIALS_MIN to NC_INITIALS_MAX
 * letters ("NIOC") against a name whose words' first letters spell it
 * ("National Iranian Oil Company": every word but stop words, legal forms
 * included) scores NC_INITIALS_SIM.  Both give an index key of the
 * initialism, so the index finds the pair.
 */
#define NC_INITIALS_MIN		3
#define NC_INITIALS_MAX		8
#define NC_INITIALS_SIM		0.85

/*
 * Containment: when every word of the lighter name (weighing
 * NC_CONTAIN_MIN_WEIGHT or more: two distinctive words) is found in the
 * other, the pair scores at least NC_CONTAIN_SIM times the share of the
 * lighter name matched, whatever the other name adds ("Palestine
 * Liberation Front" in "Palestine Liberation Front - Abu Abbas Faction").
 * A one-word name never counts as contained, so a place or a common word
 * alone does not raise a pair.
 */
#define NC_CONTAIN_MIN_WEIGHT	2.0
#define NC_CONTAIN_SIM			0.8

/*
 * Runs: a word of one name of NC_RUN_MIN_LEN letters or more written by
 * the beginnings of two or more consecutive words of the other
 * ("Sovkomflot" for "Sovremenny Kommercheskiy Flot", "DNP" in "DNP Petronik"
 * for "Distribuidora Nicaraguense de Petroleo", "Tidevater" for "Tide
 * Vater") ranks the pair at NC_RUN_SCORE at least.  Such pairs share no
 * index key, so the score stays below one half: above names with nothing
 * in common, below any threshold the index serves.
 */
#define NC_RUN_MIN_LEN		3
#define NC_RUN_SCORE		(NC_NO_SHARED_KEY_FACTOR * 0.85)

/*
 * Spelling: a pair scores at least NC_SPELLING_CAP times how alike the
 * two keys are written (key_likeness: the Dice coefficient of their byte
 * pairs, below 1 unless the keys are equal), so among pairs whose words do
 * not pair up, names written alike ("Koempakues", "Andina Empakues") rank
 * above names with nothing in common.  The cap is one half: the score
 * stays under any threshold the index serves (NC_NO_SHARED_KEY_FACTOR).
 */
#define NC_SPELLING_CAP		NC_NO_SHARED_KEY_FACTOR

/* similarity of two tokens that are not equal */
#define NC_SKELETON_SIM		0.85	/* same consonant skeleton */

/* the lookup tables: legal forms by token sequence, words by folded form */
typedef struct NcDict
{
	int			nforms;
	int			nwords;
	char		forms[NC_DICT_MAX][NC_FORM_LEN];
	uint8_t		form_class[NC_DICT_MAX];
	char		words[NC_DICT_MAX][NC_FORM_LEN];
	uint8_t		word_kind[NC_DICT_MAX];
	char		word_canon[NC_DICT_MAX][NC_FORM_LEN];	/* folded word it stands
														 * for, or "" */
	uint8_t		word_len[NC_DICT_MAX];	/* set by nc_dict_finish */
	uint8_t		word_sklen[NC_DICT_MAX];	/* consonant skeleton, */
	char		word_skel[NC_DICT_MAX][NC_FORM_LEN];	/* for index searches */
	int			sorted;
} NcDict;

/* one token of a parsed name: offsets into the name's text */
typedef struct NcTok
{
	uint16_t	off;			/* folded token */
	uint16_t	len;
	uint16_t	skoff;			/* consonant skeleton */
	uint16_t	sklen;
	uint8_t		kind;			/* NC_KIND_* */
	uint8_t		iskey;			/* 1 when the token gives index keys */
} NcTok;

/*
 * A parsed name.  nc_parse fills one of these (about 7 kB, scratch);
 * nc_pack copies its used part into a compact block of nc_packed_size
 * bytes, and nc_view reads either.
 */
typedef struct NcName
{
	uint16_t	ntok;
	uint16_t	nkeys;
	uint16_t	textlen;
	uint8_t		legal;			/* NcClass */
	uint8_t		truncated;		/* tokens or text beyond the limits */
	uint16_t	concat_off;		/* folded concatenation of all tokens */
	uint16_t	concat_len;
	uint16_t	initials_len;	/* folded initials, the last bytes of text */
	NcTok		tok[NC_MAX_TOKENS];
	uint32_t	keys[NC_MAX_KEYS];	/* sorted, distinct */
	char		text[NC_MAX_TEXT * 4 + 256];
} NcName;

/* a read-only view of a parsed or packed name */
typedef struct NcView
{
	int			ntok;
	int			nkeys;
	int			legal;
	int			concat_off;
	int			concat_len;
	int			initials_off;
	int			initials_len;
	const NcTok *tok;
	const void *keys;			/* packed names leave them unaligned: read with nc_view_key */
	const char *text;
} NcView;

/* key i of a view, wherever the bytes lie */
static inline uint32_t
nc_view_key(const NcView *v, int i)
{
	uint32_t	k;

	memcpy(&k, (const char *) v->keys + 4 * (size_t) i, sizeof(k));
	return k;
}

/*
 * An index search for a name: its keys (and the keys its generic words
 * would give), each with the tokens it comes from, and what
 * nc_query_bound needs to rule out rows from the keys they share.
 */
#define NC_MAX_QUERY_KEYS	(NC_MAX_TOKENS * NC_MAX_TOKEN_KEYS + 3)
#define NC_QKEY_REAL		0x100	/* one of the name's keys */
#define NC_QKEY_CONCAT		0x200	/* the joined-words key */

typedef struct NcQuery
{
	int			nkeys;
	int			ntok;
	double		wa;				/* weight of the name's tokens */
	uint32_t	keys[NC_MAX_QUERY_KEYS];	/* sorted, distinct */
	uint32_t	toks[NC_MAX_QUERY_KEYS];	/* bit i: a key of token i */
	uint8_t		flags[NC_MAX_QUERY_KEYS];	/* NC_QKEY_* >> 8 */
	double		w[NC_MAX_TOKENS];	/* weight of token i */
	double		x_absent[NC_MAX_TOKENS];	/* see nc_query_build */
} NcQuery;

extern const char *const nc_class_names[NC_CLASS_COUNT];
extern int	nc_class_family(int cls);
extern int	nc_class_by_name(const char *name);
extern int	nc_kind_by_name(const char *name);

/* tables */
extern void nc_dict_init(NcDict *d);
extern int	nc_dict_add_form(NcDict *d, const char *translit, size_t len, int cls);
extern int	nc_dict_add_word(NcDict *d, const char *translit, size_t len, int kind,
							 const char *canon);
extern void nc_dict_finish(NcDict *d);

/* the prefix of a name that can count (see NC_CLIP_WORD_CHARS) */
extern size_t nc_clip(const char *s, size_t len, int (*charlen) (const char *));

/* the transliterated text already holds all that nc_parse reads */
extern int	nc_text_complete(const char *translit, size_t len);

/* folding of one lower-case token; returns the output length */
extern size_t nc_fold(const char *in, size_t len, char *out, size_t outsize);

/* parsing, keys, packing */
extern void nc_parse(const char *translit, size_t len, const NcDict *d, NcName *out);
extern size_t nc_packed_size(const NcName *n);
extern void nc_pack(const NcName *n, void *dst);
extern void nc_view(const void *packed, NcView *v);
extern void nc_view_name(const NcName *n, NcView *v);
extern size_t nc_key_text(const NcView *v, char *out, size_t outsize);

/* comparison */
extern int	nc_within_one_edit(const char *a, size_t la, const char *b, size_t lb);
extern int	nc_share_key(const NcView *a, const NcView *b);
extern int	nc_initials_index_keys(const NcView *v, uint32_t *out);
extern double nc_similarity(const NcView *a, const NcView *b);
extern double nc_similarity_floor(const NcView *a, const NcView *b, double floor);
extern void nc_query_build(const NcView *v, const NcDict *d, NcQuery *q);
extern double nc_query_bound(const NcQuery *q, const uint8_t *present);
extern double nc_similarity_detail(const NcView *a, const NcView *b,
								   double *align, double *legal_factor,
								   int *shared);

#endif							/* NAME_CORE_H */
