/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisitctl"

#include "config.h"

#include "kv-ctl-main.h"

#include "kv-ctl.h"
#include "kv-ctl-audit.h"
#include "kv-ctl-reports.h"
#include "kv-ctl-bookings.h"
#include "kv-ctl-families.h"
#include "kv-ctl-family-contact.h"
#include "kv-ctl-kiosks.h"
#include "kv-ctl-pin.h"
#include "kv-ctl-sessions.h"
#include "kv-ctl-site-rules.h"
#include "kv-ctl-sites.h"
#include "kv-ctl-templates.h"
#include "kv-ctl-sign-in.h"
#include "kv-ctl-staff.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

/* kinvisitctl: the global options, the HTTP session, and the dispatch of
 * each command to its group (sites and their age rules and school hours,
 * kiosks, templates and slots, bookings, families and their contact,
 * sessions, the audit log and purges, reports, PIN hashes, staff accounts,
 * signing in). */

#define DEFAULT_SERVER "https://localhost:8443"

static const char usage_text[] =
  "Usage: kinvisitctl [--server URL] [--token-file FILE] [--ca-file FILE] [--json] COMMAND\n"
  "\n"
  "Commands:\n"
  "  site add ID --name TEXT --zone ZONE\n"
  "  site list\n"
  "  site hours ID [DAY HH:MM-HH:MM]...\n"
  "  site close ID DAY [--reason TEXT]\n"
  "  site age-rules ID [--band BAND [--default MIN] [--max MIN] [--gap-hours H]\n"
  "                    [--aim VISITS/DAYS]]...\n"
  "  site school-hours ID [DAYS=HH:MM-HH:MM]... | --clear\n"
  "  kiosk add ID --role community|prison [--label TEXT] [--site ID]\n"
  "  kiosk list\n"
  "  kiosk set-site ID SITE|none\n"
  "  kiosk revoke ID\n"
  "  template add --prison ID --community ID --weekday DAY --start HH:MM --minutes N\n"
  "               [--every-weeks N] [--from DAY] [--to DAY] [--id ID]\n"
  "               [--first-week-share PERCENT]\n"
  "  template edit ID [--first-week-share PERCENT] [--to DAY]\n"
  "  template list [--prison ID] [--community ID]\n"
  "  template disable ID\n"
  "  slots --prison ID --community ID [--from DAY] [--days N]\n"
  "  book --prison ID --community ID --start LOCAL (--minutes N | --end LOCAL)\n"
  "       [--prison-label TEXT] [--community-label TEXT] [--age-band BAND]\n"
  "  book --prison ID --community ID --next-free [--from DAY] [--days N] [labels]\n"
  "  book --slot SLOT [--minutes N] [labels]\n"
  "       each book also takes [--family ID] [--override-reason TEXT]\n"
  "  move BOOKING --start LOCAL [--minutes N] [--reason TEXT] [--override-reason TEXT]\n"
  "  cancel BOOKING --category CANCEL-CATEGORY [--reason TEXT]\n"
  "  booking add --prison ID --community ID --start TIME (--minutes N | --end TIME)\n"
  "              [--prison-label TEXT] [--community-label TEXT] [--age-band 0-3|4-7|8-12|13-17]\n"
  "              [--family ID]\n"
  "  booking list [--kiosk ID] [--day YYYY-MM-DD]\n"
  "  booking cancel ID --category CANCEL-CATEGORY [--reason TEXT]\n"
  "  family add --parent LABEL --child LABEL:BAND [--child LABEL:BAND]...\n"
  "             --admitted YYYY-MM-DD --prison-kiosk ID [--prison-kiosk ID]...\n"
  "             --community-site ID [--id ID]\n"
  "  family list [--site ID] [--archived]\n"
  "  family show ID\n"
  "  family edit ID [--parent LABEL] [--child LABEL:BAND]... [--admitted YYYY-MM-DD]\n"
  "                 [--prison-kiosk ID]... [--community-site ID]\n"
  "  family archive ID\n"
  "  family propose ID\n"
  "  family due [--site ID]\n"
  "  family book-next ID\n"
  "  session list\n"
  "  session show BOOKING\n"
  "  session end BOOKING --category CATEGORY --reason TEXT\n"
  "  audit export [--format jsonl|csv] [--since TIME] [--page-size N]\n"
  "  audit verify\n"
  "  purge [--dry-run]\n"
  "  report --month YYYY-MM [--site ID] [--csv]\n"
  "  report families --month YYYY-MM [--site ID] [--csv]\n"
  "  pin-hash\n"
  "  staff add ID --role ROLE [--role ROLE]... [--site SITE]... [--name TEXT]\n"
  "  staff list\n"
  "  staff disable ID\n"
  "  staff enable ID\n"
  "  staff reset-password ID\n"
  "  staff set-pin ID\n"
  "  sign-in --user ID\n"
  "  sign-out\n"
  "  whoami\n"
  "\n"
  "CATEGORY says why a visit ends: safeguarding stops it at once, without a\n"
  "goodbye; finished-early, child-upset, adult-unwell, technical-problem and\n"
  "other start its goodbye now (at least 20 s, never past the slot).\n"
  "CANCEL-CATEGORY: family-request, prison-regime, illness, technical or other.\n"
  "TIME has its zone: 2026-12-01T10:00Z (UTC) or 2026-12-01T11:00+01:00; or it is\n"
  "relative to now: +5m, +2h.\n"
  "LOCAL is the prison site's local time, \"2026-12-08 15:30\"; an explicit Z or\n"
  "offset (\"2026-10-25 02:30 +01:00\") is taken as given, and is needed when the\n"
  "clocks go back and a time happens twice. DAY is mon..sun, or a date YYYY-MM-DD.\n"
  "BAND is a child's age band: 0-3, 4-7, 8-12 or 13-17; a family follows the\n"
  "rules of its youngest child. A booking over the band's longest visit, or\n"
  "closer to the family's other visits than its gap, is refused with the reason;\n"
  "a scheduler may book it anyway with --override-reason \"why\" (audited).\n"
  "SLOT is TEMPLATE@START as slots and family propose print it; --minutes makes\n"
  "the visit shorter than its slot. DAYS is mon, a range mon-fri, or a list mon,wed.\n"
  "ROLE is officer, coordinator, scheduler or admin. Passwords and PINs are read\n"
  "from the terminal without echo, or from standard input.\n"
  "After sign-in, commands use that staff session (kept in\n"
  "$XDG_CONFIG_HOME/kinvisitctl/) instead of the admin token, until sign-out.\n"
  "The server and admin token file also come from KINVISIT_SERVER and\n"
  "KINVISIT_ADMIN_TOKEN_FILE.\n";

/* COMMAND [ARGUMENTS]: to the command group that does it. */
static int
run_command (KvCtl *ctl,
             int    argc,
             char **argv)
{
  const char *noun = argv[0];
  const char *verb = argc > 1 ? argv[1] : "";

  if (g_str_equal (noun, "pin-hash"))
    return kv_ctl_pin_hash ();
  if (g_str_equal (noun, "site") && g_str_equal (verb, "add"))
    return kv_ctl_site_add (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "site") && g_str_equal (verb, "list"))
    return kv_ctl_site_list (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "site") && g_str_equal (verb, "hours"))
    return kv_ctl_site_hours (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "site") && g_str_equal (verb, "close"))
    return kv_ctl_site_close (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "site") && g_str_equal (verb, "age-rules"))
    return kv_ctl_site_age_rules (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "site") && g_str_equal (verb, "school-hours"))
    return kv_ctl_site_school_hours (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "kiosk") && g_str_equal (verb, "set-site"))
    return kv_ctl_kiosk_set_site (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "template") && g_str_equal (verb, "add"))
    return kv_ctl_template_add (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "template") && g_str_equal (verb, "list"))
    return kv_ctl_template_list (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "template") && g_str_equal (verb, "edit"))
    return kv_ctl_template_edit (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "template") && g_str_equal (verb, "disable"))
    return kv_ctl_template_disable (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "slots"))
    return kv_ctl_slots (ctl, argc - 1, argv + 1);
  if (g_str_equal (noun, "family") && g_str_equal (verb, "add"))
    return kv_ctl_family_add (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "family") && g_str_equal (verb, "list"))
    return kv_ctl_family_list (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "family") && g_str_equal (verb, "show"))
    return kv_ctl_family_show (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "family") && g_str_equal (verb, "edit"))
    return kv_ctl_family_edit (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "family") && g_str_equal (verb, "archive"))
    return kv_ctl_family_archive (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "family") && g_str_equal (verb, "propose"))
    return kv_ctl_family_propose (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "family") && g_str_equal (verb, "due"))
    return kv_ctl_family_due (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "family") && g_str_equal (verb, "book-next"))
    return kv_ctl_family_book_next (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "book"))
    return kv_ctl_book (ctl, argc - 1, argv + 1);
  if (g_str_equal (noun, "move"))
    return kv_ctl_booking_move (ctl, argc - 1, argv + 1);
  if (g_str_equal (noun, "cancel"))
    return kv_ctl_booking_cancel (ctl, argc - 1, argv + 1);
  if (g_str_equal (noun, "kiosk") && g_str_equal (verb, "add"))
    return kv_ctl_kiosk_add (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "kiosk") && g_str_equal (verb, "list"))
    return kv_ctl_kiosk_list (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "kiosk") && g_str_equal (verb, "revoke"))
    return kv_ctl_kiosk_revoke (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "booking") && g_str_equal (verb, "add"))
    return kv_ctl_booking_add (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "booking") && g_str_equal (verb, "list"))
    return kv_ctl_booking_list (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "booking") && g_str_equal (verb, "cancel"))
    return kv_ctl_booking_cancel (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "session") && g_str_equal (verb, "list"))
    return kv_ctl_session_list (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "session") && g_str_equal (verb, "end"))
    return kv_ctl_session_end (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "session") && g_str_equal (verb, "show"))
    return kv_ctl_session_show (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "audit") && g_str_equal (verb, "export"))
    return kv_ctl_audit_export (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "audit") && g_str_equal (verb, "verify"))
    return kv_ctl_audit_verify (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "staff") && g_str_equal (verb, "add"))
    return kv_ctl_staff_add (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "staff") && g_str_equal (verb, "list"))
    return kv_ctl_staff_list (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "staff") && g_str_equal (verb, "disable"))
    return kv_ctl_staff_disable (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "staff") && g_str_equal (verb, "enable"))
    return kv_ctl_staff_enable (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "staff") && g_str_equal (verb, "reset-password"))
    return kv_ctl_staff_reset_password (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "staff") && g_str_equal (verb, "set-pin"))
    return kv_ctl_staff_set_pin (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "sign-in"))
    return kv_ctl_sign_in (ctl, argc - 1, argv + 1);
  if (g_str_equal (noun, "sign-out"))
    return kv_ctl_sign_out (ctl, argc - 1, argv + 1);
  if (g_str_equal (noun, "whoami"))
    return kv_ctl_whoami (ctl, argc - 1, argv + 1);
  if (g_str_equal (noun, "report") && g_str_equal (verb, "families"))
    return kv_ctl_report_families (ctl, argc - 2, argv + 2);
  if (g_str_equal (noun, "report"))
    return kv_ctl_report (ctl, argc - 1, argv + 1);
  if (g_str_equal (noun, "purge"))
    return kv_ctl_purge (ctl, argc - 1, argv + 1);
  return kv_ctl_usage_error ("unknown command: %s %s", noun, verb);
}

static gboolean
take_value (int          argc,
            char       **argv,
            int         *i,
            const char  *name,
            char       **out_value)
{
  gsize name_len = strlen (name);

  if (g_str_equal (argv[*i], name))
    {
      if (*i + 1 >= argc)
        return FALSE;
      g_free (*out_value);
      *out_value = g_strdup (argv[++(*i)]);
      return TRUE;
    }
  if (strncmp (argv[*i], name, name_len) == 0 && argv[*i][name_len] == '=')
    {
      g_free (*out_value);
      *out_value = g_strdup (argv[*i] + name_len + 1);
      return TRUE;
    }
  return FALSE;
}

/**
 * kv_ctl_main:
 *
 * The whole of kinvisitctl; main() only calls this.
 *
 * Returns: the exit status
 */
int
kv_ctl_main (int    argc,
             char **argv)
{
  KvCtl ctl = { 0 };
  g_autofree char *server = NULL;
  g_autofree char *token_file = NULL;
  g_autofree char *ca_file = NULL;
  g_autoptr(SoupSession) session = NULL;
  int i;

  setlocale (LC_ALL, "");

  for (i = 1; i < argc && argv[i][0] == '-'; i++)
    {
      if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        {
          fputs (usage_text, stdout);
          return KV_CTL_EXIT_OK;
        }
      else if (g_str_equal (argv[i], "--json"))
        ctl.json = TRUE;
      else if (take_value (argc, argv, &i, "--server", &server) ||
               take_value (argc, argv, &i, "--token-file", &token_file) ||
               take_value (argc, argv, &i, "--ca-file", &ca_file))
        continue;
      else
        return kv_ctl_usage_error ("unknown or incomplete option %s", argv[i]);
    }
  if (i >= argc)
    {
      fputs (usage_text, stderr);
      return KV_CTL_EXIT_USAGE;
    }

  if (server == NULL)
    server = g_strdup (g_getenv ("KINVISIT_SERVER"));
  if (server == NULL)
    server = g_strdup (DEFAULT_SERVER);
  while (g_str_has_suffix (server, "/"))
    server[strlen (server) - 1] = '\0';
  if (token_file == NULL)
    token_file = g_strdup (g_getenv ("KINVISIT_ADMIN_TOKEN_FILE"));

  session = soup_session_new_with_options ("user-agent", "kinvisitctl/" PACKAGE_VERSION,
                                           "timeout", 30,
                                           NULL);
  if (ca_file != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca_file, &error);

      if (database == NULL)
        return kv_ctl_fail ("cannot use the CA file %s: %s", ca_file, error->message);
      soup_session_set_tls_database (session, database);
    }

  ctl.server = server;
  ctl.token_file = token_file;
  ctl.ca_file = ca_file;
  ctl.session = session;
  return run_command (&ctl, argc - i, argv + i);
}
