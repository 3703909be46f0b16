/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-metrics"

#include "config.h"

#include "kv-metrics.h"

/**
 * KvMetrics:
 *
 * The server's counters and gauges, rendered in the Prometheus text
 * exposition format (version 0.0.4) for /metrics. Rejections are also
 * counted per error code, so an operator can tell an attack (forbidden,
 * bad-token) from a buggy kiosk (malformed).
 */

struct _KvMetrics
{
  GObject     parent_instance;

  gint64      values[KV_METRIC_N];
  GHashTable *rejections;       /* error code -> count (GINT64 in a pointer box) */
};

G_DEFINE_FINAL_TYPE (KvMetrics, kv_metrics, G_TYPE_OBJECT)

static const struct
{
  const char *name;
  const char *type;
  const char *help;
} metric_info[KV_METRIC_N] = {
  { "kinvisit_kiosks_signed_in", "gauge", "Kiosks signed in now." },
  { "kinvisit_sessions_live", "gauge", "Visits live or in their goodbye now." },
  { "kinvisit_messages_relayed_total", "counter", "SDP and ICE messages forwarded to a peer kiosk." },
  { "kinvisit_messages_rejected_total", "counter", "Kiosk messages answered with an error." },
  { "kinvisit_auth_failures_total", "counter", "Refused kiosk sign-ins." },
  { "kinvisit_connections_open", "gauge", "TCP connections open now." },
  { "kinvisit_connections_unauthenticated", "gauge", "Open connections not signed in." },
  { "kinvisit_connections_refused_total", "counter", "Connections refused because the server was full." },
  { "kinvisit_connections_evicted_total", "counter", "Unauthenticated connections closed to make room." },
  { "kinvisit_connections_expired_total", "counter", "Connections closed at their request or sign-in deadline." },
  { "kinvisit_requests_too_large_total", "counter", "Requests refused before their oversized body was read." },
  { "kinvisit_fd_exhausted_total", "counter", "Connections closed unserved for want of file descriptors." },
};

static void
kv_metrics_finalize (GObject *object)
{
  KvMetrics *self = KV_METRICS (object);

  g_hash_table_unref (self->rejections);

  G_OBJECT_CLASS (kv_metrics_parent_class)->finalize (object);
}

static void
kv_metrics_class_init (KvMetricsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kv_metrics_finalize;
}

static void
kv_metrics_init (KvMetrics *self)
{
  self->rejections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

KvMetrics *
kv_metrics_new (void)
{
  return g_object_new (KV_TYPE_METRICS, NULL);
}

void
kv_metrics_add (KvMetrics *self,
                KvMetric   metric,
                gint64     delta)
{
  g_return_if_fail (KV_IS_METRICS (self));
  g_return_if_fail ((guint) metric < KV_METRIC_N);

  self->values[metric] += delta;
}

void
kv_metrics_set (KvMetrics *self,
                KvMetric   metric,
                gint64     value)
{
  g_return_if_fail (KV_IS_METRICS (self));
  g_return_if_fail ((guint) metric < KV_METRIC_N);

  self->values[metric] = value;
}

gint64
kv_metrics_get (KvMetrics *self,
                KvMetric   metric)
{
  g_return_val_if_fail (KV_IS_METRICS (self), 0);
  g_return_val_if_fail ((guint) metric < KV_METRIC_N, 0);

  return self->values[metric];
}

/**
 * kv_metrics_count_rejection:
 * @self: a #KvMetrics
 * @code: the wire name of the error sent back ("forbidden", "malformed")
 *
 * Counts one rejected message, in total and by @code.
 */
void
kv_metrics_count_rejection (KvMetrics  *self,
                            const char *code)
{
  gint64 *count;

  g_return_if_fail (KV_IS_METRICS (self));
  g_return_if_fail (code != NULL);

  self->values[KV_METRIC_MESSAGES_REJECTED]++;
  count = g_hash_table_lookup (self->rejections, code);
  if (count == NULL)
    {
      count = g_new0 (gint64, 1);
      g_hash_table_insert (self->rejections, g_strdup (code), count);
    }
  (*count)++;
}

/**
 * kv_metrics_render:
 *
 * Returns: (transfer full): the metrics as Prometheus text
 */
char *
kv_metrics_render (KvMetrics *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GList) codes = NULL;

  g_return_val_if_fail (KV_IS_METRICS (self), NULL);

  for (guint i = 0; i < KV_METRIC_N; i++)
    {
      g_string_append_printf (text, "# HELP %s %s\n# TYPE %s %s\n",
                              metric_info[i].name, metric_info[i].help,
                              metric_info[i].name, metric_info[i].type);
      g_string_append_printf (text, "%s %" G_GINT64_FORMAT "\n",
                              metric_info[i].name, self->values[i]);
    }

  /* Sorted, so the output is stable for people and tests. */
  codes = g_list_sort (g_hash_table_get_keys (self->rejections), (GCompareFunc) g_strcmp0);
  if (codes != NULL)
    g_string_append (text,
                     "# HELP kinvisit_messages_rejected_by_code_total Rejected messages by error code.\n"
                     "# TYPE kinvisit_messages_rejected_by_code_total counter\n");
  for (GList *l = codes; l != NULL; l = l->next)
    {
      const gint64 *count = g_hash_table_lookup (self->rejections, l->data);

      g_string_append_printf (text,
                              "kinvisit_messages_rejected_by_code_total{code=\"%s\"} %" G_GINT64_FORMAT "\n",
                              (const char *) l->data, *count);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
