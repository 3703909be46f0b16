/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisitctl"

#include "config.h"

#include "kv-ctl-reports.h"

#include <errno.h>
#include <stdio.h>

/* kinvisitctl report: a month's figures per site (GET /api/v1/reports),
 * one column a site, or the server's CSV as it comes. */

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
