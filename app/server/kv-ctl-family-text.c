/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisitctl"

#include "config.h"

#include "kv-ctl-family-text.h"

#include <string.h>

/* The words kinvisitctl uses for a family (GET /api/v1/families/ID), its
 * contact and the visit proposed for it. Staff read them at a desk with a
 * parent just admitted: the day, the time and the zone, how many days are
 * left, and the one command that books the visit. Whatever the server
 * left out (an older server) reads as "-", never as a crash. */

static gint64
member_int (JsonObject *object,
            const char *name)
{
  return object != NULL ? json_object_get_int_member_with_default (object, name, 0) : 0;
}

static gboolean
member_true (JsonObject *object,
             const char *name)
{
  return object != NULL && json_object_get_boolean_member_with_default (object, name, FALSE);
}

static const char *
contact_state (JsonObject *family)
{
  return kv_ctl_member_string (kv_ctl_member_object (family, "contact"), "state");
}

/* "Lena (0-3), Tom (4-7)" */
char *
kv_ctl_family_text_children (JsonObject *family)
{
  JsonArray *children = kv_ctl_member_array (family, "children");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; children != NULL && i < json_array_get_length (children); i++)
    {
      JsonObject *child = json_array_get_object_element (children, i);

      if (child == NULL)
        continue;
      g_string_append_printf (text, "%s%s (%s)", text->len > 0 ? ", " : "",
                              kv_ctl_member_string (child, "label"),
                              kv_ctl_member_string (child, "age_band"));
    }
  return g_strdup (text->len > 0 ? text->str : "-");
}

/* "Dad with Lena (0-3) and Tom (4-7)" */
char *
kv_ctl_family_text_who (JsonObject *family)
{
  JsonArray *children = kv_ctl_member_array (family, "children");
  g_autoptr(GString) text = g_string_new (kv_ctl_member_string (family, "parent_label"));
  guint n = children != NULL ? json_array_get_length (children) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *child = json_array_get_object_element (children, i);

      if (child == NULL)
        continue;
      g_string_append (text, i == 0 ? " with " : i + 1 == n ? " and " : ", ");
      g_string_append_printf (text, "%s (%s)", kv_ctl_member_string (child, "label"),
                              kv_ctl_member_string (child, "age_band"));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* "15-minute visits (at most 20 minutes), at least 24 hours apart; the
 * site aims for 2 visits every 7 days" */
char *
kv_ctl_family_text_rules (JsonObject *family)
{
  JsonObject *rules = kv_ctl_member_object (family, "rules");
  gint64 visits = member_int (rules, "aim_visits");

  if (rules == NULL)
    return g_strdup ("-");
  return g_strdup_printf ("%" G_GINT64_FORMAT "-minute visits (at most %" G_GINT64_FORMAT
                          " minutes), at least %" G_GINT64_FORMAT " hours apart; the site aims "
                          "for %" G_GINT64_FORMAT " visit%s every %" G_GINT64_FORMAT " days",
                          member_int (rules, "default_minutes"), member_int (rules, "max_minutes"),
                          member_int (rules, "min_gap_hours"), visits, visits == 1 ? "" : "s",
                          member_int (rules, "aim_days"));
}

/* "6 days left", "less than a day left", "1 day late" */
char *
kv_ctl_family_text_days_left (gint64 days_left)
{
  if (days_left > 1)
    return g_strdup_printf ("%" G_GINT64_FORMAT " days left", days_left);
  if (days_left == 1)
    return g_strdup ("1 day left");
  if (days_left == 0)
    return g_strdup ("less than a day left");
  if (days_left == -1)
    return g_strdup ("1 day late");
  return g_strdup_printf ("%" G_GINT64_FORMAT " days late", -days_left);
}

/* Where the family stands, in one sentence. */
char *
kv_ctl_family_text_contact (JsonObject      *family,
                            KvCtlLocalTimes *times)
{
  JsonObject *contact = kv_ctl_member_object (family, "contact");
  const char *state = contact_state (family);
  JsonObject *next = kv_ctl_member_object (contact, "next_booked");
  g_autofree char *left = kv_ctl_family_text_days_left (member_int (contact, "days_left"));
  g_autofree char *due = kv_ctl_local_times_format (times, kv_ctl_member_string (contact, "due"));
  g_autofree char *booked = NULL;
  g_autofree char *sentence = NULL;

  if (member_true (family, "archived"))
    return g_strdup ("archived: no longer in the due lists or proposals");
  if (g_str_equal (state, "first-due"))
    {
      g_autofree char *last_day =
        kv_ctl_local_times_last_day (times, kv_ctl_member_string (family, "first_week_end"), TRUE);

      sentence = g_strdup_printf ("first contact due within the first week: %s "
                                  "(its last day is %s)", left, last_day);
    }
  else if (g_str_equal (state, "due"))
    sentence = g_strdup_printf ("contact due since %s: %s", due, left);
  else if (g_str_equal (state, "ok"))
    sentence = g_strdup_printf ("on track: next contact due by %s (%s)", due, left);
  else
    sentence = g_strdup (*state != '\0' ? state : "-");
  if (next == NULL)
    return g_steal_pointer (&sentence);
  booked = kv_ctl_local_times_format (times, kv_ctl_member_string (next, "start"));
  return g_strdup_printf ("%s; next visit booked for %s (%s)", sentence, booked,
                          kv_ctl_member_string (next, "id"));
}

/* For a table: "first contact: 6 days left", "due: 1 day late", "ok". */
char *
kv_ctl_family_text_contact_brief (JsonObject *family)
{
  JsonObject *contact = kv_ctl_member_object (family, "contact");
  const char *state = contact_state (family);
  g_autofree char *left = kv_ctl_family_text_days_left (member_int (contact, "days_left"));
  const char *booked = kv_ctl_member_object (contact, "next_booked") != NULL ? ", booked" : "";

  if (member_true (family, "archived"))
    return g_strdup ("archived");
  if (g_str_equal (state, "first-due"))
    return g_strdup_printf ("first contact: %s%s", left, booked);
  if (g_str_equal (state, "due"))
    return g_strdup_printf ("due: %s%s", left, booked);
  if (g_str_equal (state, "ok"))
    return g_strdup_printf ("ok%s", booked);
  return g_strdup (*state != '\0' ? state : "-");
}

/* "Tue 1 Dec 2026 15:30 CET", or "none yet". */
char *
kv_ctl_family_text_last_held (JsonObject      *family,
                              KvCtlLocalTimes *times)
{
  const char *last = kv_ctl_member_string (kv_ctl_member_object (family, "contact"), "last_held");

  if (*last == '\0')
    return g_strdup ("none yet");
  return kv_ctl_local_times_format (times, last);
}

/* A word of a command line, quoted only when the shell needs it. */
static char *
shell_word (const char *word)
{
  for (const char *c = word; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && strchr ("@%+-./:=_,", *c) == NULL)
      return g_shell_quote (word);
  return g_strdup (*word != '\0' ? word : "''");
}

/* "kinvisitctl book --family f-1 --slot t-tue@2026-12-08T15:30:00+01:00 --minutes 15" */
char *
kv_ctl_family_text_book_command (JsonObject *family,
                                 JsonObject *proposal)
{
  g_autofree char *id = shell_word (kv_ctl_member_string (family, "id"));
  g_autofree char *slot = shell_word (kv_ctl_member_string (proposal, "slot"));

  return g_strdup_printf ("kinvisitctl book --family %s --slot %s --minutes %" G_GINT64_FORMAT,
                          id, slot, member_int (proposal, "minutes"));
}

/**
 * kv_ctl_family_text_proposal:
 * @family: the family
 * @proposal: (nullable): the visit proposed for it, or %NULL for none
 * @indent: put before each line
 * @book_next: point to "family book-next ID" rather than the whole "book"
 *   line (in lists, where one short command reads better)
 * @times: the sites' zones
 *
 * "Proposed first visit: Tue 8 Dec 2026 15:30–15:45 CET (15 min) at pv-1 ↔
 * ck-1, within the first week (its last day is Sun 13 Dec)", then the line
 * that books it.
 *
 * Returns: (transfer full): lines, each ending in a newline
 */
char *
kv_ctl_family_text_proposal (JsonObject      *family,
                             JsonObject      *proposal,
                             const char      *indent,
                             gboolean         book_next,
                             KvCtlLocalTimes *times)
{
  gboolean first = g_str_equal (contact_state (family), "first-due");
  gboolean in_time = member_true (proposal, "before_deadline");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *span = NULL;
  g_autofree char *deadline = NULL;
  g_autofree char *book = NULL;

  if (proposal == NULL)
    {
      g_string_append_printf (text, "%sNo free slot to propose in the next 4 weeks: "
                                    "kinvisitctl family propose %s says why.\n",
                              indent, kv_ctl_member_string (family, "id"));
      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  span = kv_ctl_local_times_span (times, kv_ctl_member_string (proposal, "start"),
                                  kv_ctl_member_string (proposal, "end"));
  g_string_append_printf (text, "%sProposed %s visit: %s (%" G_GINT64_FORMAT " min) at %s ↔ %s",
                          indent, first ? "first" : "next", span,
                          member_int (proposal, "minutes"),
                          kv_ctl_member_string (proposal, "prison"),
                          kv_ctl_member_string (proposal, "community"));
  if (first)
    {
      deadline = kv_ctl_local_times_last_day (times, kv_ctl_member_string (proposal, "deadline"),
                                              FALSE);
      if (in_time)
        g_string_append_printf (text, ", within the first week (its last day is %s)\n", deadline);
      else
        g_string_append_printf (text, ", after the first week (its last day is %s): "
                                      "nothing is free within it\n", deadline);
    }
  else if (g_str_equal (contact_state (family), "due"))
    {
      /* Late already: the deadline is when the site would want it by
       * from now, worth a word only when the visit misses it too. */
      deadline = kv_ctl_local_times_format (times, kv_ctl_member_string (proposal, "deadline"));
      if (in_time)
        g_string_append (text, "\n");
      else
        g_string_append_printf (text, ", later than the site aims for (by %s): nothing is "
                                      "free before then\n", deadline);
    }
  else
    {
      deadline = kv_ctl_local_times_format (times, kv_ctl_member_string (proposal, "deadline"));
      if (in_time)
        g_string_append_printf (text, ", before contact is due (%s)\n", deadline);
      else
        g_string_append_printf (text, ", after contact is due (%s): nothing is free "
                                      "before then\n", deadline);
    }
  if (member_true (proposal, "in_school_hours"))
    g_string_append_printf (text, "%sIt is in school hours: nothing outside them is free "
                                  "in time.\n", indent);
  if (book_next)
    book = g_strdup_printf ("kinvisitctl family book-next %s",
                            kv_ctl_member_string (family, "id"));
  else
    book = kv_ctl_family_text_book_command (family, proposal);
  g_string_append_printf (text, "%sBook it: %s\n", indent, book);
  return g_string_free (g_steal_pointer (&text), FALSE);
}
