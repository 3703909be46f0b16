/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-hostile-test.h"

#include "kv-raw-socket.h"

static GLogFunc test_log_handler;

/* GTest's log handler shows every debug message in its TAP output:
 * libsoup's, one per frame, would bury the figures. Warnings and worse
 * still go to it (and G_DEBUG=fatal-warnings still applies to them). */
static void
log_without_debug (const char     *log_domain,
                   GLogLevelFlags  log_level,
                   const char     *message,
                   gpointer        user_data)
{
  if (log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return;
  test_log_handler (log_domain, log_level, message, user_data);
}

void
kv_hostile_test_init (int    *argc,
                      char ***argv)
{
  g_test_init (argc, argv, NULL);
  test_log_handler = g_log_set_default_handler (log_without_debug, NULL);
  /* A failed bound must not skip the teardown that kills the server. */
  g_test_set_nonfatal_assertions ();
  kv_raw_raise_fd_limit ();
}
