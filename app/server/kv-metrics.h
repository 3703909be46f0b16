/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * KvMetric:
 * @KV_METRIC_KIOSKS_SIGNED_IN: gauge: kiosks signed in now
 * @KV_METRIC_SESSIONS_LIVE: gauge: sessions live (or in their goodbye) now
 * @KV_METRIC_MESSAGES_RELAYED: counter: sdp/ice forwarded to a peer kiosk
 * @KV_METRIC_MESSAGES_REJECTED: counter: messages answered with an error
 * @KV_METRIC_AUTH_FAILURES: counter: refused sign-ins
 * @KV_METRIC_CONNECTIONS_OPEN: gauge: TCP connections open now
 * @KV_METRIC_CONNECTIONS_UNAUTHENTICATED: gauge: of those, not signed in
 * @KV_METRIC_CONNECTIONS_REFUSED: counter: refused because the server was full
 * @KV_METRIC_CONNECTIONS_EVICTED: counter: closed unauthenticated to make room
 * @KV_METRIC_CONNECTIONS_EXPIRED: counter: closed at their request or sign-in deadline
 * @KV_METRIC_REQUESTS_TOO_LARGE: counter: requests refused (413) before their body was read
 * @KV_METRIC_FD_EXHAUSTED: counter: connections closed unserved for want of file descriptors
 *
 * What the server counts, exported on /metrics.
 */
typedef enum {
  KV_METRIC_KIOSKS_SIGNED_IN,
  KV_METRIC_SESSIONS_LIVE,
  KV_METRIC_MESSAGES_RELAYED,
  KV_METRIC_MESSAGES_REJECTED,
  KV_METRIC_AUTH_FAILURES,
  KV_METRIC_CONNECTIONS_OPEN,
  KV_METRIC_CONNECTIONS_UNAUTHENTICATED,
  KV_METRIC_CONNECTIONS_REFUSED,
  KV_METRIC_CONNECTIONS_EVICTED,
  KV_METRIC_CONNECTIONS_EXPIRED,
  KV_METRIC_REQUESTS_TOO_LARGE,
  KV_METRIC_FD_EXHAUSTED,
} KvMetric;

#define KV_METRIC_N (KV_METRIC_FD_EXHAUSTED + 1)

#define KV_TYPE_METRICS (kv_metrics_get_type ())
G_DECLARE_FINAL_TYPE (KvMetrics, kv_metrics, KV, METRICS, GObject)

KvMetrics *kv_metrics_new        (void);
void       kv_metrics_add        (KvMetrics  *self,
                                  KvMetric    metric,
                                  gint64      delta);
void       kv_metrics_set        (KvMetrics  *self,
                                  KvMetric    metric,
                                  gint64      value);
gint64     kv_metrics_get        (KvMetrics  *self,
                                  KvMetric    metric);
void       kv_metrics_count_rejection (KvMetrics  *self,
                                       const char *code);
char      *kv_metrics_render     (KvMetrics  *self);

G_END_DECLS
