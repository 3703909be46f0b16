/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kinvisit-kiosk"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "kv-application.h"
#include "kv-ui.h"

/* main() stays thin: everything the kiosk does lives in KvApplication (the
 * composition root) and the libraries it wires together, so tests can build
 * the same objects without a process. */
int
main (int   argc,
      char *argv[])
{
  g_autoptr (KvApplication) app = NULL;

  const char *localedir = g_getenv ("KV_LOCALEDIR");

  /* Before anything initialises GDK. */
  kv_ui_choose_renderer ();
  setlocale (LC_ALL, "");
  /* KV_LOCALEDIR: run from a build tree (demo, tests) with its catalogues. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = kv_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
