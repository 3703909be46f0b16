/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-rate-limiter"

#include "config.h"

#include "kv-rate-limiter.h"

/**
 * KvRateLimiter:
 *
 * Counts events (failed sign-ins) per key (a peer address, a kiosk id) in
 * a sliding window, and says when a key has had too many. Time comes from
 * the #KvClock, so tests need no sleeps.
 *
 * Memory is bounded: at most max-events times per key, and at most
 * max-keys keys. A new key beyond that pushes out the key whose last event
 * is the oldest, so a flood of spoofed or ever-changing addresses costs a
 * fixed amount of memory (and at worst makes the limiter forget the
 * stalest keys, never the busiest ones).
 */

enum {
  PROP_0,
  PROP_CLOCK,
  PROP_MAX_EVENTS,
  PROP_WINDOW,
  PROP_MAX_KEYS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The events of one key. */
typedef struct
{
  char   *key;
  GArray *times;            /* gint64 event times, oldest first */
  GList  *link;             /* in KvRateLimiter.by_age */
} Entry;

struct _KvRateLimiter
{
  GObject     parent_instance;

  KvClock    *clock;
  guint       max_events;
  gint64      window_us;
  guint       max_keys;
  GHashTable *entries;      /* key -> Entry (owned) */
  GQueue      by_age;       /* Entry, least recently recorded first */
};

G_DEFINE_FINAL_TYPE (KvRateLimiter, kv_rate_limiter, G_TYPE_OBJECT)

static void
entry_free (Entry *entry)
{
  g_array_unref (entry->times);
  g_free (entry->key);
  g_free (entry);
}

static void
remove_entry (KvRateLimiter *self,
              Entry         *entry)
{
  g_queue_delete_link (&self->by_age, entry->link);
  g_hash_table_remove (self->entries, entry->key);
}

/* Drops the events that left the window; returns how many are left. */
static guint
prune (KvRateLimiter *self,
       const char    *key)
{
  Entry *entry = g_hash_table_lookup (self->entries, key);
  gint64 horizon = kv_clock_get_now (self->clock) - self->window_us;
  guint old = 0;

  if (entry == NULL)
    return 0;
  while (old < entry->times->len && g_array_index (entry->times, gint64, old) <= horizon)
    old++;
  g_array_remove_range (entry->times, 0, old);
  if (entry->times->len == 0)
    {
      remove_entry (self, entry);
      return 0;
    }
  return entry->times->len;
}

static void
kv_rate_limiter_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KvRateLimiter *self = KV_RATE_LIMITER (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;
    case PROP_MAX_EVENTS:
      self->max_events = g_value_get_uint (value);
      break;
    case PROP_WINDOW:
      self->window_us = g_value_get_int64 (value);
      break;
    case PROP_MAX_KEYS:
      self->max_keys = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_rate_limiter_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KvRateLimiter *self = KV_RATE_LIMITER (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_MAX_EVENTS:
      g_value_set_uint (value, self->max_events);
      break;
    case PROP_WINDOW:
      g_value_set_int64 (value, self->window_us);
      break;
    case PROP_MAX_KEYS:
      g_value_set_uint (value, self->max_keys);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_rate_limiter_dispose (GObject *object)
{
  KvRateLimiter *self = KV_RATE_LIMITER (object);

  g_clear_object (&self->clock);

  G_OBJECT_CLASS (kv_rate_limiter_parent_class)->dispose (object);
}

static void
kv_rate_limiter_finalize (GObject *object)
{
  KvRateLimiter *self = KV_RATE_LIMITER (object);

  /* The entries own nothing of the queue but its links. */
  g_queue_clear (&self->by_age);
  g_hash_table_unref (self->entries);

  G_OBJECT_CLASS (kv_rate_limiter_parent_class)->finalize (object);
}

static void
kv_rate_limiter_class_init (KvRateLimiterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = kv_rate_limiter_set_property;
  object_class->get_property = kv_rate_limiter_get_property;
  object_class->dispose = kv_rate_limiter_dispose;
  object_class->finalize = kv_rate_limiter_finalize;

  /**
   * KvRateLimiter:clock:
   *
   * Where time comes from.
   */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, KV_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvRateLimiter:max-events:
   *
   * How many events a key may have in the window before it is limited.
   */
  properties[PROP_MAX_EVENTS] =
    g_param_spec_uint ("max-events", NULL, NULL, 1, G_MAXUINT, 10,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvRateLimiter:window:
   *
   * The sliding window, in microseconds.
   */
  properties[PROP_WINDOW] =
    g_param_spec_int64 ("window", NULL, NULL, 1, G_MAXINT64, 60 * G_USEC_PER_SEC,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvRateLimiter:max-keys:
   *
   * How many keys are remembered at most; a new key beyond that makes the
   * limiter forget the key whose last event is the oldest. The default
   * costs at most a few megabytes with ten events per key.
   */
  properties[PROP_MAX_KEYS] =
    g_param_spec_uint ("max-keys", NULL, NULL, 1, G_MAXUINT, KV_RATE_LIMITER_DEFAULT_MAX_KEYS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_rate_limiter_init (KvRateLimiter *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) entry_free);
  g_queue_init (&self->by_age);
}

KvRateLimiter *
kv_rate_limiter_new (KvClock *clock,
                     guint    max_events,
                     gint64   window_us)
{
  g_return_val_if_fail (KV_IS_CLOCK (clock), NULL);

  return g_object_new (KV_TYPE_RATE_LIMITER,
                       "clock", clock,
                       "max-events", max_events,
                       "window", window_us,
                       NULL);
}

/**
 * kv_rate_limiter_is_limited:
 * @self: a #KvRateLimiter
 * @key: who is asking (a peer address)
 *
 * Returns: %TRUE if @key had max-events or more events in the window
 */
gboolean
kv_rate_limiter_is_limited (KvRateLimiter *self,
                            const char    *key)
{
  g_return_val_if_fail (KV_IS_RATE_LIMITER (self), TRUE);
  g_return_val_if_fail (key != NULL, TRUE);

  return prune (self, key) >= self->max_events;
}

/**
 * kv_rate_limiter_record:
 * @self: a #KvRateLimiter
 * @key: who failed
 *
 * Records one event for @key now.
 */
void
kv_rate_limiter_record (KvRateLimiter *self,
                        const char    *key)
{
  Entry *entry;
  gint64 now;

  g_return_if_fail (KV_IS_RATE_LIMITER (self));
  g_return_if_fail (key != NULL);

  prune (self, key);
  entry = g_hash_table_lookup (self->entries, key);
  if (entry == NULL)
    {
      /* Full: the stalest key goes, so that the newest event always counts. */
      while (g_hash_table_size (self->entries) >= self->max_keys)
        remove_entry (self, g_queue_peek_head (&self->by_age));
      entry = g_new0 (Entry, 1);
      entry->key = g_strdup (key);
      entry->times = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_queue_push_tail (&self->by_age, entry);
      entry->link = g_queue_peek_tail_link (&self->by_age);
      g_hash_table_insert (self->entries, entry->key, entry);
    }
  else
    {
      g_queue_unlink (&self->by_age, entry->link);
      g_queue_push_tail_link (&self->by_age, entry->link);
    }
  /* Keep at most max_events: more say nothing new and would let a flood of
   * failures grow memory. */
  if (entry->times->len >= self->max_events)
    g_array_remove_index (entry->times, 0);
  now = kv_clock_get_now (self->clock);
  g_array_append_val (entry->times, now);
}

/**
 * kv_rate_limiter_forget:
 *
 * Forgets every event of @key (e.g. after a successful sign-in).
 */
void
kv_rate_limiter_forget (KvRateLimiter *self,
                        const char    *key)
{
  Entry *entry;

  g_return_if_fail (KV_IS_RATE_LIMITER (self));
  g_return_if_fail (key != NULL);

  entry = g_hash_table_lookup (self->entries, key);
  if (entry != NULL)
    remove_entry (self, entry);
}

/**
 * kv_rate_limiter_get_n_keys:
 * @self: a #KvRateLimiter
 *
 * Returns: how many keys the limiter remembers now (at most max-keys)
 */
guint
kv_rate_limiter_get_n_keys (KvRateLimiter *self)
{
  g_return_val_if_fail (KV_IS_RATE_LIMITER (self), 0);

  return g_hash_table_size (self->entries);
}

/**
 * kv_rate_limiter_get_wait:
 * @self: a #KvRateLimiter
 * @key: a key
 *
 * How long until @key is no longer limited: until its oldest counted event
 * leaves the window. For a Retry-After header.
 *
 * Returns: microseconds, 0 if @key is not limited
 */
gint64
kv_rate_limiter_get_wait (KvRateLimiter *self,
                          const char    *key)
{
  Entry *entry;
  gint64 oldest;

  g_return_val_if_fail (KV_IS_RATE_LIMITER (self), 0);
  g_return_val_if_fail (key != NULL, 0);

  if (prune (self, key) < self->max_events)
    return 0;
  entry = g_hash_table_lookup (self->entries, key);
  oldest = g_array_index (entry->times, gint64, entry->times->len - self->max_events);
  return MAX (oldest + self->window_us - kv_clock_get_now (self->clock), 0);
}
