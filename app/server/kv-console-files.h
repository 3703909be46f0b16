/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The path the staff console is served under. */
#define KV_CONSOLE_PATH "/console"

#define KV_TYPE_CONSOLE_FILES (kv_console_files_get_type ())
G_DECLARE_FINAL_TYPE (KvConsoleFiles, kv_console_files, KV, CONSOLE_FILES, GObject)

KvConsoleFiles *kv_console_files_new    (void);
void            kv_console_files_handle (KvConsoleFiles    *self,
                                         SoupServerMessage *message,
                                         const char        *path);
void            kv_console_files_add_security_headers (SoupServerMessage *message);

G_END_DECLS
