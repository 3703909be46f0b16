/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-signalling"

#include "config.h"

#include "kv-kiosk-sightings.h"

/**
 * KvKioskSightings:
 *
 * When each kiosk was last seen (it signed in or out) and what software it
 * runs, for staff's Kiosks page, written to the store in batches. Each
 * write is a transaction with its fsync (synchronous=FULL); after a server
 * restart every kiosk of a region signs in within seconds, and one write
 * each would hold the main loop, and so the kiosks' messages, for as long.
 * So sightings wait here, the latest per kiosk, and go to the store
 * together in one transaction at most %FLUSH_DELAY_S later, or at once when
 * someone reads them (kv_kiosk_sightings_flush()) or the server stops. A
 * failed write only costs the page a stale time: it is logged, not fatal.
 */

/* How long a sighting may wait: short enough that the Kiosks page is never
 * far behind, long enough to gather a reconnect storm into a few writes. */
#define FLUSH_DELAY_S 2
/* Most sightings one timed write takes: a region's worth in one
 * transaction would hold the main loop for tens of milliseconds (10,000
 * kiosks, bench-server); the rest follow %NEXT_BATCH_MS later, with the
 * kiosks' messages in between. */
#define MAX_BATCH 500
#define NEXT_BATCH_MS 50

typedef struct
{
  gint64  time_us;
  char   *software;  /* NULL: keep what is stored (a sign-out) */
} Sighting;

struct _KvKioskSightings
{
  GObject     parent_instance;

  KvStore    *store;
  GHashTable *pending;   /* kiosk id -> Sighting */
  guint       flush_id;
};

G_DEFINE_FINAL_TYPE (KvKioskSightings, kv_kiosk_sightings, G_TYPE_OBJECT)

static void
sighting_free (Sighting *sighting)
{
  g_free (sighting->software);
  g_free (sighting);
}

/* Writes up to @max waiting sightings in one transaction. */
static void
write_some (KvKioskSightings *self,
            guint             max)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_kiosk_seen_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->pending);
  while (batch->len < max && g_hash_table_iter_next (&iter, &key, &value))
    {
      const Sighting *sighting = value;

      g_ptr_array_add (batch, kv_kiosk_seen_new (key, sighting->time_us, sighting->software));
      g_hash_table_iter_remove (&iter);
    }
  if (batch->len > 0 && !kv_store_note_kiosks_seen (self->store, batch, &error))
    g_warning ("Could not record when %u kiosks were last seen: %s", batch->len,
               error->message);
}

static gboolean
on_flush_timeout (gpointer user_data)
{
  KvKioskSightings *self = user_data;

  self->flush_id = 0;
  write_some (self, MAX_BATCH);
  if (g_hash_table_size (self->pending) > 0)
    self->flush_id = g_timeout_add (NEXT_BATCH_MS, on_flush_timeout, self);
  return G_SOURCE_REMOVE;
}

/**
 * kv_kiosk_sightings_note:
 * @self: a #KvKioskSightings
 * @kiosk_id: a kiosk that signed in or out
 * @time_us: when
 * @software: (nullable): what its `hello` named, or %NULL (a sign-out)
 *   to keep what is known
 */
void
kv_kiosk_sightings_note (KvKioskSightings *self,
                         const char       *kiosk_id,
                         gint64            time_us,
                         const char       *software)
{
  Sighting *sighting;

  g_return_if_fail (KV_IS_KIOSK_SIGHTINGS (self));
  g_return_if_fail (kiosk_id != NULL);

  sighting = g_hash_table_lookup (self->pending, kiosk_id);
  if (sighting == NULL)
    {
      sighting = g_new0 (Sighting, 1);
      g_hash_table_insert (self->pending, g_strdup (kiosk_id), sighting);
    }
  sighting->time_us = time_us;
  /* A sign-out after a sign-in not yet written keeps that sign-in's
   * software. */
  if (software != NULL)
    {
      g_free (sighting->software);
      sighting->software = g_strdup (software);
    }
  if (self->flush_id == 0)
    self->flush_id = g_timeout_add_seconds (FLUSH_DELAY_S, on_flush_timeout, self);
}

/**
 * kv_kiosk_sightings_flush:
 * @self: a #KvKioskSightings
 *
 * Writes every waiting sighting now, in one transaction: someone is about
 * to read them.
 */
void
kv_kiosk_sightings_flush (KvKioskSightings *self)
{
  g_return_if_fail (KV_IS_KIOSK_SIGHTINGS (self));

  g_clear_handle_id (&self->flush_id, g_source_remove);
  write_some (self, G_MAXUINT);
}

static void
kv_kiosk_sightings_dispose (GObject *object)
{
  KvKioskSightings *self = KV_KIOSK_SIGHTINGS (object);

  if (self->store != NULL)
    kv_kiosk_sightings_flush (self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kv_kiosk_sightings_parent_class)->dispose (object);
}

static void
kv_kiosk_sightings_finalize (GObject *object)
{
  KvKioskSightings *self = KV_KIOSK_SIGHTINGS (object);

  g_hash_table_unref (self->pending);

  G_OBJECT_CLASS (kv_kiosk_sightings_parent_class)->finalize (object);
}

static void
kv_kiosk_sightings_class_init (KvKioskSightingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kv_kiosk_sightings_dispose;
  object_class->finalize = kv_kiosk_sightings_finalize;
}

static void
kv_kiosk_sightings_init (KvKioskSightings *self)
{
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) sighting_free);
}

KvKioskSightings *
kv_kiosk_sightings_new (KvStore *store)
{
  KvKioskSightings *self = g_object_new (KV_TYPE_KIOSK_SIGHTINGS, NULL);

  g_return_val_if_fail (KV_IS_STORE (store), NULL);

  self->store = g_object_ref (store);
  return self;
}
