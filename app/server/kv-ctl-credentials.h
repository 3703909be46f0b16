/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * KvCtlCredentials:
 * @server: the server URL the session is for
 * @account: the staff account signed in
 * @cookie: the session cookie's value
 * @csrf_token: the session's CSRF token
 *
 * A staff console session kinvisitctl keeps between commands, in a file
 * of its own (mode 0600) per server under $XDG_CONFIG_HOME/kinvisitctl/.
 */
typedef struct
{
  char *server;
  char *account;
  char *cookie;
  char *csrf_token;
} KvCtlCredentials;

void              kv_ctl_credentials_free   (KvCtlCredentials  *credentials);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvCtlCredentials, kv_ctl_credentials_free)

char             *kv_ctl_credentials_path   (const char        *server);
KvCtlCredentials *kv_ctl_credentials_load   (const char        *server,
                                             GError           **error);
gboolean          kv_ctl_credentials_save   (const KvCtlCredentials *credentials,
                                             GError           **error);
gboolean          kv_ctl_credentials_remove (const char        *server,
                                             GError           **error);

G_END_DECLS
