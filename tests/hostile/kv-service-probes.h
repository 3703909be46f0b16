/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a legitimate user needs from a server under attack, tried again and
 * again on a thread of its own (from 127.0.0.1, like the kiosks): a fresh
 * kiosk sign-in (welcome), /healthz, and an admin request with the right
 * token (GET /api/v1/kiosks). Each must succeed within its time limit. */

typedef struct
{
  guint  attempts;
  guint  failures;
  double worst_ms;       /* slowest success */
  char  *first_failure;  /* what went wrong the first time, or NULL */
} KvProbeStats;

typedef struct
{
  KvProbeStats sign_in;
  KvProbeStats health;
  KvProbeStats admin;
} KvProbeReport;

void              kv_probe_report_clear   (KvProbeReport *report);

typedef struct _KvServiceProbes KvServiceProbes;

KvServiceProbes *kv_service_probes_start (guint16          port,
                                          const char      *admin_token,
                                          const char      *kiosk_token,
                                          guint            limit_ms,
                                          guint            interval_ms);
void             kv_service_probes_stop  (KvServiceProbes *self,
                                          KvProbeReport   *out_report);

G_END_DECLS
