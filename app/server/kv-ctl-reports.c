/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisitctl"

#include "config.h"

#include "kv-ctl-reports.h"

#include <errno.h>
#include <stdio.h>

/* kinvisitctl report: a month's figures per site (GET /api/v1/reports),
 * and the families' contact with their children (report families, GET
 * /api/v1/reports/families), one column a site, or the server's CSV as it
 * comes. */

/* One line of the table: its label and where its number is in a report
 * ("no_show.prison": a member of a member). */
static const struct {
  const char *label;
  const char *path;
} figures[] = {
  { "Visits booked",                 "booked" },
  { "Held",                          "held" },
  { "Cancelled",                     "cancelled" },
  { "No-show: prison side",          "no_show.prison" },
  { "No-show: community side",       "no_show.community" },
  { "No-show: both sides",           "no_show.both" },
  { "No-show: side not kept",        "no_show.side_unknown" },
  { "Ended early: finished early",   "ended_early.finished-early" },
  { "Ended early: child upset",      "ended_early.child-upset" },
  { "Ended early: adult unwell",     "ended_early.adult-unwell" },
  { "Ended early: technical problem", "ended_early.technical-problem" },
  { "Ended early: other",            "ended_early.other" },
  { "Ended early: safeguarding",     "ended_early.safeguarding" },
  { "Ended early: no category",      "ended_early.none" },
  { "Minutes booked",                "minutes_booked" },
  { "Minutes lost to faults",        "minutes_lost" },
  { "Minutes given back",            "minutes_given_back" },
};

static gint64
figure_of (JsonObject *report,
           const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", 2);
  JsonNode *node;

  if (parts[1] != NULL)
    {
      node = json_object_get_member (report, parts[0]);
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return 0;
      report = json_node_get_object (node);
    }
  node = json_object_get_member (report, parts[1] != NULL ? parts[1] : parts[0]);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

/* report --month YYYY-MM [--site ID] [--csv] */
int
kv_ctl_report (KvCtl *ctl,
               int    argc,
               char **argv)
{
  g_autofree char *month = NULL, *site = NULL;
  gboolean csv = FALSE;
  const KvCtlOption options[] = {
    { "--month", &month, NULL },
    { "--site", &site, NULL },
    { "--csv", NULL, &csv },
    { NULL },
  };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(GString) path = NULL;
  g_autofree char *escaped_month = NULL;
  JsonArray *reports;
  gboolean any_partial = FALSE;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, options, positional, &status))
    return status;
  if (positional->len != 0)
    return kv_ctl_usage_error ("report takes options only");
  if (month == NULL)
    return kv_ctl_usage_error ("report needs --month YYYY-MM");

  escaped_month = g_uri_escape_string (month, NULL, FALSE);
  path = g_string_new (NULL);
  g_string_printf (path, "/api/v1/reports?month=%s", escaped_month);
  if (site != NULL)
    {
      g_autofree char *escaped_site = g_uri_escape_string (site, NULL, FALSE);

      g_string_append_printf (path, "&site=%s", escaped_site);
    }
  if (csv)
    {
      g_string_append (path, "&format=csv");
      if (!kv_ctl_request (ctl, "GET", path->str, NULL, "report", NULL, &raw, &status))
        return status;
      if (fwrite (g_bytes_get_data (raw, NULL), 1, g_bytes_get_size (raw), stdout) !=
          g_bytes_get_size (raw) || fflush (stdout) != 0)
        return kv_ctl_fail ("cannot write the report: %s", g_strerror (errno));
      return KV_CTL_EXIT_OK;
    }

  if (!kv_ctl_request (ctl, "GET", path->str, NULL, "report", &reply, NULL, &status))
    return status;
  if (ctl->json)
    {
      kv_ctl_print_json (reply);
      return KV_CTL_EXIT_OK;
    }
  reports = kv_ctl_reply_array (reply, "reports");
  if (reports == NULL || json_array_get_length (reports) == 0)
    {
      printf ("No sites to report on for %s.\n", month);
      return KV_CTL_EXIT_OK;
    }

  /* One column a site: the figures read down, sites compare across. */
  g_ptr_array_add (headers, g_strdup (month));
  for (guint i = 0; i < json_array_get_length (reports); i++)
    {
      JsonObject *report = json_array_get_object_element (reports, i);
      JsonNode *partial = json_object_get_member (report, "partial");
      gboolean is_partial = partial != NULL && JSON_NODE_HOLDS_VALUE (partial) &&
                            json_node_get_value_type (partial) == G_TYPE_BOOLEAN &&
                            json_node_get_boolean (partial);

      any_partial |= is_partial;
      g_ptr_array_add (headers, g_strdup_printf ("%s%s",
                                                 kv_ctl_member_string (report, "site"),
                                                 is_partial ? " *" : ""));
    }
  g_ptr_array_add (headers, NULL);
  for (gsize f = 0; f < G_N_ELEMENTS (figures); f++)
    {
      GStrvBuilder *row = g_strv_builder_new ();

      g_strv_builder_add (row, figures[f].label);
      for (guint i = 0; i < json_array_get_length (reports); i++)
        {
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                     figure_of (json_array_get_object_element (reports, i),
                                                                figures[f].path));

          g_strv_builder_add (row, number);
        }
      g_ptr_array_add (rows, g_strv_builder_end (row));
      g_strv_builder_unref (row);
    }
  kv_ctl_print_table ((const char * const *) headers->pdata, rows);
  if (any_partial)
    printf ("* Includes visits retention has purged: their no-show sides and why staff "
            "ended them early are no longer kept.\n");
  return KV_CTL_EXIT_OK;
}

static const char * const report_bands[] = { "0-3", "4-7", "8-12", "13-17" };

/* How one site's cell of a line reads, from its report and the line's
 * argument. */
typedef char *(*FamilyFigure) (JsonObject *report,
                               const char *argument);

static JsonNode *
member_value (JsonObject *object,
              const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? node : NULL;
}

static char *
count_text (JsonObject *report,
            const char *name)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT,
                          json_object_get_int_member_with_default (report, name, 0));
}

/* "3 of 4 (75%)", or "0 of 0" when the share is undefined. */
static char *
share_text (JsonObject *report,
            const char *part,
            const char *whole,
            const char *share)
{
  JsonNode *value = member_value (report, share);
  gint64 n = json_object_get_int_member_with_default (report, part, 0);
  gint64 of = json_object_get_int_member_with_default (report, whole, 0);

  if (value == NULL)
    return g_strdup_printf ("%" G_GINT64_FORMAT " of %" G_GINT64_FORMAT, n, of);
  return g_strdup_printf ("%" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " (%.0f%%)", n, of,
                          json_node_get_double (value) * 100.0);
}

static char *
first_week_text (JsonObject *report,
                 const char *argument)
{
  return share_text (report, "first_week_contact", "new_families", "first_week_share");
}

static char *
within_rules_text (JsonObject *report,
                   const char *argument)
{
  return share_text (report, "visits_within_rules", "visits", "within_rules_share");
}

/* "3.5 days (6 intervals)", or "-" with none. */
static char *
median_text (JsonObject *report,
             const char *band)
{
  JsonNode *value = member_value (kv_ctl_member_object (report, "median_days_between"), band);
  gint64 intervals = json_object_get_int_member_with_default (kv_ctl_member_object (report,
                                                                                    "intervals"),
                                                              band, 0);

  if (value == NULL)
    return g_strdup ("-");
  return g_strdup_printf ("%.1f days (%" G_GINT64_FORMAT " interval%s)",
                          json_node_get_double (value), intervals, intervals == 1 ? "" : "s");
}

/* A line of the table: its label, then each site's cell. */
static void
add_family_line (GPtrArray    *rows,
                 const char   *label,
                 JsonArray    *reports,
                 FamilyFigure  figure,
                 const char   *argument)
{
  GStrvBuilder *row = g_strv_builder_new ();

  g_strv_builder_add (row, label);
  for (guint i = 0; i < json_array_get_length (reports); i++)
    {
      g_autofree char *cell = figure (json_array_get_object_element (reports, i), argument);

      g_strv_builder_add (row, cell);
    }
  g_ptr_array_add (rows, g_strv_builder_end (row));
  g_strv_builder_unref (row);
}

/* report families --month YYYY-MM [--site ID] [--csv]: contact with the
 * children, per community site (GET /api/v1/reports/families). */
int
kv_ctl_report_families (KvCtl *ctl,
                        int    argc,
                        char **argv)
{
  g_autofree char *month = NULL, *site = NULL;
  gboolean csv = FALSE;
  const KvCtlOption options[] = {
    { "--month", &month, NULL },
    { "--site", &site, NULL },
    { "--csv", NULL, &csv },
    { NULL },
  };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(GString) path = g_string_new (NULL);
  g_autofree char *escaped_month = NULL;
  JsonArray *reports;
  guint n;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, options, positional, &status))
    return status;
  if (positional->len != 0)
    return kv_ctl_usage_error ("report families takes options only");
  if (month == NULL)
    return kv_ctl_usage_error ("report families needs --month YYYY-MM");

  escaped_month = g_uri_escape_string (month, NULL, FALSE);
  g_string_printf (path, "/api/v1/reports/families?month=%s", escaped_month);
  if (site != NULL)
    {
      g_autofree char *escaped_site = g_uri_escape_string (site, NULL, FALSE);

      g_string_append_printf (path, "&site=%s", escaped_site);
    }
  if (csv)
    {
      g_string_append (path, "&format=csv");
      if (!kv_ctl_request (ctl, "GET", path->str, NULL, "report", NULL, &raw, &status))
        return status;
      if (fwrite (g_bytes_get_data (raw, NULL), 1, g_bytes_get_size (raw), stdout) !=
          g_bytes_get_size (raw) || fflush (stdout) != 0)
        return kv_ctl_fail ("cannot write the report: %s", g_strerror (errno));
      return KV_CTL_EXIT_OK;
    }

  if (!kv_ctl_request (ctl, "GET", path->str, NULL, "report", &reply, NULL, &status))
    return status;
  if (ctl->json)
    {
      kv_ctl_print_json (reply);
      return KV_CTL_EXIT_OK;
    }
  reports = kv_ctl_reply_array (reply, "reports");
  n = reports != NULL ? json_array_get_length (reports) : 0;
  if (n == 0)
    {
      printf ("No community sites to report on for %s.\n", month);
      return KV_CTL_EXIT_OK;
    }

  /* One column a site, as the monthly report. */
  g_ptr_array_add (headers, g_strdup (month));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (headers, g_strdup (kv_ctl_member_string (json_array_get_object_element (reports,
                                                                                             i),
                                                              "site")));
  g_ptr_array_add (headers, NULL);
  add_family_line (rows, "New families (admitted this month)", reports, count_text,
                   "new_families");
  add_family_line (rows, "  with a visit held in their first week", reports, first_week_text,
                   NULL);
  for (gsize b = 0; b < G_N_ELEMENTS (report_bands); b++)
    {
      g_autofree char *label = g_strdup_printf ("Median time between held visits, %s",
                                                report_bands[b]);

      add_family_line (rows, label, reports, median_text, report_bands[b]);
    }
  add_family_line (rows, "Visits", reports, count_text, "visits");
  add_family_line (rows, "  within the age rules", reports, within_rules_text, NULL);
  kv_ctl_print_table ((const char * const *) headers->pdata, rows);
  return KV_CTL_EXIT_OK;
}
