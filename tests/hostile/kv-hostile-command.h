/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Runs a short-lived command (kinvisitctl, gnutls-cli, a second server,
 * kinvisit-server --backup) with a time limit, waiting on the main context
 * so the wait is bounded; a command still running at the limit is killed. */

typedef struct
{
  gboolean    finished;     /* FALSE: killed at the time limit */
  int         exit_status;  /* -1 if it did not exit normally */
  char       *output;       /* stdout and stderr, merged */
} KvCommandResult;

void kv_command_result_clear (KvCommandResult *result);

void kv_hostile_run (const char * const *argv,
                     const char         *stdin_text,
                     gboolean            umask_022,
                     guint               timeout_ms,
                     KvCommandResult    *out_result);

/* Iterates the thread-default main context (with a 10 ms tick, so @done is
 * polled) until @done returns TRUE or @timeout_ms pass. */
gboolean kv_hostile_wait_until (gboolean  (*done) (gpointer data),
                                gpointer    data,
                                guint       timeout_ms);

G_END_DECLS
