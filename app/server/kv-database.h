/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the files of the store only (kv-store.c and the table modules it
 * calls): nothing outside the store sees SQLite. */

#include <glib-object.h>
#include <sqlite3.h>

#include "kv-store.h"

G_BEGIN_DECLS

#define KV_TYPE_DATABASE (kv_database_get_type ())
G_DECLARE_FINAL_TYPE (KvDatabase, kv_database, KV, DATABASE, GObject)

KvDatabase   *kv_database_open           (const char    *path,
                                          GError       **error);
const char   *kv_database_get_path       (KvDatabase    *self);

gboolean      kv_database_error          (KvDatabase    *self,
                                          GError       **error,
                                          const char    *what);
gboolean      kv_database_exec           (KvDatabase    *self,
                                          const char    *sql,
                                          GError       **error);
sqlite3_stmt *kv_database_prepare        (KvDatabase    *self,
                                          const char    *sql,
                                          GError       **error);
gboolean      kv_database_step_done      (KvDatabase    *self,
                                          sqlite3_stmt  *stmt,
                                          GError       **error);
gboolean      kv_database_step_insert    (KvDatabase    *self,
                                          sqlite3_stmt  *stmt,
                                          const char    *what,
                                          GError       **error,
                                          KvStoreError   constraint_code,
                                          const char    *constraint_format,
                                          ...) G_GNUC_PRINTF (6, 7);
gint64        kv_database_changes        (KvDatabase    *self);
void          kv_database_bind_text      (sqlite3_stmt  *stmt,
                                          int            index,
                                          const char    *text);
char         *kv_database_column_text    (sqlite3_stmt  *stmt,
                                          int            index);

gboolean      kv_database_begin          (KvDatabase    *self,
                                          GError       **error);
gboolean      kv_database_commit         (KvDatabase    *self,
                                          GError       **error);
void          kv_database_rollback       (KvDatabase    *self);
gboolean      kv_database_in_transaction (KvDatabase    *self);

gboolean      kv_database_backup         (KvDatabase    *self,
                                          const char    *destination,
                                          GError       **error);
gboolean      kv_database_backup_file    (const char    *path,
                                          const char    *destination,
                                          GError       **error);

G_END_DECLS
