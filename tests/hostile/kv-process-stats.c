/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-process-stats.h"

#include <string.h>
#include <unistd.h>

/* Returns: FALSE when the process is gone */
gboolean
kv_process_stats_read (GPid            pid,
                       KvProcessStats *out_stats)
{
  g_autofree char *status_path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *status = NULL;
  g_autofree char *stat = NULL;
  g_auto(GStrv) lines = NULL;
  char *after;

  memset (out_stats, 0, sizeof *out_stats);
  if (!g_file_get_contents (status_path, &status, NULL, NULL))
    return FALSE;
  lines = g_strsplit (status, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "VmRSS:"))
        out_stats->rss_mb = g_ascii_strtod (lines[i] + 6, NULL) / 1024.0;
      else if (g_str_has_prefix (lines[i], "VmHWM:"))
        out_stats->hwm_mb = g_ascii_strtod (lines[i] + 6, NULL) / 1024.0;
    }
  if (g_file_get_contents (stat_path, &stat, NULL, NULL) && (after = strrchr (stat, ')')) != NULL)
    {
      g_auto(GStrv) fields = g_strsplit (after + 2, " ", -1);

      /* utime and stime are fields 14 and 15; fields[] starts at field 3. */
      if (g_strv_length (fields) > 13)
        out_stats->cpu_s = (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) /
                           sysconf (_SC_CLK_TCK);
    }
  return TRUE;
}
