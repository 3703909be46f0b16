/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "kv-ctl.h"

G_BEGIN_DECLS

/**
 * KvCtlLocalTimes:
 *
 * The sites' zones, so a local time the server wrote with its offset
 * ("2026-12-08T15:30:00+01:00") reads as staff say it: "Tue 8 Dec 2026
 * 15:30 CET". An offset alone does not name its zone; the site whose zone
 * has that offset at that instant does.
 */
typedef struct _KvCtlLocalTimes KvCtlLocalTimes;

KvCtlLocalTimes *kv_ctl_local_times_load     (KvCtl            *ctl,
                                              const char       *preferred_site);
KvCtlLocalTimes *kv_ctl_local_times_new      (JsonArray        *sites);
void             kv_ctl_local_times_free     (KvCtlLocalTimes  *self);
void             kv_ctl_local_times_prefer   (KvCtlLocalTimes  *self,
                                              const char       *site_id);

char            *kv_ctl_local_times_format   (KvCtlLocalTimes  *self,
                                              const char       *iso);
char            *kv_ctl_local_times_span     (KvCtlLocalTimes  *self,
                                              const char       *start_iso,
                                              const char       *end_iso);
char            *kv_ctl_local_times_day      (KvCtlLocalTimes  *self,
                                              const char       *iso,
                                              gboolean          with_year);
char            *kv_ctl_local_times_last_day (KvCtlLocalTimes  *self,
                                              const char       *end_iso,
                                              gboolean          with_year);

char            *kv_ctl_local_times_date     (const char       *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvCtlLocalTimes, kv_ctl_local_times_free)

G_END_DECLS
