/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-server-watchdog.h"

#include "kv-process-stats.h"

#include <glib/gstdio.h>
#include <signal.h>

/* Often enough that a server inflating a deflate bomb cannot get far past
 * the limit between two samples. */
#define SAMPLE_INTERVAL_US (50 * 1000)

struct _KvServerWatchdog
{
  GThread         *thread;
  GMutex           lock;
  GCond            wake;
  gboolean         stop;
  GPid             pid;
  char            *log_path;
  double           rss_limit_mb;
  goffset          log_limit_bytes;
  KvWatchdogReport report;
};

void
kv_watchdog_report_clear (KvWatchdogReport *report)
{
  g_clear_pointer (&report->killed_reason, g_free);
}

static goffset
file_size (const char *path)
{
  GStatBuf buf;

  return g_stat (path, &buf) == 0 ? (goffset) buf.st_size : 0;
}

/* Called with the lock held. */
static void
sample (KvServerWatchdog *self)
{
  KvProcessStats stats;

  if (self->report.killed_reason != NULL || !kv_process_stats_read (self->pid, &stats))
    return;
  self->report.peak_rss_mb = MAX (self->report.peak_rss_mb, MAX (stats.rss_mb, stats.hwm_mb));
  self->report.log_bytes = file_size (self->log_path);
  if (stats.rss_mb > self->rss_limit_mb)
    self->report.killed_reason = g_strdup_printf ("RSS %.0f MB over the watchdog's limit of "
                                                  "%.0f MB", stats.rss_mb, self->rss_limit_mb);
  else if (self->report.log_bytes > self->log_limit_bytes)
    self->report.killed_reason = g_strdup_printf ("log of %" G_GOFFSET_FORMAT " bytes over the "
                                                  "watchdog's limit of %" G_GOFFSET_FORMAT,
                                                  self->report.log_bytes, self->log_limit_bytes);
  if (self->report.killed_reason != NULL)
    kill (self->pid, SIGKILL);
}

static gpointer
watch (gpointer user_data)
{
  KvServerWatchdog *self = user_data;

  g_mutex_lock (&self->lock);
  while (!self->stop)
    {
      sample (self);
      g_cond_wait_until (&self->wake, &self->lock, g_get_monotonic_time () + SAMPLE_INTERVAL_US);
    }
  sample (self);
  g_mutex_unlock (&self->lock);
  return NULL;
}

KvServerWatchdog *
kv_server_watchdog_start (GPid        pid,
                          const char *log_path,
                          double      rss_limit_mb,
                          goffset     log_limit_bytes)
{
  KvServerWatchdog *self = g_new0 (KvServerWatchdog, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->wake);
  self->pid = pid;
  self->log_path = g_strdup (log_path);
  self->rss_limit_mb = rss_limit_mb;
  self->log_limit_bytes = log_limit_bytes;
  self->thread = g_thread_new ("hostile-watchdog", watch, self);
  return self;
}

/* Stops sampling; hands over what was seen (and frees @self). */
void
kv_server_watchdog_stop (KvServerWatchdog *self,
                         KvWatchdogReport *out_report)
{
  g_mutex_lock (&self->lock);
  self->stop = TRUE;
  g_cond_signal (&self->wake);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->thread);
  *out_report = self->report;
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->wake);
  g_free (self->log_path);
  g_free (self);
}
