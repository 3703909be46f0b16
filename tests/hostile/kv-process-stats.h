/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a process costs, from /proc/<pid>: resident memory now (VmRSS) and
 * at its peak (VmHWM), and CPU time used (utime + stime). */
typedef struct
{
  double rss_mb;
  double hwm_mb;
  double cpu_s;
} KvProcessStats;

gboolean kv_process_stats_read (GPid            pid,
                                KvProcessStats *out_stats);

G_END_DECLS
