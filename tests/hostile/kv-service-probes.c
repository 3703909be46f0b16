/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-service-probes.h"

#include "kv-raw-http.h"
#include "kv-raw-socket.h"
#include "kv-raw-websocket.h"

struct _KvServiceProbes
{
  GThread      *thread;
  GMutex        lock;
  GCond         wake;
  gboolean      stop;
  guint16       port;
  char         *admin_token;
  char         *kiosk_token;
  guint         limit_ms;
  guint         interval_ms;
  KvProbeReport report;       /* written by the probe thread until it stops */
};

void
kv_probe_report_clear (KvProbeReport *report)
{
  g_clear_pointer (&report->sign_in.first_failure, g_free);
  g_clear_pointer (&report->health.first_failure, g_free);
  g_clear_pointer (&report->admin.first_failure, g_free);
}

static void
record (KvProbeStats *stats,
        gint64        started_us,
        char         *failure)
{
  double ms = (g_get_monotonic_time () - started_us) / 1000.0;

  stats->attempts++;
  if (failure != NULL)
    {
      stats->failures++;
      if (stats->first_failure == NULL)
        stats->first_failure = g_strdup_printf ("%s (after %.0f ms)", failure, ms);
      g_free (failure);
    }
  else
    stats->worst_ms = MAX (stats->worst_ms, ms);
}

static char *
probe_sign_in (KvServiceProbes *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvMessage) reply = kv_raw_sign_in (NULL, self->port, self->kiosk_token,
                                               kv_raw_deadline_ms (self->limit_ms), &error);

  if (reply == NULL)
    return g_strdup_printf ("no welcome: %s", error != NULL ? error->message : "no reply");
  if (reply->type != KV_MESSAGE_WELCOME)
    return g_strdup_printf ("sign-in refused: error %s",
                            kv_protocol_error_to_string (reply->error.code));
  return NULL;
}

static char *
probe_http (KvServiceProbes *self,
            const char      *path,
            const char      *token)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvRawResponse) response =
    kv_raw_http_request (NULL, self->port, "GET", path, token, NULL, 1024 * 1024,
                         kv_raw_deadline_ms (self->limit_ms), &error);

  if (response == NULL)
    return g_strdup_printf ("GET %s: %s", path, error->message);
  if (response->status != 200)
    return g_strdup_printf ("GET %s: HTTP %u", path, response->status);
  return NULL;
}

static gpointer
run (gpointer user_data)
{
  KvServiceProbes *self = user_data;

  g_mutex_lock (&self->lock);
  while (!self->stop)
    {
      KvProbeReport *report = &self->report;
      gint64 started;
      char *failure;

      /* The probes block for up to their limit each: not under the lock. */
      g_mutex_unlock (&self->lock);
      started = g_get_monotonic_time ();
      failure = probe_sign_in (self);
      record (&report->sign_in, started, failure);
      started = g_get_monotonic_time ();
      failure = probe_http (self, "/healthz", NULL);
      record (&report->health, started, failure);
      started = g_get_monotonic_time ();
      failure = probe_http (self, "/api/v1/kiosks", self->admin_token);
      record (&report->admin, started, failure);
      g_mutex_lock (&self->lock);
      if (!self->stop)
        g_cond_wait_until (&self->wake, &self->lock,
                           g_get_monotonic_time () + (gint64) self->interval_ms * 1000);
    }
  g_mutex_unlock (&self->lock);
  return NULL;
}

/**
 * kv_service_probes_start:
 * @limit_ms: how long each probe may take
 * @interval_ms: pause between two rounds of probes
 *
 * Returns: (transfer full): the running probes; the first round starts now
 */
KvServiceProbes *
kv_service_probes_start (guint16     port,
                         const char *admin_token,
                         const char *kiosk_token,
                         guint       limit_ms,
                         guint       interval_ms)
{
  KvServiceProbes *self = g_new0 (KvServiceProbes, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->wake);
  self->port = port;
  self->admin_token = g_strdup (admin_token);
  self->kiosk_token = g_strdup (kiosk_token);
  self->limit_ms = limit_ms;
  self->interval_ms = interval_ms;
  self->thread = g_thread_new ("hostile-probes", run, self);
  return self;
}

/* Finishes the round under way and hands over the results (and frees @self). */
void
kv_service_probes_stop (KvServiceProbes *self,
                        KvProbeReport   *out_report)
{
  g_mutex_lock (&self->lock);
  self->stop = TRUE;
  g_cond_signal (&self->wake);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->thread);
  *out_report = self->report;
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->wake);
  g_free (self->admin_token);
  g_free (self->kiosk_token);
  g_free (self);
}
