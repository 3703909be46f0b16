/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisitctl"

#include "config.h"

#include "kv-ctl-site-rules.h"

#include "kv-ctl-sites.h"
#include "kv-local-time.h"

#include <stdio.h>
#include <string.h>

/* kinvisitctl's commands for what a site sets for the children it serves:
 * the age rules of each band (how long, how far apart, how often) and the
 * school hours, written like the site's opening hours. */

/* GET /api/v1/sites/ID */
static JsonNode *
fetch_site (KvCtl      *ctl,
            const char *id,
            int        *out_exit)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/sites/%s", escaped);
  JsonNode *reply = NULL;

  if (!kv_ctl_request (ctl, "GET", path, NULL, "site", &reply, NULL, out_exit))
    return NULL;
  return reply;
}

/* The age rules' fields, in the order a band's options are written. */
static const struct {
  const char *option;
  const char *member;
} rule_fields[] = {
  { "--default",   "default_minutes" },
  { "--max",       "max_minutes" },
  { "--gap-hours", "min_gap_hours" },
  { "--aim",       "aim_visits" },   /* and aim_days: "--aim 2/7" */
};

static const char * const band_names[] = { "0-3", "4-7", "8-12", "13-17" };

/* One --band and the options after it; -1: not given, keep the site's. */
typedef struct
{
  char  *band;
  gint64 values[G_N_ELEMENTS (rule_fields) + 1];   /* the last: aim_days */
} BandChange;

static void
band_change_free (BandChange *change)
{
  g_free (change->band);
  g_free (change);
}

static gint64
rule_of (JsonObject *rules,
         const char *member)
{
  return rules != NULL ? json_object_get_int_member_with_default (rules, member, 0) : 0;
}

static void
print_age_rules (const char *site_id,
                 JsonObject *site)
{
  const char * const headers[] = { "BAND", "USUAL LENGTH", "LONGEST", "GAP BETWEEN VISITS",
                                   "CONTACT AIMED FOR", NULL };
  JsonObject *age_rules = kv_ctl_member_object (site, "age_rules");
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (gsize b = 0; b < G_N_ELEMENTS (band_names); b++)
    {
      JsonObject *rules = kv_ctl_member_object (age_rules, band_names[b]);
      gint64 visits = rule_of (rules, "aim_visits");
      char **row;

      if (rules == NULL)
        continue;
      row = g_new0 (char *, 6);
      row[0] = g_strdup (band_names[b]);
      row[1] = g_strdup_printf ("%" G_GINT64_FORMAT " min", rule_of (rules, "default_minutes"));
      row[2] = g_strdup_printf ("%" G_GINT64_FORMAT " min", rule_of (rules, "max_minutes"));
      row[3] = g_strdup_printf ("%" G_GINT64_FORMAT " hours", rule_of (rules, "min_gap_hours"));
      row[4] = g_strdup_printf ("%" G_GINT64_FORMAT " visit%s every %" G_GINT64_FORMAT " days",
                                visits, visits == 1 ? "" : "s", rule_of (rules, "aim_days"));
      g_ptr_array_add (rows, row);
    }
  printf ("Age rules of %s (a family follows the rules of its youngest child):\n", site_id);
  kv_ctl_print_table (headers, rows);
}

/* "--aim 2/7": 2 visits every 7 days. */
static gboolean
parse_aim (const char *text,
           gint64     *out_visits,
           gint64     *out_days)
{
  g_auto(GStrv) parts = g_strsplit (text, "/", -1);
  guint64 visits, days;

  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 0, G_MAXINT32, &visits, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXINT32, &days, NULL))
    return FALSE;
  *out_visits = (gint64) visits;
  *out_days = (gint64) days;
  return TRUE;
}

/* The --band groups of the command line, in order. */
static GPtrArray *
parse_band_changes (int    argc,
                    char **argv,
                    int   *out_exit)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) band_change_free);
  BandChange *current = NULL;

  for (int i = 0; i < argc; i++)
    {
      g_autofree char *name = NULL;
      const char *value;
      const char *equals = strchr (argv[i], '=');
      gsize field;
      guint64 number;

      if (!g_str_has_prefix (argv[i], "--"))
        {
          *out_exit = kv_ctl_usage_error ("site age-rules takes one site ID, then options");
          return NULL;
        }
      name = equals != NULL ? g_strndup (argv[i], equals - argv[i]) : g_strdup (argv[i]);
      if (equals != NULL)
        value = equals + 1;
      else if (i + 1 < argc)
        value = argv[++i];
      else
        {
          *out_exit = kv_ctl_usage_error ("%s needs a value", name);
          return NULL;
        }

      if (g_str_equal (name, "--band"))
        {
          /* A band named again goes on where it left off. */
          current = NULL;
          for (guint c = 0; c < changes->len && current == NULL; c++)
            if (g_str_equal (((BandChange *) g_ptr_array_index (changes, c))->band, value))
              current = g_ptr_array_index (changes, c);
          if (current != NULL)
            continue;
          current = g_new0 (BandChange, 1);
          current->band = g_strdup (value);
          for (gsize f = 0; f < G_N_ELEMENTS (current->values); f++)
            current->values[f] = -1;
          g_ptr_array_add (changes, current);
          continue;
        }
      for (field = 0; field < G_N_ELEMENTS (rule_fields); field++)
        if (g_str_equal (name, rule_fields[field].option))
          break;
      if (field == G_N_ELEMENTS (rule_fields))
        {
          *out_exit = kv_ctl_usage_error ("unknown option %s", name);
          return NULL;
        }
      if (current == NULL)
        {
          *out_exit = kv_ctl_usage_error ("%s belongs to a band: put --band 0-3 (or 4-7, 8-12, "
                                          "13-17) before it", name);
          return NULL;
        }
      if (g_str_equal (name, "--aim"))
        {
          if (!parse_aim (value, &current->values[field],
                          &current->values[G_N_ELEMENTS (rule_fields)]))
            {
              *out_exit = kv_ctl_usage_error ("--aim %s: write visits/days, like 2/7 for twice "
                                              "a week", value);
              return NULL;
            }
          continue;
        }
      if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT32, &number, NULL))
        {
          *out_exit = kv_ctl_usage_error ("%s %s is not a whole number", name, value);
          return NULL;
        }
      current->values[field] = (gint64) number;
    }
  return g_steal_pointer (&changes);
}

/* site age-rules SITE [--band B [--default N] [--max N] [--gap-hours N]
 *   [--aim V/D]]...: without options, the site's rules; with them, the
 * bands named change, each option given replacing the site's value. */
int
kv_ctl_site_age_rules (KvCtl *ctl,
                       int    argc,
                       char **argv)
{
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(JsonNode) site = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *escaped = NULL, *path = NULL;
  JsonObject *current_rules;
  const char *site_id;
  int status;

  if (argc < 1 || argv[0][0] == '-')
    return kv_ctl_usage_error ("site age-rules needs a site ID");
  site_id = argv[0];
  changes = parse_band_changes (argc - 1, argv + 1, &status);
  if (changes == NULL)
    return status;
  site = fetch_site (ctl, site_id, &status);
  if (site == NULL)
    return status;
  if (changes->len == 0)
    {
      if (ctl->json)
        kv_ctl_print_json (site);
      else
        print_age_rules (site_id, json_node_get_object (site));
      return KV_CTL_EXIT_OK;
    }

  /* Each band goes whole, as the server wants it: what was not typed
   * stays as the site has it. */
  current_rules = kv_ctl_member_object (json_node_get_object (site), "age_rules");
  json_builder_begin_object (builder);
  for (guint i = 0; i < changes->len; i++)
    {
      BandChange *change = g_ptr_array_index (changes, i);
      JsonObject *rules = kv_ctl_member_object (current_rules, change->band);

      json_builder_set_member_name (builder, change->band);
      json_builder_begin_object (builder);
      for (gsize f = 0; f <= G_N_ELEMENTS (rule_fields); f++)
        {
          const char *member = f < G_N_ELEMENTS (rule_fields) ? rule_fields[f].member : "aim_days";

          if (change->values[f] < 0 && rules == NULL)
            continue;   /* an unknown band: the server says so */
          json_builder_set_member_name (builder, member);
          json_builder_add_int_value (builder, change->values[f] >= 0 ? change->values[f]
                                                                      : rule_of (rules, member));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  escaped = g_uri_escape_string (site_id, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/sites/%s/age-rules", escaped);
  if (!kv_ctl_request (ctl, "PUT", path, body, "age rules", &reply, NULL, &status))
    return status;
  if (ctl->json)
    kv_ctl_print_json (reply);
  else
    print_age_rules (site_id, json_node_get_object (reply));
  return KV_CTL_EXIT_OK;
}

/* "mon-fri 08:00-15:00, sat 09:00-12:00": days in a row with the same
 * hours read as one range. */
static char *
describe_school_hours (JsonObject *site)
{
  JsonArray *hours = kv_ctl_member_array (site, "school_hours");
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = hours != NULL ? json_array_get_length (hours) : 0;

  for (guint i = 0; i < n;)
    {
      JsonObject *window = json_array_get_object_element (hours, i);
      const char *opens = kv_ctl_member_string (window, "opens");
      const char *closes = kv_ctl_member_string (window, "closes");
      guint first_day = 0, last_day = 0, next_day;
      guint j = i + 1;

      kv_local_time_parse_weekday (kv_ctl_member_string (window, "weekday"), &first_day, NULL);
      last_day = first_day;
      while (j < n && first_day != 0)
        {
          JsonObject *other = json_array_get_object_element (hours, j);

          if (!kv_local_time_parse_weekday (kv_ctl_member_string (other, "weekday"), &next_day,
                                            NULL) ||
              next_day != last_day + 1 ||
              !g_str_equal (kv_ctl_member_string (other, "opens"), opens) ||
              !g_str_equal (kv_ctl_member_string (other, "closes"), closes))
            break;
          last_day = next_day;
          j++;
        }
      if (text->len > 0)
        g_string_append (text, ", ");
      if (last_day > first_day)
        g_string_append_printf (text, "%s-%s", kv_local_time_weekday_name (first_day),
                                kv_local_time_weekday_name (last_day));
      else
        g_string_append (text, kv_ctl_member_string (window, "weekday"));
      g_string_append_printf (text, " %s-%s", opens, closes);
      i = j;
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

/* "mon-fri=08:00-15:00", "sat=09:00-12:00", "mon,wed=13:00-15:00": one
 * entry a day, in the site's hours format. */
static gboolean
add_school_days (JsonBuilder *builder,
                 const char  *spec,
                 int         *out_exit)
{
  const char *equals = strchr (spec, '=');
  g_autofree char *days = NULL;
  g_auto(GStrv) parts = NULL;

  if (equals == NULL || equals == spec)
    {
      *out_exit = kv_ctl_usage_error ("%s: write days=hours, like mon-fri=08:00-15:00", spec);
      return FALSE;
    }
  days = g_strndup (spec, equals - spec);
  parts = g_strsplit (days, ",", -1);
  for (guint p = 0; parts[p] != NULL; p++)
    {
      g_auto(GStrv) ends = g_strsplit (parts[p], "-", -1);
      guint from, to;

      if (g_strv_length (ends) > 2 || !kv_local_time_parse_weekday (ends[0], &from, NULL) ||
          !kv_local_time_parse_weekday (ends[1] != NULL ? ends[1] : ends[0], &to, NULL))
        {
          *out_exit = kv_ctl_usage_error ("%s: days are mon, tue, wed, thu, fri, sat and sun, "
                                          "or a range like mon-fri", parts[p]);
          return FALSE;
        }
      /* "sat-mon" goes round the week's end. */
      for (guint day = from;; day = day % 7 + 1)
        {
          if (!kv_ctl_site_add_opening (builder, kv_local_time_weekday_name (day), equals + 1, out_exit))
            return FALSE;
          if (day == to)
            break;
        }
    }
  return TRUE;
}

static void
print_school_hours (const char *site_id,
                    JsonObject *site)
{
  g_autofree char *hours = describe_school_hours (site);

  if (hours == NULL)
    printf ("%s has no school hours.\n", site_id);
  else
    printf ("School hours of %s: %s.\nSlots in them are marked for children aged 4 to 17, and "
            "proposals prefer slots outside them.\n", site_id, hours);
}

/* site school-hours SITE [DAYS=HH:MM-HH:MM]... | --clear: without either,
 * the site's school hours; otherwise the whole week's. */
int
kv_ctl_site_school_hours (KvCtl *ctl,
                          int    argc,
                          char **argv)
{
  gboolean clear = FALSE;
  const KvCtlOption options[] = { { "--clear", NULL, &clear }, { NULL } };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *escaped = NULL, *path = NULL;
  const char *site_id;
  int status;

  if (!kv_ctl_parse_arguments (argc, argv, options, positional, &status))
    return status;
  if (positional->len < 1)
    return kv_ctl_usage_error ("site school-hours needs a site ID");
  if (clear && positional->len > 1)
    return kv_ctl_usage_error ("site school-hours takes either --clear or hours like "
                               "mon-fri=08:00-15:00, not both");
  site_id = g_ptr_array_index (positional, 0);
  if (!clear && positional->len == 1)
    {
      reply = fetch_site (ctl, site_id, &status);
      if (reply == NULL)
        return status;
      if (ctl->json)
        kv_ctl_print_json (reply);
      else
        print_school_hours (site_id, json_node_get_object (reply));
      return KV_CTL_EXIT_OK;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "school_hours");
  json_builder_begin_array (builder);
  for (guint i = 1; i < positional->len; i++)
    if (!add_school_days (builder, g_ptr_array_index (positional, i), &status))
      return status;
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  escaped = g_uri_escape_string (site_id, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/sites/%s/school-hours", escaped);
  if (!kv_ctl_request (ctl, "PUT", path, body, "school hours", &reply, NULL, &status))
    return status;
  if (ctl->json)
    kv_ctl_print_json (reply);
  else
    print_school_hours (site_id, json_node_get_object (reply));
  return KV_CTL_EXIT_OK;
}
