/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by the files of KvStore only (kv-store.c, kv-store-backup.c,
 * kv-store-bookings.c, kv-store-kiosks.c):
 * nothing outside the store sees SQLite. */

#include <sqlite3.h>

#include "kv-store.h"

G_BEGIN_DECLS

struct _KvStore
{
  GObject  parent_instance;

  char    *path;
  sqlite3 *db;
  int      lock_fd;     /* flock()ed <path>.lock, -1 if none */
};

gboolean      kv_store_sql_error     (KvStore      *self,
                                      GError      **error,
                                      const char   *what);
gboolean      kv_store_sql_exec      (KvStore      *self,
                                      const char   *sql,
                                      GError      **error);
sqlite3_stmt *kv_store_sql_prepare   (KvStore      *self,
                                      const char   *sql,
                                      GError      **error);
gboolean      kv_store_sql_step_done (KvStore      *self,
                                      sqlite3_stmt *stmt,
                                      GError      **error);
void          kv_store_sql_bind_text (sqlite3_stmt *stmt,
                                      int           index,
                                      const char   *text);
char         *kv_store_sql_column_text (sqlite3_stmt *stmt,
                                        int           index);
gboolean      kv_store_sql_begin     (KvStore      *self,
                                      GError      **error);
gboolean      kv_store_sql_commit    (KvStore      *self,
                                      GError      **error);
void          kv_store_sql_rollback  (KvStore      *self);
gboolean      kv_store_insert_audit  (KvStore      *self,
                                      gint64        time_us,
                                      const char   *actor,
                                      const char   *action,
                                      const char   *booking_id,
                                      const char   *details,
                                      GError      **error);

G_END_DECLS
