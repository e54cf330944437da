/*
 * score_shared.c
 *		Profile images held once per server, in shared memory, when the
 *		library is in shared_preload_libraries.
 *
 * PostgreSQL 15 gives an extension shared memory only at server start, so
 * this works only when trade_screen is preloaded; otherwise (and with
 * trade_screen.profile_shared off) every backend and parallel worker reads
 * its own copy of an image from screen_profile_versions, as score_cache.c
 * does without this file.
 *
 * Preloaded, the postmaster makes a small directory of images in plain
 * shared memory and a dynamic shared memory area (DSA, growing in segments
 * as images arrive).  The first backend to need a version fetches and
 * checks its image as before (score_image.c), then copies the bytes into
 * the area and lists them under (database, profile, version, image md5):
 * the same identity the per-backend cache uses, so the rules that keep the
 * cache right (a reference resolved once per snapshot, a version identified
 * by its image's md5) are unchanged.  Every later backend or worker that
 * resolves to that version finds it in the directory and looks facts up in
 * the shared bytes themselves (format 4 is read in place): no fetch, no
 * check, no copy.
 *
 * An entry holds a count of the backends whose cache holds it; a backend
 * gives its counts back when its cache drops the version and when it
 * exits.  Entries nobody holds are dropped, least recently used first, when
 * the directory is full or trade_screen.shared_profile_memory would be
 * exceeded; an image that still does not fit stays in the backend's own
 * memory.
 */
#include "postgres.h"

#include "miscadmin.h"
#include "storage/ipc.h"
#include "storage/lwlock.h"
#include "storage/shmem.h"
#include "utils/dsa.h"
#include "utils/guc.h"
#include "utils/memutils.h"

#include "score_internal.h"

/* images the directory lists at most */
#define SHARED_ENTRIES		64

/* longest profile name kept in the directory (longer ones are not shared) */
#define SHARED_NAME_LEN		128

/* the area's first part, in plain shared memory */
#define SHARED_AREA_INITIAL	(1024 * 1024)

typedef struct ScSharedEntry
{
	bool		used;
	Oid			dbid;
	char		name[SHARED_NAME_LEN];
	int64		version;
	char		image_hash[33];
	dsa_pointer image;			/* image bytes start 4 bytes after it */
	Size		len;
	int			holders;		/* backends whose cache holds it */
	uint64		last_used;
} ScSharedEntry;

typedef struct ScShared
{
	LWLock	   *lock;
	int			tranche;		/* of the area's locks */
	uint64		clock;
	Size		bytes;			/* of images in the area */
	ScSharedEntry entries[SHARED_ENTRIES];
	/* the area follows */
} ScShared;

static ScShared *shared = NULL;
static dsa_area *area = NULL;

/* how many holds this backend has on each entry */
static int	held[SHARED_ENTRIES];

static bool profile_shared = true;
static int	shared_profile_memory_kb = 1024 * 1024;

static shmem_request_hook_type prev_shmem_request_hook = NULL;
static shmem_startup_hook_type prev_shmem_startup_hook = NULL;

static Size
shared_size(void)
{
	return MAXALIGN(sizeof(ScShared)) + SHARED_AREA_INITIAL;
}

static void
shared_request(void)
{
	if (prev_shmem_request_hook)
		prev_shmem_request_hook();
	RequestAddinShmemSpace(shared_size());
	RequestNamedLWLockTranche("trade_screen profiles", 1);
}

/* In the postmaster: the directory and the area, once. */
static void
shared_startup(void)
{
	bool		found;

	if (prev_shmem_startup_hook)
		prev_shmem_startup_hook();
	LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
	shared = ShmemInitStruct("trade_screen profiles", shared_size(), &found);
	if (!found)
	{
		dsa_area   *a;

		memset(shared, 0, sizeof(ScShared));
		shared->lock = &(GetNamedLWLockTranche("trade_screen profiles"))->lock;
		shared->tranche = LWLockNewTrancheId();
		a = dsa_create_in_place((char *) shared + MAXALIGN(sizeof(ScShared)),
								SHARED_AREA_INITIAL, shared->tranche, NULL);
		/* the area outlives every backend that attaches to it */
		dsa_pin(a);
		dsa_detach(a);
	}
	LWLockRelease(AddinShmemInitLock);
	LWLockRegisterTranche(shared->tranche, "trade_screen profile area");
}

/* At backend exit: give back this backend's holds, leave the area. */
static void
shared_exit(int code, Datum arg)
{
	if (shared == NULL || area == NULL)
		return;
	LWLockAcquire(shared->lock, LW_EXCLUSIVE);
	for (int i = 0; i < SHARED_ENTRIES; i++)
	{
		shared->entries[i].holders -= Min(held[i], shared->entries[i].holders);
		held[i] = 0;
	}
	LWLockRelease(shared->lock);
	dsa_detach(area);
	area = NULL;
}

/* the area, attached on first use in this backend; NULL when not shared */
static dsa_area *
shared_area(void)
{
	if (shared == NULL || !profile_shared)
		return NULL;
	if (area == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);

		area = dsa_attach_in_place((char *) shared + MAXALIGN(sizeof(ScShared)), NULL);
		dsa_pin_mapping(area);
		MemoryContextSwitchTo(old);
		before_shmem_exit(shared_exit, (Datum) 0);
	}
	return area;
}

/*
 * Called from _PG_init (module.c): define the settings (always, so that a
 * configuration or session naming them works either way; they act only when
 * preloaded) and, when the library is being preloaded, ask for the shared
 * memory.
 */
void
sc_shared_init(void)
{
	DefineCustomBoolVariable("trade_screen.profile_shared",
							 "Reads scoring profile images from shared memory, where the first backend that needs one puts it.",
							 "Only when trade_screen is in shared_preload_libraries; off: each backend reads its own copy.",
							 &profile_shared,
							 true,
							 PGC_USERSET, 0,
							 NULL, NULL, NULL);
	DefineCustomIntVariable("trade_screen.shared_profile_memory",
							"Shared memory the server may keep scoring profile images in.",
							"Only when trade_screen is in shared_preload_libraries; images no backend holds are dropped beyond it, least recently used first.",
							&shared_profile_memory_kb,
							1024 * 1024, 0, MAX_KILOBYTES,
							PGC_SIGHUP, GUC_UNIT_KB,
							NULL, NULL, NULL);
	if (!process_shared_preload_libraries_in_progress)
		return;
	prev_shmem_request_hook = shmem_request_hook;
	shmem_request_hook = shared_request;
	prev_shmem_startup_hook = shmem_startup_hook;
	shmem_startup_hook = shared_startup;
}

/* this backend holds entry i once more (the lock held) */
static ScProfile *
hold(int i, const char *name)
{
	ScSharedEntry *e = &shared->entries[i];
	char	   *bytes = (char *) dsa_get_address(area, e->image) + 4;
	ScProfile  *p;

	e->holders++;
	held[i]++;
	e->last_used = ++shared->clock;
	LWLockRelease(shared->lock);
	PG_TRY();
	{
		p = sc_image_read_checked(bytes, e->len, name);
	}
	PG_CATCH();
	{
		LWLockAcquire(shared->lock, LW_EXCLUSIVE);
		e->holders--;
		held[i]--;
		LWLockRelease(shared->lock);
		PG_RE_THROW();
	}
	PG_END_TRY();
	p->shared_slot = i;
	return p;
}

/* the entry of a version, or -1 (the lock held) */
static int
find(const char *name, int64 version, const char *image_hash)
{
	for (int i = 0; i < SHARED_ENTRIES; i++)
	{
		ScSharedEntry *e = &shared->entries[i];

		if (e->used && e->dbid == MyDatabaseId && e->version == version &&
			strcmp(e->image_hash, image_hash) == 0 && strcmp(e->name, name) == 0)
			return i;
	}
	return -1;
}

/*
 * The version (name, version, image md5) of this database's profile, read
 * from shared memory when an earlier backend put its image there; NULL when
 * it is not there or images are not shared.
 */
ScProfile *
sc_shared_get(const char *name, int64 version, const char *image_hash)
{
	int			i;

	if (shared_area() == NULL || strlen(name) >= SHARED_NAME_LEN)
		return NULL;
	LWLockAcquire(shared->lock, LW_EXCLUSIVE);
	i = find(name, version, image_hash);
	if (i < 0)
	{
		LWLockRelease(shared->lock);
		return NULL;
	}
	elog(DEBUG1, "scoring profile \"%s\" version " INT64_FORMAT " read from shared memory", name, version);
	return hold(i, name);
}

/*
 * Put the image of p, just read by this backend, into shared memory, and
 * return the profile over the shared copy (p is freed); p itself when
 * images are not shared or it does not fit.
 */
ScProfile *
sc_shared_put(ScProfile *p, int64 version, const char *image_hash)
{
	dsa_pointer dp;
	int			i;
	Size		limit = (Size) shared_profile_memory_kb * 1024;

	if (shared_area() == NULL || p->image_data == NULL ||
		strlen(p->name) >= SHARED_NAME_LEN || p->image_len + 4 > limit)
		return p;

	/* 4 bytes before the image, as after a bytea's header: see score_image.c */
	dp = dsa_allocate_extended(area, p->image_len + 4, DSA_ALLOC_HUGE | DSA_ALLOC_NO_OOM);
	if (!DsaPointerIsValid(dp))
		return p;
	memcpy((char *) dsa_get_address(area, dp) + 4, p->image_data, p->image_len);

	LWLockAcquire(shared->lock, LW_EXCLUSIVE);
	i = find(p->name, version, image_hash);
	if (i >= 0)
	{
		/* another backend was quicker */
		dsa_free(area, dp);
	}
	else
	{
		/* room: drop what nobody holds, least recently used first */
		for (;;)
		{
			int			free_slot = -1,
						victim = -1;

			for (int j = 0; j < SHARED_ENTRIES; j++)
			{
				ScSharedEntry *e = &shared->entries[j];

				if (!e->used)
				{
					if (free_slot < 0)
						free_slot = j;
				}
				else if (e->holders == 0 &&
						 (victim < 0 || e->last_used < shared->entries[victim].last_used))
					victim = j;
			}
			if (free_slot >= 0 && shared->bytes + p->image_len + 4 <= limit)
			{
				i = free_slot;
				break;
			}
			if (victim < 0)
				break;
			dsa_free(area, shared->entries[victim].image);
			shared->bytes -= Min(shared->bytes, shared->entries[victim].len + 4);
			shared->entries[victim].used = false;
		}
		if (i < 0)
		{
			LWLockRelease(shared->lock);
			dsa_free(area, dp);
			return p;
		}
		{
			ScSharedEntry *e = &shared->entries[i];

			e->used = true;
			e->dbid = MyDatabaseId;
			strlcpy(e->name, p->name, sizeof(e->name));
			e->version = version;
			strlcpy(e->image_hash, image_hash, sizeof(e->image_hash));
			e->image = dp;
			e->len = p->image_len;
			e->holders = 0;
			shared->bytes += p->image_len + 4;
		}
		elog(DEBUG1, "scoring profile \"%s\" version " INT64_FORMAT " put in shared memory (%zu bytes)",
			 p->name, version, p->image_len);
	}
	{
		char	   *name = pstrdup(p->name);
		ScProfile  *q;

		q = hold(i, name);		/* releases the lock */
		MemoryContextDelete(p->cxt);
		return q;
	}
}

/* p leaves this backend's cache: give back its hold on the shared copy */
void
sc_shared_release(ScProfile *p)
{
	int			i = p->shared_slot;

	if (i < 0 || shared == NULL)
		return;
	LWLockAcquire(shared->lock, LW_EXCLUSIVE);
	if (held[i] > 0)
	{
		held[i]--;
		shared->entries[i].holders -= Min(1, shared->entries[i].holders);
	}
	LWLockRelease(shared->lock);
	p->shared_slot = -1;
}
