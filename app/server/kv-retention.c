/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-retention"

#include "config.h"

#include "kv-retention.h"

#include "kv-store-reader.h"

/**
 * KvRetention:
 *
 * How long the server keeps what it knows about visits ([retention] in the
 * configuration), and the purge that applies it: once a day at
 * %KV_RETENTION_DAILY_AT_S after midnight UTC by the #KvClock (tests use a
 * fake one), and whenever staff ask (POST /api/v1/purge).
 *
 * A purge turns finished bookings (their sessions, staff end reasons, lost
 * and make-up figures) older than `bookings-days` into anonymous monthly
 * counts, and removes audit rows older than `audit-days` from the oldest
 * end of the log. It runs on the main loop in batches of
 * %KV_RETENTION_BATCH_ROWS rows, one transaction each, from an idle source:
 * kiosks' messages always go first. A dry run only counts, in a worker
 * thread with its own read-only connection. Every real purge writes one
 * audit row with what it removed.
 */

enum {
  PROP_0,
  PROP_CONFIG,
  PROP_CLOCK,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_PURGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define DAY_US (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

struct _KvRetention
{
  GObject         parent_instance;

  KvServerConfig *config;
  KvClock        *clock;
  KvStore        *store;

  guint           daily_alarm;
  gint64          next_run_us;
  gboolean        daily_running;
};

G_DEFINE_FINAL_TYPE (KvRetention, kv_retention, G_TYPE_OBJECT)

typedef enum {
  PHASE_BOOKINGS,
  PHASE_AUDIT,
} PurgePhase;

typedef struct
{
  KvPurgeReport  report;
  char          *actor;
  char          *database;
  gint64         now_us;
  PurgePhase     phase;
} PurgeRun;

static void
purge_run_free (PurgeRun *run)
{
  g_free (run->actor);
  g_free (run->database);
  g_free (run);
}

static void
audit_purge (KvRetention *self,
             PurgeRun    *run,
             const char  *result)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *details = NULL;
  const KvPurgeCounts *counts = &run->report.counts;

  details = g_strdup_printf ("result=%s bookings=%" G_GINT64_FORMAT " sessions=%" G_GINT64_FORMAT
                             " end_reasons=%" G_GINT64_FORMAT " audit_rows=%" G_GINT64_FORMAT
                             " bookings_before_us=%" G_GINT64_FORMAT
                             " audit_before_us=%" G_GINT64_FORMAT,
                             result, counts->bookings, counts->sessions, counts->end_reasons,
                             counts->audit_rows, run->report.bookings_before_us,
                             run->report.audit_before_us);
  if (!kv_store_append_audit (self->store, kv_clock_get_now (self->clock), run->actor,
                              "retention-purge", NULL, details, &error))
    g_warning ("Audit entry for the purge not written: %s", error->message);
}

/* One batch per call, from an idle source: G_SOURCE_CONTINUE gives the
 * main loop a turn before the next. */
static gboolean
on_purge_step (gpointer user_data)
{
  GTask *task = user_data;
  KvRetention *self = g_task_get_source_object (task);
  PurgeRun *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  gboolean ok;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    ok = FALSE;
  else if (run->phase == PHASE_BOOKINGS)
    ok = kv_store_purge_bookings_batch (self->store, run->report.bookings_before_us, run->now_us,
                                        KV_RETENTION_BATCH_ROWS, &run->report.counts, &done,
                                        &error);
  else
    ok = kv_store_purge_audit_batch (self->store, run->report.audit_before_us,
                                     KV_RETENTION_BATCH_ROWS, &run->report.counts, &done, &error);
  if (!ok)
    {
      /* What was removed so far stays removed: say so in the log. */
      audit_purge (self, run, "failed");
      g_task_return_error (task, g_steal_pointer (&error));
      return G_SOURCE_REMOVE;
    }
  if (!done)
    return G_SOURCE_CONTINUE;
  if (run->phase == PHASE_BOOKINGS)
    {
      run->phase = PHASE_AUDIT;
      return G_SOURCE_CONTINUE;
    }

  audit_purge (self, run, "done");
  g_signal_emit (self, signals[SIGNAL_PURGED], 0, &run->report);
  g_task_return_pointer (task, g_memdup2 (&run->report, sizeof run->report), g_free);
  return G_SOURCE_REMOVE;
}

static void
count_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  PurgeRun *run = task_data;
  g_autoptr(KvStoreReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  reader = kv_store_reader_open (run->database, &error);
  if (reader == NULL ||
      !kv_store_reader_count_purgeable (reader, run->report.bookings_before_us, run->now_us,
                                        run->report.audit_before_us, &run->report.counts, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_memdup2 (&run->report, sizeof run->report), g_free);
}

/**
 * kv_retention_purge_async:
 * @self: a #KvRetention
 * @dry_run: only count what would go
 * @actor: who asked, for the audit row ("admin", "retention")
 * @cancellable: (nullable): stops the purge between two batches
 * @callback: called with the #KvPurgeReport
 * @user_data: for @callback
 *
 * Purges what the configuration no longer keeps, as of now. Two purges at
 * once are safe (each batch is a transaction of its own); each reports
 * what it removed itself.
 */
void
kv_retention_purge_async (KvRetention         *self,
                          gboolean             dry_run,
                          const char          *actor,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSource) idle = NULL;
  PurgeRun *run;

  g_return_if_fail (KV_IS_RETENTION (self));
  g_return_if_fail (actor != NULL);

  run = g_new0 (PurgeRun, 1);
  run->actor = g_strdup (actor);
  run->database = g_strdup (kv_store_get_path (self->store));
  run->now_us = kv_clock_get_now (self->clock);
  run->report.dry_run = dry_run;
  run->report.bookings_before_us =
    run->now_us - kv_server_config_get_retention_bookings_days (self->config) * DAY_US;
  run->report.audit_before_us =
    run->now_us - kv_server_config_get_retention_audit_days (self->config) * DAY_US;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kv_retention_purge_async);
  g_task_set_task_data (task, run, (GDestroyNotify) purge_run_free);

  if (dry_run)
    {
      g_task_run_in_thread (task, count_in_thread);
      return;
    }
  g_debug ("Purging bookings that ended before %" G_GINT64_FORMAT " and audit rows before %"
           G_GINT64_FORMAT, run->report.bookings_before_us, run->report.audit_before_us);
  idle = g_idle_source_new ();
  g_source_set_priority (idle, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (idle, on_purge_step, g_object_ref (task), g_object_unref);
  g_source_set_static_name (idle, "[kinvisit] retention purge");
  g_source_attach (idle, g_task_get_context (task));
}

/**
 * kv_retention_purge_finish:
 *
 * Returns: (transfer full): what was (or would be) removed, or %NULL
 */
KvPurgeReport *
kv_retention_purge_finish (KvRetention   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gint64
next_daily_run (gint64 now_us)
{
  gint64 at = now_us - now_us % DAY_US + KV_RETENTION_DAILY_AT_S * KV_USEC_PER_SECOND;

  return at > now_us ? at : at + DAY_US;
}

static void on_daily_alarm (gpointer user_data);

static void
schedule_daily (KvRetention *self)
{
  self->next_run_us = next_daily_run (kv_clock_get_now (self->clock));
  self->daily_alarm = kv_clock_add_alarm (self->clock, self->next_run_us, on_daily_alarm, self,
                                          NULL);
}

static void
on_daily_purge_ready (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  KvRetention *self = KV_RETENTION (source);
  g_autoptr(GError) error = NULL;
  g_autofree KvPurgeReport *report = kv_retention_purge_finish (self, result, &error);

  self->daily_running = FALSE;
  if (report == NULL)
    {
      g_warning ("The daily purge failed: %s", error->message);
      return;
    }
  g_message ("Daily purge: %" G_GINT64_FORMAT " finished bookings became counts, %"
             G_GINT64_FORMAT " old audit rows removed", report->counts.bookings,
             report->counts.audit_rows);
}

static void
on_daily_alarm (gpointer user_data)
{
  KvRetention *self = user_data;

  self->daily_alarm = 0;
  schedule_daily (self);
  if (self->daily_running)
    {
      g_debug ("Yesterday's purge is still running; skipping today's");
      return;
    }
  self->daily_running = TRUE;
  kv_retention_purge_async (self, FALSE, "retention", NULL, on_daily_purge_ready, NULL);
}

/**
 * kv_retention_start_daily:
 * @self: a #KvRetention
 *
 * Purges every day at %KV_RETENTION_DAILY_AT_S after midnight UTC, from
 * the next one on, until @self is disposed.
 */
void
kv_retention_start_daily (KvRetention *self)
{
  g_return_if_fail (KV_IS_RETENTION (self));
  g_return_if_fail (self->daily_alarm == 0);

  schedule_daily (self);
}

/**
 * kv_retention_get_next_run:
 *
 * Returns: when the next daily purge runs, 0 if none is scheduled
 */
gint64
kv_retention_get_next_run (KvRetention *self)
{
  g_return_val_if_fail (KV_IS_RETENTION (self), 0);

  return self->daily_alarm != 0 ? self->next_run_us : 0;
}

static void
kv_retention_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  KvRetention *self = KV_RETENTION (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      self->config = g_value_dup_object (value);
      break;
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
kv_retention_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KvRetention *self = KV_RETENTION (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_object (value, self->config);
      break;
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
kv_retention_dispose (GObject *object)
{
  KvRetention *self = KV_RETENTION (object);

  if (self->clock != NULL)
    kv_clear_alarm (self->clock, &self->daily_alarm);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (kv_retention_parent_class)->dispose (object);
}

static void
kv_retention_class_init (KvRetentionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = kv_retention_set_property;
  object_class->get_property = kv_retention_get_property;
  object_class->dispose = kv_retention_dispose;

  /**
   * KvRetention:config:
   *
   * The server configuration, for `[retention]`.
   */
  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL, KV_TYPE_SERVER_CONFIG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvRetention:clock:
   *
   * Where time comes from: the cut-offs and the daily alarm.
   */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, KV_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * KvRetention:store:
   *
   * The database to purge.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KV_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KvRetention::purged:
   * @self: the #KvRetention
   * @report: (type gpointer): the #KvPurgeReport of what was removed
   *
   * A purge (not a dry run) finished and its audit row is written.
   */
  signals[SIGNAL_PURGED] =
    g_signal_new ("purged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
kv_retention_init (KvRetention *self)
{
}

KvRetention *
kv_retention_new (KvServerConfig *config,
                  KvClock        *clock,
                  KvStore        *store)
{
  g_return_val_if_fail (KV_IS_SERVER_CONFIG (config), NULL);
  g_return_val_if_fail (KV_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (KV_IS_STORE (store), NULL);

  return g_object_new (KV_TYPE_RETENTION,
                       "config", config,
                       "clock", clock,
                       "store", store,
                       NULL);
}
