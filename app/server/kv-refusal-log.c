/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-refusal-log"

#include "config.h"

#include "kv-refusal-log.h"

#include <gio/gio.h>

#include <string.h>

/**
 * KvRefusalLog:
 *
 * The audit log's account of what unauthenticated clients were refused,
 * aggregated in memory: one count per (source address, #KvRefusalKind),
 * written once a minute as at most %KV_REFUSAL_LOG_MAX_KEYS rows (actor
 * `address:<ip>`, action the kind's name, details `count=N since=<time>`)
 * plus, when more keys came, one row for all the others (actor
 * `address:*`, action `refusals-folded`, details the number of addresses
 * folded in and the count per kind).
 *
 * Without a token, anyone can send requests; one audit row (one database
 * commit) for each let 47,000 junk requests in 20 s add 189 MB to the
 * database and slow a legitimate visit's relay. Now the cost is bounded
 * by the minute, whatever comes in: memory holds at most
 * %KV_REFUSAL_LOG_MAX_KEYS keys and %KV_REFUSAL_LOG_MAX_FOLDED_ADDRESSES
 * addresses, and the database gets at most %KV_REFUSAL_LOG_MAX_KEYS + 1
 * rows a minute.
 *
 * Nothing the client chose is stored: the kinds are a fixed list, and the
 * address is the socket's, written only if it is an IP address literal.
 * Refusals of signed-in kiosks are not counted here; they name a kiosk and
 * stay individual audit entries.
 *
 * Time comes from the #KvClock (a #KvFakeClock in tests): the flush is an
 * alarm at the end of the clock's current minute, added by the first
 * refusal after a quiet minute. Disposing the log flushes what it holds,
 * so a SIGTERM loses no counts. Main thread only, like the store.
 */

enum {
  PROP_0,
  PROP_CLOCK,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The refusals of one (address, kind) since the last flush. */
typedef struct
{
  char          *address;
  KvRefusalKind  kind;
  guint64        count;
  gint64         first_us;
} Bucket;

struct _KvRefusalLog
{
  GObject     parent_instance;

  KvClock    *clock;
  KvStore    *store;

  GPtrArray  *buckets;        /* Bucket, in the order they were first seen */
  GHashTable *index;          /* Bucket -> Bucket (not owned): lookup by key */
  guint64     folded[KV_REFUSAL_N_KINDS];
  gint64      folded_first_us;
  GHashTable *folded_addresses;  /* address set, at most MAX_FOLDED_ADDRESSES */
  gboolean    folded_addresses_capped;
  guint64     n_pending;
  guint       flush_alarm;
};

G_DEFINE_FINAL_TYPE (KvRefusalLog, kv_refusal_log, G_TYPE_OBJECT)

static const char * const kind_names[KV_REFUSAL_N_KINDS] = {
  "admin-unauthorized",
  "sign-in-bad-token",
  "sign-in-revoked",
  "sign-in-rate-limited",
  "message-before-sign-in",
  "bad-frame",
  "request-too-large",
  "staff-sign-in-failed",
  "staff-sign-in-throttled",
};

/**
 * kv_refusal_kind_to_string:
 * @kind: a #KvRefusalKind
 *
 * Returns: the kind's name, as written in the audit log's action column
 */
const char *
kv_refusal_kind_to_string (KvRefusalKind kind)
{
  g_return_val_if_fail ((guint) kind < KV_REFUSAL_N_KINDS, NULL);

  return kind_names[kind];
}

static guint
bucket_hash (gconstpointer key)
{
  const Bucket *bucket = key;

  return g_str_hash (bucket->address) * 31 + bucket->kind;
}

static gboolean
bucket_equal (gconstpointer a,
              gconstpointer b)
{
  const Bucket *x = a, *y = b;

  return x->kind == y->kind && g_str_equal (x->address, y->address);
}

static void
bucket_free (Bucket *bucket)
{
  g_free (bucket->address);
  g_free (bucket);
}

static char *
format_time (gint64 time_us)
{
  g_autoptr(GDateTime) time = kv_date_time_new_from_us (time_us);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

/* Takes everything pending out of @self, as audit rows written at @now_us. */
static GPtrArray *
take_rows (KvRefusalLog *self,
           gint64        now_us)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_audit_entry_free);
  guint64 n_folded = 0;

  for (guint i = 0; i < self->buckets->len; i++)
    {
      Bucket *bucket = g_ptr_array_index (self->buckets, i);
      g_autofree char *actor = g_strconcat ("address:", bucket->address, NULL);
      g_autofree char *since = format_time (bucket->first_us);

      g_autofree char *details = g_strdup_printf ("count=%" G_GUINT64_FORMAT " since=%s",
                                                  bucket->count, since);

      g_ptr_array_add (entries, kv_audit_entry_new (now_us, actor, kind_names[bucket->kind],
                                                    NULL, details));
    }

  for (guint kind = 0; kind < KV_REFUSAL_N_KINDS; kind++)
    n_folded += self->folded[kind];
  if (n_folded > 0)
    {
      g_autoptr(GString) details = g_string_new (NULL);
      g_autofree char *since = format_time (self->folded_first_us);

      g_string_append_printf (details, "addresses=%u%s",
                              g_hash_table_size (self->folded_addresses),
                              self->folded_addresses_capped ? "+" : "");
      for (guint kind = 0; kind < KV_REFUSAL_N_KINDS; kind++)
        if (self->folded[kind] > 0)
          g_string_append_printf (details, " %s=%" G_GUINT64_FORMAT, kind_names[kind],
                                  self->folded[kind]);
      g_string_append_printf (details, " since=%s", since);
      g_ptr_array_add (entries, kv_audit_entry_new (now_us, "address:*", "refusals-folded",
                                                    NULL, details->str));
    }

  g_hash_table_remove_all (self->index);
  g_ptr_array_set_size (self->buckets, 0);
  memset (self->folded, 0, sizeof self->folded);
  self->folded_first_us = 0;
  g_hash_table_remove_all (self->folded_addresses);
  self->folded_addresses_capped = FALSE;
  self->n_pending = 0;
  return entries;
}

static void
on_flush_alarm (gpointer user_data)
{
  KvRefusalLog *self = user_data;
  g_autoptr(GError) error = NULL;

  self->flush_alarm = 0;
  if (!kv_refusal_log_flush (self, &error))
    g_warning ("Refused requests of the last minute not audited: %s", error->message);
}

static void
kv_refusal_log_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KvRefusalLog *self = KV_REFUSAL_LOG (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_refusal_log_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KvRefusalLog *self = KV_REFUSAL_LOG (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kv_refusal_log_dispose (GObject *object)
{
  KvRefusalLog *self = KV_REFUSAL_LOG (object);

  /* Shutting down (SIGTERM): what was counted still goes in. */
  if (self->clock != NULL && self->store != NULL && self->n_pending > 0)
    {
      g_autoptr(GError) error = NULL;

      if (!kv_refusal_log_flush (self, &error))
        g_warning ("Refused requests not audited at shutdown: %s", error->message);
    }
  if (self->clock != NULL)
    kv_clear_alarm (self->clock, &self->flush_alarm);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (kv_refusal_log_parent_class)->dispose (object);
}

static void
kv_refusal_log_finalize (GObject *object)
{
  KvRefusalLog *self = KV_REFUSAL_LOG (object);

  g_hash_table_unref (self->index);
  g_ptr_array_unref (self->buckets);
  g_hash_table_unref (self->folded_addresses);

  G_OBJECT_CLASS (kv_refusal_log_parent_class)->finalize (object);
}

static void
kv_refusal_log_class_init (KvRefusalLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = kv_refusal_log_set_property;
  object_class->get_property = kv_refusal_log_get_property;
  object_class->dispose = kv_refusal_log_dispose;
  object_class->finalize = kv_refusal_log_finalize;

  /**
   * KvRefusalLog:clock:
   *
   * Where time comes from: the refusals' times and the minute's flush.
   */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, KV_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvRefusalLog:store:
   *
   * The database whose audit log gets the rows.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KV_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kv_refusal_log_init (KvRefusalLog *self)
{
  self->buckets = g_ptr_array_new_with_free_func ((GDestroyNotify) bucket_free);
  self->index = g_hash_table_new (bucket_hash, bucket_equal);
  self->folded_addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * kv_refusal_log_new:
 * @clock: where time comes from
 * @store: the database to audit into
 *
 * Returns: (transfer full): a new, empty refusal log
 */
KvRefusalLog *
kv_refusal_log_new (KvClock *clock,
                    KvStore *store)
{
  g_return_val_if_fail (KV_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (KV_IS_STORE (store), NULL);

  return g_object_new (KV_TYPE_REFUSAL_LOG, "clock", clock, "store", store, NULL);
}

/**
 * kv_refusal_log_record:
 * @self: a #KvRefusalLog
 * @address: (nullable): the client's IP address, as the socket gives it;
 *   anything that is not an IP address literal is counted as `unknown`
 * @kind: what was refused
 *
 * Counts one refusal of an unauthenticated client. Cheap (no I/O): the
 * count reaches the audit log at the end of the clock's minute, or at
 * kv_refusal_log_flush().
 */
void
kv_refusal_log_record (KvRefusalLog  *self,
                       const char    *address,
                       KvRefusalKind  kind)
{
  gint64 now;
  Bucket key;
  Bucket *bucket;

  g_return_if_fail (KV_IS_REFUSAL_LOG (self));
  g_return_if_fail ((guint) kind < KV_REFUSAL_N_KINDS);

  if (address == NULL || !g_hostname_is_ip_address (address))
    address = "unknown";
  now = kv_clock_get_now (self->clock);
  self->n_pending++;

  key.address = (char *) address;
  key.kind = kind;
  bucket = g_hash_table_lookup (self->index, &key);
  if (bucket == NULL && self->buckets->len < KV_REFUSAL_LOG_MAX_KEYS)
    {
      bucket = g_new0 (Bucket, 1);
      bucket->address = g_strdup (address);
      bucket->kind = kind;
      bucket->first_us = now;
      g_ptr_array_add (self->buckets, bucket);
      g_hash_table_add (self->index, bucket);
    }

  if (bucket != NULL)
    bucket->count++;
  else
    {
      if (self->folded_first_us == 0)
        self->folded_first_us = now;
      self->folded[kind]++;
      if (g_hash_table_size (self->folded_addresses) < KV_REFUSAL_LOG_MAX_FOLDED_ADDRESSES)
        g_hash_table_add (self->folded_addresses, g_strdup (address));
      else if (!g_hash_table_contains (self->folded_addresses, address))
        self->folded_addresses_capped = TRUE;
    }

  if (self->flush_alarm == 0)
    self->flush_alarm = kv_clock_add_alarm (self->clock,
                                            (now / KV_USEC_PER_MINUTE + 1) * KV_USEC_PER_MINUTE,
                                            on_flush_alarm, self, NULL);
}

/**
 * kv_refusal_log_flush:
 * @self: a #KvRefusalLog
 * @error: return location for a #GError (%KV_STORE_ERROR)
 *
 * Writes what was counted since the last flush to the audit log now, and
 * starts counting afresh. The log does this by itself at the end of each
 * clock minute and when it is disposed; call it to be sure the audit log
 * is complete (before an export, at shutdown).
 *
 * Returns: %TRUE if the rows were written (or there were none); on
 *   failure the counts are dropped, not retried
 */
gboolean
kv_refusal_log_flush (KvRefusalLog  *self,
                      GError       **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  guint64 n_pending;

  g_return_val_if_fail (KV_IS_REFUSAL_LOG (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  kv_clear_alarm (self->clock, &self->flush_alarm);
  if (self->n_pending == 0)
    return TRUE;

  n_pending = self->n_pending;
  entries = take_rows (self, kv_clock_get_now (self->clock));
  g_debug ("Auditing %" G_GUINT64_FORMAT " refused requests in %u rows", n_pending,
           entries->len);
  /* One transaction for the minute's rows. */
  return kv_store_append_audit_batch (self->store, entries, error);
}

/**
 * kv_refusal_log_get_n_pending:
 * @self: a #KvRefusalLog
 *
 * Returns: how many refusals were counted since the last flush
 */
guint64
kv_refusal_log_get_n_pending (KvRefusalLog *self)
{
  g_return_val_if_fail (KV_IS_REFUSAL_LOG (self), 0);

  return self->n_pending;
}
