/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Samples a server's memory and log every 50 ms on its own thread, and
 * kills the server (SIGKILL) when it goes over a limit: an attack that
 * works must fail its test, not take the shared machine down with it. */

typedef struct _KvServerWatchdog KvServerWatchdog;

typedef struct
{
  double  peak_rss_mb;    /* highest VmRSS sampled, or VmHWM if higher */
  goffset log_bytes;      /* size of the server's log at the end */
  char   *killed_reason;  /* why the watchdog killed the server, or NULL */
} KvWatchdogReport;

void              kv_watchdog_report_clear (KvWatchdogReport *report);

KvServerWatchdog *kv_server_watchdog_start (GPid              pid,
                                            const char       *log_path,
                                            double            rss_limit_mb,
                                            goffset           log_limit_bytes);
void              kv_server_watchdog_stop  (KvServerWatchdog *self,
                                            KvWatchdogReport *out_report);

G_END_DECLS
